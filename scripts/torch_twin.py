"""PyTorch twin of staircase's training step, for side-by-side throughput (npm run bench).

Same model (pre-LayerNorm causal decoder, learned positions, tanh-GELU, MLP 4x, untied
unembedding), same D3 batch layout (right padding, answer-only loss at <predict>),
AdamW(0.9, 0.98, wd 0.1) with gradient clipping 1.0. Single thread.
Usage: python3 scripts/torch_twin.py '{"K":2,"layers":3,"dModel":64,"heads":4,"batchSize":128,"model":"standard","minMs":5000}'
Prints one JSON line: {"stepsPerSecond": ..., "steps": ..., "wallMs": ..., "torch": version}.
With "serve": true it warms up, prints {"ready": true, "torch": ..., "threads": ...}, then times one
window per line read from stdin ({"minMs": N}), printing {"stepsPerSecond", "steps", "wallMs"} for
each, until stdin closes: `staircase bench` alternates these windows with its own.
"""
import json
import math
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)
cfg = json.loads(sys.argv[1])
K, L, D, H, B = cfg["K"], cfg["layers"], cfg["dModel"], cfg["heads"], cfg["batchSize"]
UNIVERSAL = cfg.get("model", "standard") == "universal"
T = 2 * K + 3
V = 10  # six elements + <start> <op> <predict> <pad>
TABLE = [[(((x % 3) + (-(y % 3) if x >= 3 else (y % 3))) % 3) + 3 * ((x >= 3) ^ (y >= 3)) for y in range(6)] for x in range(6)]


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.qkv, self.o = nn.Linear(D, 3 * D), nn.Linear(D, D)
        self.fc, self.proj = nn.Linear(D, 4 * D), nn.Linear(4 * D, D)
        self.register_buffer("mask", torch.triu(torch.full((T, T), float("-inf")), 1))

    def forward(self, x):  # [B, T, D]
        q, k, v = self.qkv(self.ln1(x)).split(D, dim=2)
        q, k, v = (t.view(B, T, H, D // H).transpose(1, 2) for t in (q, k, v))  # [B, H, T, dh]
        att = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(D // H) + self.mask, dim=-1)
        x = x + self.o((att @ v).transpose(1, 2).reshape(B, T, D))
        return x + self.proj(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb, self.pos = nn.Embedding(V, D), nn.Parameter(torch.randn(T, D) * 0.02)
        self.blocks = nn.ModuleList([Block() for _ in range(1 if UNIVERSAL else L)])
        self.lnf, self.unembed = nn.LayerNorm(D), nn.Linear(D, V, bias=False)

    def forward(self, ids):
        x = self.emb(ids) + self.pos
        for l in range(L):
            x = self.blocks[0 if UNIVERSAL else l](x)
        return self.unembed(self.lnf(x))

    def forward_at(self, ids, pos):  # logits [B, V] at <predict> only, as Transformer.forwardAt
        x = self.emb(ids) + self.pos
        for l in range(L - 1):
            x = self.blocks[0 if UNIVERSAL else l](x)
        blk, rows, dh = self.blocks[0 if UNIVERSAL else L - 1], torch.arange(B), D // H
        q, k, v = blk.qkv(blk.ln1(x)).split(D, dim=2)
        q = q[rows, pos].view(B, H, 1, dh)
        k, v = (t.view(B, T, H, dh).transpose(1, 2) for t in (k, v))  # [B, H, T, dh]
        mask = torch.where(torch.arange(T)[None, :] > pos[:, None], float("-inf"), 0.0).view(B, 1, 1, T)
        att = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(dh) + mask, dim=-1)  # [B, H, 1, T]
        x = x[rows, pos] + blk.o((att @ v).reshape(B, D))
        x = x + blk.proj(F.gelu(blk.fc(blk.ln2(x)), approximate="tanh"))
        return self.unembed(self.lnf(x))


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


model = Model()
opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.98), weight_decay=0.1)
gen = torch.Generator().manual_seed(1)


def step():
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
    return {"stepsPerSecond": steps * 1000 / ms, "steps": steps, "wallMs": ms}


# Same protocol as harness/bench/measure.ts: warm up (>= 2 steps and 5 s), then timed windows of at
# least minMs each (3, or one per request in serve mode); report the median window.
warm = time.perf_counter()
n = 0
while n < cfg.get("warmup", 2) or time.perf_counter() - warm < cfg.get("warmupMs", 5000) / 1000:
    step()
    n += 1
about = {"torch": torch.__version__, "threads": torch.get_num_threads()}
if cfg.get("serve"):
    print(json.dumps({"ready": True, **about}), flush=True)
    for line in sys.stdin:
        print(json.dumps(window(json.loads(line)["minMs"])), flush=True)
    sys.exit(0)
results = [window(cfg.get("minMs", 5000)) for _ in range(cfg.get("windows", 3))]
windows = [r["stepsPerSecond"] for r in results]
median = sorted(windows)[len(windows) // 2]
print(json.dumps({"stepsPerSecond": median, "windows": windows, "steps": sum(r["steps"] for r in results), "wallMs": sum(r["wallMs"] for r in results), **about}))
