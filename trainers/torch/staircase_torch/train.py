"""One seed trained as staircase's own trainer trains it (harness/train/loop.ts, seed-run.ts,
trainer.ts, loss.ts): the same initial weights, batches and evaluation problems (staircase's streams,
prng.py), the same loss, AdamW, schedule, evaluations, stop rule and outcome."""
import json
import math
import os
import time
from datetime import datetime, timezone

import torch
import torch.nn.functional as F

from . import PROTOCOL
from .evaluate import evaluate
from .model import build, initial_values, load_staircase, model_shape, param_specs, staircase_tensors
from .optimizer import AdamW
from .prng import Rng
from .record import build_record, write_record
from .safetensors_io import save
from .schedule import after_evaluation, evaluation_due, final_outcome, is_diverged, learning_rate, start_schedule
from .task import Batch, GROUPS, Vocab, key_of, seed_data

ARM_KEYS = {
    "name", "description", "task", "K", "model", "layers", "dModel", "heads", "mlpRatio", "loss", "weighting", "switchAccuracy",
    "fullSteps", "batchSize", "lr", "warmupSteps", "schedule", "annealSteps", "weightDecay", "beta1", "beta2", "adamEps", "gradClip",
    "initStd", "maxSteps", "targetAccuracy", "targetPatience", "evalEvery", "evalPerK", "heldOutFraction",
}
ENUMS = {"task": ("d3", "binary"), "model": ("standard", "universal"), "loss": ("answer-only", "full-sequence", "curriculum"),
         "weighting": ("uniform", "quadratic"), "schedule": ("constant", "cosine", "anneal")}
SWITCH_WEIGHTS = "weights-at-switch.safetensors"


class Refusal(Exception):
    """A request this trainer cannot train faithfully (one line, exit 2)."""


def check_request(request):
    if request.get("protocol") != PROTOCOL:
        raise Refusal(f"staircase-torch speaks trainer protocol {PROTOCOL}, the request says {request.get('protocol')!r}")
    if request.get("kind") != "staircase.trainer-request":
        raise Refusal(f"not a trainer request (kind {request.get('kind')!r})")
    arm = request["arm"]
    unknown = sorted(set(arm) - ARM_KEYS)
    missing = sorted(ARM_KEYS - set(arm))
    if unknown:
        raise Refusal(f"arm field(s) {', '.join(unknown)} unknown to staircase-torch {PROTOCOL}: cannot train this arm faithfully")
    if missing:
        raise Refusal(f"arm field(s) {', '.join(missing)} missing: the request's arm must be resolved")
    for key, allowed in ENUMS.items():
        if arm[key] not in allowed:
            raise Refusal(f"arm {key} {arm[key]!r} is not one of {', '.join(allowed)}: cannot train it faithfully")
    if arm["dModel"] % arm["heads"]:
        raise Refusal(f"dModel {arm['dModel']} is not divisible by heads {arm['heads']}")
    if not (0 < arm["heldOutFraction"] <= 0.5):
        raise Refusal(f"heldOutFraction {arm['heldOutFraction']} is outside (0, 0.5]")
    for key in ("K", "layers", "evalEvery", "batchSize", "evalPerK"):
        if not (isinstance(arm[key], int) and arm[key] >= 1):
            raise Refusal(f"arm {key} must be an integer >= 1, got {arm[key]!r}")
    shape = model_shape(arm, Vocab(GROUPS[arm["task"]]).size)
    want = [(n, list(s)) for n, s, _ in param_specs(shape)]
    got = [(t["name"], list(t["shape"])) for t in request["weights"]["tensors"]]
    if want != got:
        raise Refusal("the request's weights.tensors are not staircase's parameters for this arm as staircase-torch knows them")
    if request["weights"].get("dtype", "F32") != "F32":
        raise Refusal(f"weights dtype {request['weights']['dtype']} is not F32")
    return shape


def batch_loss(model, batch, phase, device):
    """loss.ts's batchLoss: answer-only = mean CE at <predict> (forward_at); full = CE of every real
    next token (input positions 0..2k+2), averaged over all of them in the batch (pads never count)."""
    inputs, ks = batch.inputs.to(device), batch.ks.to(device)
    last = 2 * ks + 2
    if phase == "answer":
        return F.cross_entropy(model.forward_at(inputs, last), batch.answers.to(device))
    logits = model(inputs)  # [B, T, V]
    B, T, V = logits.shape
    ce = F.cross_entropy(logits.reshape(B * T, V), batch.targets.to(device).reshape(B * T), reduction="none").view(B, T)
    mask = (torch.arange(T, device=device)[None, :] <= last[:, None]).to(ce.dtype)
    return (ce * mask).sum() / mask.sum()


def resolve_device(requested):
    if requested == "cuda" and not torch.cuda.is_available():
        raise Refusal("--device cuda: torch sees no CUDA device")
    use_cuda = requested == "cuda" or (requested == "auto" and torch.cuda.is_available())
    return torch.device("cuda" if use_cuda else "cpu")


def backend_info(requested, device, threads):
    cuda = torch.cuda.get_device_name(device) if device.type == "cuda" else False
    return {"name": "torch", "requested": requested, "device": "gpu" if device.type == "cuda" else "cpu", "package": "torch",
            "packageVersion": torch.__version__, "details": {"threads": threads, "cuda": cuda}, "notes": []}


def held_out_report(request, path):
    """--held-out-report: the seed's held-out set and evaluation problems (for comparing with staircase's)."""
    group, held, evals, _ = seed_data(request["arm"], request["streams"])
    keys = {str(k): [key_of(e0, gs) for e0, gs in held.enumerate_side(k, "held-out")] for k in range(2, held.K + 1) if held.space_by_k[k - 1] <= 100_000}
    report = {"countByK": held.count_by_k, "adjusted": held.adjusted, "heldOutKeys": keys,
              "evalKeys": [[key_of(e0, gs) for e0, gs in p] for p in evals.problems_by_k], "trainKeys": [key_of(e0, gs) for e0, gs in evals.train_problems],
              "summary": evals.summary()}
    with open(path, "w") as f:
        json.dump(report, f)


def dump_logits(model, group, K, evals, device, path, n=64):
    """--dump-logits: logits [n, T, V] of the final model on the first n held-out length-K evaluation problems."""
    b = Batch(group, K, evals.problems_by_k[K - 1][:n])
    with torch.no_grad():
        logits = model(b.inputs.to(device)).float().cpu()
    with open(path, "w") as f:
        json.dump({"inputs": b.inputs.flatten().tolist(), "batch": b.size, "T": b.T, "logits": logits.flatten().tolist()}, f)


def log(msg):
    print(msg, flush=True)


def train(request, requested_device="auto", threads=1, dump=None):
    shape = check_request(request)
    arm, streams = request["arm"], request["streams"]
    device = resolve_device(requested_device)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False  # float32 products, as staircase's
        torch.backends.cudnn.allow_tf32 = False
    started_at = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    t0 = time.perf_counter()
    torch.manual_seed(streams["init"])
    group, _held, evals, sampler = seed_data(arm, streams)
    model = build(shape)
    load_staircase(model, initial_values(shape, Rng(streams["init"])))
    model.to(device)
    params = list(model.parameters())
    opt = AdamW(params, arm)
    K = arm["K"]
    log(f"staircase-torch: {arm['name']} seed {request['seed']} on {device} ({threads} thread(s)), {sum(p.numel() for p in params)} parameters")

    state = start_schedule(arm)
    curve, last_eval, diverged_at = [], None, None
    loss_sum, loss_count, steps = 0.0, 0, 0
    apart_s = 0.0  # writing weights-at-switch: left out of the training time, as staircase leaves out its probe there
    mark = (0, time.perf_counter(), 0.0)  # (step, time, apart_s) of the last progress line
    while steps < state["stopAt"]:
        steps += 1
        batch = sampler.batch(arm["batchSize"])
        lr = learning_rate(arm, steps, state["annealFrom"])
        loss = batch_loss(model, batch, state["phase"], device)
        for p in params:
            p.grad = None
        loss.backward()
        norm = opt.step(lr)
        loss_nats, grad_norm = (float(x) for x in torch.stack([loss.detach().float(), norm.float()]).cpu())
        if is_diverged(loss_nats, grad_norm):
            diverged_at = steps
            log(f"step {steps}: diverged (loss {loss_nats}, gradient norm {grad_norm})")
            break
        loss_sum += loss_nats
        loss_count += 1
        if not evaluation_due(arm, state, steps):
            continue
        last_eval = evaluate(model, group, K, evals, device)
        curve.append({"step": steps, "phase": state["phase"], "trainLossNats": loss_sum / loss_count if loss_count else None,
                      "answerAccuracy": last_eval["answerAccuracy"], "answerLossNats": last_eval["answerLossNats"],
                      "trainAccuracy": last_eval["trainAccuracy"], "perKAccuracy": [p["accuracy"] for p in last_eval["perK"]]})
        now = time.perf_counter()
        rate = (steps - mark[0]) / max(1e-9, now - mark[1] - (apart_s - mark[2]))
        mark = (steps, now, apart_s)
        log(f"step {steps}/{state['stopAt']} {state['phase']}: loss {curve[-1]['trainLossNats']:.4f}, held-out accuracy {last_eval['answerAccuracy']:.3f}, "
            f"train {last_eval['trainAccuracy']:.3f}, lr {lr:.2e}, {rate:.1f} steps/s")
        loss_sum, loss_count = 0.0, 0
        state, switched, stop = after_evaluation(arm, state, steps, last_eval["answerAccuracy"])
        if switched:
            # The model as the answer-only phase left it, for staircase to probe.
            t_apart = time.perf_counter()
            save(staircase_tensors(model, shape), os.path.join(request["outDir"], SWITCH_WEIGHTS))
            apart_s += time.perf_counter() - t_apart
            log(f"step {steps}: switched to full-sequence loss for {arm['fullSteps']} steps; wrote {SWITCH_WEIGHTS}")
        if stop:
            break

    diverged = diverged_at is not None
    final = last_eval if (not diverged and last_eval is not None and curve and curve[-1]["step"] == steps) else evaluate(model, group, K, evals, device)
    wall_ms = ((time.perf_counter() - t0) - apart_s) * 1000
    result = {
        "steps": steps, "wallMs": wall_ms, "curve": curve, "final": final, "outcome": final_outcome(arm, diverged, final["answerAccuracy"]),
        "stepsToTarget": state["stepsToTarget"], "switchedAtStep": state["switchedAtStep"], "divergedAtStep": diverged_at,
        "heldOutLengths": list(evals.held_out_lengths), "heldOut": evals.summary(), "parameters": sum(p.numel() for p in params),
    }
    record = build_record(request, result, backend_info(requested_device, device, threads), started_at)
    write_record(request["record"], record)
    save(staircase_tensors(model, shape), request["weights"]["file"])
    if dump:
        dump_logits(model, group, K, evals, device, dump)
    log(f"staircase-torch: {record['outcome']} after {steps} steps in {wall_ms / 1000:.1f} s; held-out accuracy {final['answerAccuracy']:.3f}; "
        f"wrote {request['record']} and {request['weights']['file']}")
    return record
