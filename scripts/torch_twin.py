"""PyTorch twin of staircase's training step, for side-by-side throughput (npm run bench).

Same model (pre-LayerNorm causal decoder, learned positions, tanh-GELU, MLP 4x, untied
unembedding: the Model of trainers/torch/staircase_torch/model.py, the model staircase-torch
trains), same D3 batch layout (right padding, answer-only loss at <predict>),
AdamW(0.9, 0.98, wd 0.1) with gradient clipping 1.0. Single thread.
Usage: python3 scripts/torch_twin.py '{"K":2,"layers":3,"dModel":64,"heads":4,"batchSize":128,"model":"standard","minMs":5000}'
Prints one JSON line: {"stepsPerSecond": ..., "steps": ..., "wallMs": ..., "torch": version}.
With "serve": true it warms up, prints {"ready": true, "torch": ..., "threads": ...}, then times one
window per line read from stdin ({"minMs": N}), printing {"stepsPerSecond", "steps", "wallMs"} for
each, until stdin closes: `staircase bench` alternates these windows with its own.

Population ("population": P, default 1): P independent models (separate inits; seed s draws its
batches from its own generator, seeded 1 + s, so seed 0 sees the data of the single model) trained
as one batched computation, as staircase's population training does. Every line then carries
"population": P and "seedStepsPerSecond" = P x "stepsPerSecond" (a step trains all P seeds once).
P = 1 is the single-model step above, untouched.
Batching: vmap of the model's forward over P stacked copies of its parameters (torch.func's
stack_module_state + functional_call where torch has it, else functorch's combine_state_for_ensemble,
as in Debian's torch 1.13), not a hand-batched model: the forward stays the one model's code, so the
population computes the same function by construction, and vmap turns each Linear into one batched
matmul over the seeds. Backward is ordinary autograd of the sum of the P seeds' mean losses (seeds
share no parameter, so each seed's gradient is its own loss's), not vmap(grad(...)): one graph, no
per-seed autograd. AdamW on the stacked tensors is per seed already (every operation is elementwise,
and all seeds step together); gradient clipping takes each seed's own global norm (max 1.0, the
coefficient of torch.nn.utils.clip_grad_norm_). "selfCheck": true trains P separate models and the
population from the same inits and data for a few steps and prints the largest parameter difference.
"""
import copy
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "trainers", "torch"))
from staircase_torch.model import Model  # noqa: E402

torch.set_num_threads(1)
cfg = json.loads(sys.argv[1])
K, L, D, H, B = cfg["K"], cfg["layers"], cfg["dModel"], cfg["heads"], cfg["batchSize"]
UNIVERSAL = cfg.get("model", "standard") == "universal"
P = cfg.get("population", 1)
if not isinstance(P, int) or isinstance(P, bool) or P < 1:
    sys.exit(f"torch_twin.py: population must be an integer >= 1, got {P!r}")
T = 2 * K + 3
V = 10  # six elements + <start> <op> <predict> <pad>
TABLE = [[(((x % 3) + (-(y % 3) if x >= 3 else (y % 3))) % 3) + 3 * ((x >= 3) ^ (y >= 3)) for y in range(6)] for x in range(6)]


def make_model():
    """staircase's model (trainers/torch/staircase_torch/model.py, shared with the PyTorch trainer) at the twin's shape."""
    return Model(V, T, D, H, L, 4, UNIVERSAL)


def batch(gen):
    ks = torch.randint(1, K + 1, (B,), generator=gen)
    elems = torch.randint(0, 6, (B, K + 1), generator=gen)
    ids = torch.full((B, T + 1), 9, dtype=torch.long)
    pred_pos = torch.zeros(B, dtype=torch.long)
    answers = torch.zeros(B, dtype=torch.long)
    for b in range(B):
        k = int(ks[b]); t = int(elems[b, 0]); seq = [6, t]
        for i in range(1, k + 1):
            g = int(elems[b, i]); t = TABLE[t][g]; seq += [7, g]
        seq += [8, t]
        ids[b, : len(seq)] = torch.tensor(seq)
        pred_pos[b] = 2 * k + 2
        answers[b] = t
    return ids[:, :T], pred_pos, answers


TABLE_T = torch.tensor(TABLE)


def population_batch(gens):
    """batch(gen) of every seed's generator at once, vectorised: ids [P, B, T], pos [P, B], answers [P, B]."""
    draws = [(torch.randint(1, K + 1, (B,), generator=g), torch.randint(0, 6, (B, K + 1), generator=g)) for g in gens]
    ks = torch.cat([d[0] for d in draws])  # [P*B], the same draws in the same order as batch()
    elems = torch.cat([d[1] for d in draws])  # [P*B, K+1]
    n = ks.shape[0]
    rows = torch.arange(n)
    ids = torch.full((n, T + 1), 9, dtype=torch.long)
    ids[:, 0], ids[:, 1] = 6, elems[:, 0]
    t = elems[:, 0]
    for i in range(1, K + 1):
        live = ks >= i
        t = torch.where(live, TABLE_T[t, elems[:, i]], t)
        ids[live, 2 * i] = 7
        ids[live, 2 * i + 1] = elems[live, i]
    pos = 2 * ks + 2
    ids[rows, pos] = 8
    ids[rows, pos + 1] = t
    return ids[:, :T].view(len(gens), B, T), pos.view(len(gens), B), t.view(len(gens), B)


class AtPredict(nn.Module):
    """One seed's logits at <predict> [B, V], the function the population maps over its seeds."""

    def __init__(self):
        super().__init__()
        self.m = make_model()

    def forward(self, ids, pos):
        return self.m(ids)[torch.arange(B), pos] if cfg.get("everyRow") else self.m.forward_at(ids, pos)


def stack_models(models):
    """(f, params, buffers): f(params, buffers, ids, pos) is one model's forward, params and buffers
    lists of leaf tensors with a leading seed axis [P, ...]."""
    try:
        from torch.func import functional_call, stack_module_state  # torch >= 2.0
    except ImportError:
        from functorch import combine_state_for_ensemble  # torch 1.13

        fmodel, params, buffers = combine_state_for_ensemble(models)
        return (lambda p, b, ids, pos: fmodel(tuple(p), tuple(b), ids, pos)), [t.detach().requires_grad_() for t in params], list(buffers)
    params, buffers = stack_module_state(models)
    pnames, bnames = list(params), list(buffers)
    base = copy.deepcopy(models[0]).to("meta")

    def f(p, b, ids, pos):
        return functional_call(base, {**dict(zip(pnames, p)), **dict(zip(bnames, b))}, (ids, pos))

    return f, [params[k].detach().requires_grad_() for k in pnames], [buffers[k] for k in bnames]


def vmap_fn():
    try:
        from torch.func import vmap
    except ImportError:
        from functorch import vmap
    return vmap


class Population:
    """P seeds as one model: parameters [P, ...], one forward (vmap), one backward, one AdamW."""

    def __init__(self, models, gens):
        self.f, self.params, self.buffers = stack_models(models)
        self.forward = vmap_fn()(self.f)  # (params, buffers, ids [P,B,T], pos [P,B]) -> [P, B, V]
        self.opt = torch.optim.AdamW(self.params, lr=1e-3, betas=(0.9, 0.98), weight_decay=0.1)
        self.gens = gens

    def step(self, data=None):
        ids, pos, ans = data if data is not None else population_batch(self.gens)
        logits = self.forward(self.params, self.buffers, ids, pos)  # [P, B, V]
        # The sum over seeds of each seed's mean loss: seed s's gradient is its own loss's.
        loss = F.cross_entropy(logits.reshape(-1, V), ans.reshape(-1), reduction="sum") / B
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        grads = [p.grad for p in self.params]
        norms = torch.stack([g.reshape(P, -1).pow(2).sum(1) for g in grads]).sum(0).sqrt()  # [P], each seed's global norm
        coef = (1.0 / (norms + 1e-6)).clamp(max=1.0)  # clip_grad_norm_'s max_norm / (norm + 1e-6), max_norm 1.0
        for g in grads:
            g.mul_(coef.view(P, *([1] * (g.dim() - 1))))
        self.opt.step()


def self_check(steps=3):
    """Largest |difference| of parameters between P separately trained models and the population,
    in float64 (in float32, Adam's division by sqrt(v) magnifies rounding in near-zero gradients)."""
    torch.set_default_dtype(torch.float64)
    singles = [AtPredict() for _ in range(P)]
    pop = Population([copy.deepcopy(m) for m in singles], [torch.Generator().manual_seed(1 + s) for s in range(P)])
    opts = [torch.optim.AdamW(m.parameters(), lr=1e-3, betas=(0.9, 0.98), weight_decay=0.1) for m in singles]
    gens = [torch.Generator().manual_seed(1 + s) for s in range(P)]
    same_data = True
    for _ in range(steps):
        data = population_batch(pop.gens)
        for s, (m, o) in enumerate(zip(singles, opts)):
            ids, pos, ans = batch(gens[s])
            same_data &= bool(torch.equal(ids, data[0][s]) and torch.equal(pos, data[1][s]) and torch.equal(ans, data[2][s]))
            loss = F.cross_entropy(m(ids, pos), ans)
            o.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
            o.step()
        pop.step(data)
    with torch.no_grad():
        diff = max(float((p[s] - q).abs().max()) for s, m in enumerate(singles) for p, q in zip(pop.params, m.parameters()))
    return {"population": P, "steps": steps, "sameData": same_data, "maxParamDiff": diff}


if cfg.get("selfCheck"):
    print(json.dumps(self_check()), flush=True)
    sys.exit(0)

if P == 1:
    model = make_model()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.98), weight_decay=0.1)
    gen = torch.Generator().manual_seed(1)
else:
    population = Population([AtPredict() for _ in range(P)], [torch.Generator().manual_seed(1 + s) for s in range(P)])


def step():
    if P > 1:
        population.step()
        return
    ids, pos, ans = batch(gen)
    # The last block at <predict> only, as staircase's answer-only loss does ("everyRow": false);
    # "everyRow": true runs it at every position and picks <predict>'s logits afterwards.
    logits = model(ids)[torch.arange(B), pos] if cfg.get("everyRow") else model.forward_at(ids, pos)  # [B, V]
    loss = F.cross_entropy(logits, ans)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()


def window(min_ms):
    start = time.perf_counter()
    steps = 0
    while steps < cfg.get("minSteps", 3) or (time.perf_counter() - start) * 1000 < min_ms:
        step()
        steps += 1
    ms = (time.perf_counter() - start) * 1000
    return {"stepsPerSecond": steps * 1000 / ms, "steps": steps, "wallMs": ms, "population": P, "seedStepsPerSecond": P * steps * 1000 / ms}


# Same protocol as harness/bench/measure.ts: warm up (>= 2 steps and 5 s), then timed windows of at
# least minMs each (3, or one per request in serve mode); report the median window.
warm = time.perf_counter()
n = 0
while n < cfg.get("warmup", 2) or time.perf_counter() - warm < cfg.get("warmupMs", 5000) / 1000:
    step()
    n += 1
about = {"torch": torch.__version__, "threads": torch.get_num_threads(), "population": P}
if cfg.get("serve"):
    print(json.dumps({"ready": True, **about}), flush=True)
    for line in sys.stdin:
        print(json.dumps(window(json.loads(line)["minMs"])), flush=True)
    sys.exit(0)
results = [window(cfg.get("minMs", 5000)) for _ in range(cfg.get("windows", 3))]
windows = [r["stepsPerSecond"] for r in results]
median = sorted(windows)[len(windows) // 2]
print(json.dumps({"stepsPerSecond": median, "seedStepsPerSecond": P * median, "windows": windows, "steps": sum(r["steps"] for r in results), "wallMs": sum(r["wallMs"] for r in results), **about}))
