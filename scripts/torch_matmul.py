"""Time matrix products at a training step's shapes in PyTorch, one thread (harness/bench/matmul-floor.ts).

Input: one JSON argument {"shapes": [{"batch", "m", "k", "n"}...], "minMs"}. Output: one JSON line,
a list of {"msPerCall"} in the same order, the same operands every call.
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)
cfg = json.loads(sys.argv[1])
out = []
for s in cfg["shapes"]:
    if s["batch"] == 1:
        a, b = torch.randn(s["m"], s["k"]), torch.randn(s["k"], s["n"])
        f = lambda: a @ b
    else:
        a, b = torch.randn(s["batch"], s["m"], s["k"]), torch.randn(s["batch"], s["k"], s["n"])
        f = lambda: torch.bmm(a, b)
    for _ in range(5):
        f()
    n, start = 0, time.perf_counter()
    while n < 10 or (time.perf_counter() - start) * 1000 < cfg.get("minMs", 2000):
        f()
        n += 1
    out.append({"msPerCall": (time.perf_counter() - start) / n * 1000})
print(json.dumps(out))
