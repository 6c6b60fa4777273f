"""A user's own trainer, for staircase's trainer protocol 1 (docs/trainers.md): an MLP that learns
sparse parity (the label is the XOR of K secret bits of N = 12 random bits; Barak et al., 2022).

staircase runs `python3 train_parity.py REQUEST.json` once per seed. The request carries the
resolved arm (this task reads K, layers, dModel, batchSize, lr, weightDecay, beta1, beta2, maxSteps,
targetAccuracy, targetPatience, evalEvery and heldOutFraction), the seed and its stream seeds. The
script trains, then writes the run record staircase judges claims on: the curve, the final held-out
accuracy and the outcome (`converged` once held-out accuracy stays at the target for targetPatience
evaluations, `budget` otherwise). The arm's task is `external`, so staircase asks for no weights and
judges outcomes and metrics only.
"""
import json
import platform
import sys
import time

import torch

N = 12  # input bits

request = json.load(open(sys.argv[-1]))
if request["protocol"] != 1:
    sys.exit(f"train_parity.py speaks trainer protocol 1, not {request['protocol']}")
arm, seed, streams = request["arm"], request["seed"], request["streams"]
if arm["task"] != "external":
    sys.exit(f"train_parity.py trains its own task (arm task `external`), not `{arm['task']}`")
started, t0 = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), time.perf_counter()
torch.set_num_threads(1)

# The task: every input of N bits, the secret bits drawn from the `data` stream, a held-out split
# from the `eval` stream that training never sees.
inputs = ((torch.arange(2**N)[:, None] >> torch.arange(N)) & 1).float()
secret = torch.randperm(N, generator=torch.Generator().manual_seed(streams["data"]))[: arm["K"]]
labels = inputs[:, secret].sum(1).long() % 2
held_out = torch.rand(2**N, generator=torch.Generator().manual_seed(streams["eval"])) < arm["heldOutFraction"]
train_x, train_y, test_x, test_y = inputs[~held_out], labels[~held_out], inputs[held_out], labels[held_out]

torch.manual_seed(streams["init"])
layers, width = [], N
for _ in range(arm["layers"]):
    layers += [torch.nn.Linear(width, arm["dModel"]), torch.nn.ReLU()]
    width = arm["dModel"]
model = torch.nn.Sequential(*layers, torch.nn.Linear(width, 2))
opt = torch.optim.AdamW(model.parameters(), lr=arm["lr"], betas=(arm["beta1"], arm["beta2"]), weight_decay=arm["weightDecay"])
batches = torch.Generator().manual_seed(streams["data"] + 1)


def evaluate(x, y):
    with torch.no_grad():
        logits = model(x)
        return float((logits.argmax(1) == y).float().mean()), float(torch.nn.functional.cross_entropy(logits, y))


curve, losses, step, streak, steps_to_target = [], [], 0, 0, None
while step < arm["maxSteps"]:
    idx = torch.randint(len(train_x), (arm["batchSize"],), generator=batches)
    loss = torch.nn.functional.cross_entropy(model(train_x[idx]), train_y[idx])
    opt.zero_grad()
    loss.backward()
    opt.step()
    step += 1
    losses.append(float(loss))
    if step % arm["evalEvery"] == 0 or step == arm["maxSteps"]:
        acc, test_loss = evaluate(test_x, test_y)
        train_acc, _ = evaluate(train_x, train_y)
        curve.append({"step": step, "phase": "answer", "trainLossNats": sum(losses) / len(losses), "answerAccuracy": acc, "answerLossNats": test_loss, "trainAccuracy": train_acc, "perKAccuracy": [acc]})
        losses = []
        print(f"step {step}: held-out accuracy {acc:.3f}, loss {test_loss:.3f}", flush=True)
        streak = streak + 1 if acc >= arm["targetAccuracy"] else 0
        if acc >= arm["targetAccuracy"] and steps_to_target is None:
            steps_to_target = step
        if streak >= arm["targetPatience"]:
            break

acc, test_loss = curve[-1]["answerAccuracy"], curve[-1]["answerLossNats"]
wall = time.perf_counter() - t0
record = {
    "kind": "staircase.run", "version": 1, "arm": arm, "seed": seed, "streams": streams,
    "backend": {"name": "torch", "requested": "cpu", "device": "cpu", "package": "torch", "packageVersion": torch.__version__, "details": {"threads": 1}, "notes": []},
    "versions": {"torch": torch.__version__, "python": platform.python_version()},
    "git": None,
    "host": {"platform": sys.platform, "arch": platform.machine(), "cpus": torch.get_num_threads(), "cpuModel": platform.processor() or "unknown", "node": "none"},
    "startedAt": started, "wallMs": round(wall * 1000), "stepsPerSecond": step / wall, "steps": step,
    "parameters": sum(p.numel() for p in model.parameters()),
    # This task's held-out split is its own (rule `trainer`): a fraction of all 2^N inputs.
    "heldOutLengths": [],
    "heldOut": {"fraction": arm["heldOutFraction"], "rule": "trainer", "streamSeed": streams["eval"], "countByK": [int(held_out.sum())], "evalCountByK": [len(test_x)], "trainEvalCount": len(train_x), "adjusted": []},
    "curriculum": {"switchedAtStep": None, "atSwitch": None},
    "stepsToTarget": steps_to_target, "divergedAtStep": None, "curve": curve,
    "final": {"answerAccuracy": acc, "answerLossNats": test_loss, "trainAccuracy": curve[-1]["trainAccuracy"], "perK": [{"k": 1, "accuracy": acc, "n": len(test_x), "heldOut": True}]},
    "outcome": "converged" if streak >= arm["targetPatience"] else "budget",
    "trainer": {"name": "train_parity.py", "version": "1", "protocol": 1, "details": {"torch": torch.__version__, "task": f"sparse parity, {arm['K']} of {N} bits"}},
}
json.dump(record, open(request["record"], "w"), indent=1)
print(f"seed {seed}: {record['outcome']} after {step} steps, held-out accuracy {acc:.3f}, {wall:.1f} s")
