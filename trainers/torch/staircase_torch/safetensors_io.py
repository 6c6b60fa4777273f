"""Write (and read, for tests) float32 safetensors: safetensors.torch when importable, else this
writer of the format (8-byte little-endian header length, JSON header padded to 8 bytes with
{name: {dtype, shape, data_offsets}}, then the tensors' little-endian bytes packed without gaps)."""
import json
import struct
import sys

import torch


def _le_bytes(t):
    t = t.detach().to("cpu", torch.float32).contiguous()
    try:
        data = t.numpy().tobytes()
    except Exception:  # torch without numpy
        data = struct.pack(f"<{t.numel()}f", *t.flatten().tolist())
    if sys.byteorder != "little":
        data = struct.pack(f"<{t.numel()}f", *struct.unpack(f"={t.numel()}f", data))
    return data


def save(tensors, path):
    """tensors: {name: tensor}, written in this order as F32."""
    tensors = {n: t.detach().to("cpu", torch.float32).contiguous() for n, t in tensors.items()}
    try:
        from safetensors.torch import save_file
    except ImportError:
        save_file = None
    if save_file is not None:
        save_file(tensors, path)
        return
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        b = _le_bytes(t)
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    head = json.dumps(header, separators=(",", ":")).encode("utf8")
    head += b" " * ((8 - (8 + len(head)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)


def load(path):
    """{name: float32 tensor} of a safetensors file of F32 tensors."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        if e["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} is {e['dtype']}, not F32")
        b, end = e["data_offsets"]
        vals = struct.unpack(f"<{(end - b) // 4}f", data[b:end])
        out[name] = torch.tensor(vals, dtype=torch.float32).reshape(e["shape"])
    return out
