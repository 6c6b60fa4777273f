"""harness/train/optimizer.ts's AdamW, not torch.optim.AdamW: staircase adds eps to sqrt(v) before
the bias correction (update = m * lr sqrt(1 - b2^t) / (1 - b1^t) / (sqrt(v) + eps)), decays
p * (1 - lr wd) only tensors of rank >= 2 (weight matrices, the token and position embeddings),
and scales every gradient by gradClip / max(norm, gradClip), norm the global L2 norm (no 1e-6)."""
import math

import torch


class AdamW:
    def __init__(self, params, arm):
        self.params = list(params)
        self.arm = arm
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]
        self.decays = [p.dim() >= 2 for p in self.params]
        self.t = 0

    @torch.no_grad()
    def step(self, lr):
        """One update from the parameters' .grad; returns the global gradient norm before clipping (a tensor)."""
        self.t += 1
        a = self.arm
        b1, b2, eps, wd, clip = a["beta1"], a["beta2"], a["adamEps"], a["weightDecay"], a["gradClip"]
        grads = [p.grad for p in self.params]
        norm = torch.sqrt(sum(torch.sum(g * g) for g in grads))
        scale = clip / torch.clamp(norm, min=clip) if clip > 0 else None
        step_size = lr * math.sqrt(1 - b2**self.t) / (1 - b1**self.t)
        for p, g, m, v, decay in zip(self.params, grads, self.m, self.v, self.decays):
            if scale is not None:
                g = g * scale
            m.mul_(b1).add_(g * (1 - b1))
            v.mul_(b2).add_(g * g * (1 - b2))
            update = m * step_size / (torch.sqrt(v) + eps)
            if decay and wd > 0:
                p.mul_(1 - lr * wd)
            p.sub_(update)
        return norm
