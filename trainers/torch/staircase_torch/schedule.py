"""harness/train/schedule.ts: the learning rate, the curriculum's switch, the stop rule and the outcome."""
import math


def start_schedule(arm):
    return {"phase": "full" if arm["loss"] == "full-sequence" else "answer", "stopAt": arm["maxSteps"], "annealFrom": None,
            "stepsToTarget": None, "switchedAtStep": None, "atTarget": 0}


def _cosine_factor(progress):
    p = min(1, max(0, progress))
    return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * p))


def learning_rate(arm, step, anneal_from=None):
    """Linear warmup, then constant, cosine to 10% at maxSteps, or anneal (constant until annealFrom,
    then cosine to 10% over annealSteps)."""
    if arm["warmupSteps"] > 0 and step <= arm["warmupSteps"]:
        return arm["lr"] * step / arm["warmupSteps"]
    if arm["schedule"] == "constant":
        return arm["lr"]
    if arm["schedule"] == "anneal":
        if anneal_from is None or step <= anneal_from:
            return arm["lr"]
        return arm["lr"] * _cosine_factor((step - anneal_from) / max(1, arm["annealSteps"]))
    span = max(1, arm["maxSteps"] - arm["warmupSteps"])
    return arm["lr"] * _cosine_factor((step - arm["warmupSteps"]) / span)


def is_diverged(loss, grad_norm):
    return not (math.isfinite(loss) and math.isfinite(grad_norm))


def evaluation_due(arm, state, step):
    return step % arm["evalEvery"] == 0 or step == state["stopAt"]


def after_evaluation(arm, state, step, accuracy):
    """(state, switched, stop) after the evaluation at `step` (schedule.ts's afterEvaluation)."""
    nxt = dict(state)
    if nxt["stepsToTarget"] is None and accuracy >= arm["targetAccuracy"]:
        nxt["stepsToTarget"] = step
        if arm["loss"] != "curriculum":
            nxt["annealFrom"] = step
    nxt["atTarget"] = nxt["atTarget"] + 1 if accuracy >= arm["targetAccuracy"] else 0
    if arm["loss"] == "curriculum" and nxt["phase"] == "answer" and accuracy >= arm["switchAccuracy"]:
        nxt["phase"] = "full"
        nxt["switchedAtStep"] = step
        nxt["stopAt"] = step + arm["fullSteps"]
        nxt["annealFrom"] = max(step, nxt["stopAt"] - arm["annealSteps"])
        return nxt, True, False
    return nxt, False, arm["loss"] != "curriculum" and nxt["atTarget"] >= arm["targetPatience"]


def final_outcome(arm, diverged, final_accuracy):
    return "diverged" if diverged else "converged" if final_accuracy >= arm["targetAccuracy"] else "budget"
