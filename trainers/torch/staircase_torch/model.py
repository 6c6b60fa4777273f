"""staircase's transformer (harness/model/transformer.ts, params.ts) as torch modules: a pre-LayerNorm
causal decoder with learned positions, tanh-GELU MLP of mlp_ratio * d_model, untied unembedding
without bias, LayerNorm eps 1e-5 (biased variance), attention scores times 1/sqrt(d_head); standard
(`layers` blocks) or universal (one block applied `layers` times). scripts/torch_twin.py (the bench's
throughput twin) uses these classes too.

Parameter names map to staircase's (param_specs): a Linear's weight is stored there as [in, out]
(x @ W), here as nn.Linear's [out, in]; pos_embed.W_pos is [1, T * d] there, [T, d] here."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d_model, heads, mlp_ratio, seq_len):
        super().__init__()
        if d_model % heads:
            raise ValueError(f"dModel {d_model} is not divisible by heads {heads}")
        D = d_model
        self.heads = heads
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.qkv, self.o = nn.Linear(D, 3 * D), nn.Linear(D, D)
        self.fc, self.proj = nn.Linear(D, mlp_ratio * D), nn.Linear(mlp_ratio * D, D)
        # Additive causal mask (row p: 0 up to p, -inf after); forward_at reads one row per sequence.
        self.register_buffer("mask", torch.triu(torch.full((seq_len, seq_len), float("-inf")), 1))

    def mlp(self, x):
        return self.proj(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))

    def forward(self, x):  # [B, T, D]
        B, T, D = x.shape
        H = self.heads
        q, k, v = self.qkv(self.ln1(x)).split(D, dim=2)
        q, k, v = (t.view(B, T, H, D // H).transpose(1, 2) for t in (q, k, v))  # [B, H, T, dh]
        att = torch.softmax(q @ k.transpose(-2, -1) * (1 / math.sqrt(D // H)) + self.mask, dim=-1)
        x = x + self.o((att @ v).transpose(1, 2).reshape(B, T, D))
        return x + self.mlp(x)


class Model(nn.Module):
    def __init__(self, vocab, seq_len, d_model, heads, layers, mlp_ratio=4, universal=False):
        super().__init__()
        D = d_model
        self.layers, self.universal, self.d_model, self.heads = layers, universal, d_model, heads
        self.emb, self.pos = nn.Embedding(vocab, D), nn.Parameter(torch.randn(seq_len, D) * 0.02)
        self.blocks = nn.ModuleList([Block(D, heads, mlp_ratio, seq_len) for _ in range(1 if universal else layers)])
        self.lnf, self.unembed = nn.LayerNorm(D), nn.Linear(D, vocab, bias=False)

    def block(self, l):
        return self.blocks[0 if self.universal else l]

    def forward(self, ids):  # ids [B, T] -> logits [B, T, V]
        x = self.emb(ids) + self.pos
        for l in range(self.layers):
            x = self.block(l)(x)
        return self.unembed(self.lnf(x))

    def forward_at(self, ids, pos):
        """Logits [B, V] at one position per sequence (pos [B]), as Transformer.forwardAt: the last
        block runs its query, attention output and MLP at that position only."""
        B, T = ids.shape
        D, H = self.d_model, self.heads
        dh = D // H
        x = self.emb(ids) + self.pos
        for l in range(self.layers - 1):
            x = self.block(l)(x)
        blk, rows = self.block(self.layers - 1), torch.arange(B, device=ids.device)
        q, k, v = blk.qkv(blk.ln1(x)).split(D, dim=2)
        q = q[rows, pos].view(B, H, 1, dh)
        k, v = (t.view(B, T, H, dh).transpose(1, 2) for t in (k, v))  # [B, H, T, dh]
        att = torch.softmax(q @ k.transpose(-2, -1) * (1 / math.sqrt(dh)) + blk.mask[pos].view(B, 1, 1, T), dim=-1)  # [B, H, 1, T]
        x = x[rows, pos] + blk.o((att @ v).reshape(B, D))
        x = x + blk.mlp(x)
        return self.unembed(self.lnf(x))


def model_shape(arm, vocab_size):
    """modelShapeFor(arm)."""
    return {
        "model": arm["model"], "layers": arm["layers"], "dModel": arm["dModel"], "heads": arm["heads"], "mlpRatio": arm["mlpRatio"],
        "vocabSize": vocab_size, "seqLen": 2 * arm["K"] + 3, "initStd": arm["initStd"],
    }


def build(shape):
    return Model(shape["vocabSize"], shape["seqLen"], shape["dModel"], shape["heads"], shape["layers"], shape["mlpRatio"], shape["model"] == "universal")


def param_specs(shape):
    """params.ts's paramSpecs: (name, shape, init) in the checkpoint and init order."""
    d, h, V, T = shape["dModel"], shape["mlpRatio"] * shape["dModel"], shape["vocabSize"], shape["seqLen"]
    specs = [("embed.W_E", [V, d], "normal"), ("pos_embed.W_pos", [1, T * d], "normal")]
    for l in range(1 if shape["model"] == "universal" else shape["layers"]):
        p = "blocks.shared" if shape["model"] == "universal" else f"blocks.{l}"
        specs += [
            (f"{p}.ln1.w", [d], "ones"), (f"{p}.ln1.b", [d], "zeros"),
            (f"{p}.attn.W_QKV", [d, 3 * d], "normal"), (f"{p}.attn.b_QKV", [3 * d], "zeros"),
            (f"{p}.attn.W_O", [d, d], "residual"), (f"{p}.attn.b_O", [d], "zeros"),
            (f"{p}.ln2.w", [d], "ones"), (f"{p}.ln2.b", [d], "zeros"),
            (f"{p}.mlp.W_in", [d, h], "normal"), (f"{p}.mlp.b_in", [h], "zeros"),
            (f"{p}.mlp.W_out", [h, d], "residual"), (f"{p}.mlp.b_out", [d], "zeros"),
        ]
    specs += [("ln_final.w", [d], "ones"), ("ln_final.b", [d], "zeros"), ("unembed.W_U", [d, V], "normal")]
    return specs


def _slots(model):
    """staircase name -> (torch parameter, transposed?)."""
    out = {"embed.W_E": (model.emb.weight, False), "pos_embed.W_pos": (model.pos, False)}
    for l, blk in enumerate(model.blocks):
        p = "blocks.shared" if model.universal else f"blocks.{l}"
        out.update({
            f"{p}.ln1.w": (blk.ln1.weight, False), f"{p}.ln1.b": (blk.ln1.bias, False),
            f"{p}.attn.W_QKV": (blk.qkv.weight, True), f"{p}.attn.b_QKV": (blk.qkv.bias, False),
            f"{p}.attn.W_O": (blk.o.weight, True), f"{p}.attn.b_O": (blk.o.bias, False),
            f"{p}.ln2.w": (blk.ln2.weight, False), f"{p}.ln2.b": (blk.ln2.bias, False),
            f"{p}.mlp.W_in": (blk.fc.weight, True), f"{p}.mlp.b_in": (blk.fc.bias, False),
            f"{p}.mlp.W_out": (blk.proj.weight, True), f"{p}.mlp.b_out": (blk.proj.bias, False),
        })
    out.update({"ln_final.w": (model.lnf.weight, False), "ln_final.b": (model.lnf.bias, False), "unembed.W_U": (model.unembed.weight, True)})
    return out


def staircase_tensors(model, shape):
    """{name: float32 CPU tensor in staircase's layout}, in param_specs order."""
    slots = _slots(model)
    out = {}
    for name, dims, _ in param_specs(shape):
        p, transposed = slots[name]
        t = p.detach().to("cpu", torch.float32)
        out[name] = (t.t() if transposed else t).reshape(dims).contiguous()
    return out


@torch.no_grad()
def load_staircase(model, values):
    """Copy {name: tensor or flat list in staircase's layout} into the model."""
    for name, (p, transposed) in _slots(model).items():
        v = torch.as_tensor(values[name], dtype=torch.float32)
        if transposed:
            v = v.reshape(p.shape[1], p.shape[0]).t()
        p.copy_(v.reshape(p.shape))


def initial_values(shape, rng):
    """params.ts's initialValues from the `init` stream: normal(initStd) for matrices, initStd /
    sqrt(2 layers) for the residual outputs (W_O, W_out), ones for LayerNorm gains, zeros for biases."""
    residual = shape["initStd"] / math.sqrt(2 * shape["layers"])
    out = {}
    for name, dims, init in param_specs(shape):
        size = math.prod(dims)
        if init == "ones":
            vals = [1.0] * size
        elif init == "zeros":
            vals = [0.0] * size
        else:
            std = shape["initStd"] if init == "normal" else residual
            vals = [rng.normal() * std for _ in range(size)]
        out[name] = torch.tensor(vals, dtype=torch.float64).to(torch.float32).reshape(dims)
    return out
