"""record.json as staircase writes it (harness/train/record.ts, schemas/record.schema.json) plus
`trainer` (schemas/trainer-record.schema.json)."""
import json
import math
import os
import platform

import torch

from . import PROTOCOL, VERSION

_ARCH = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64", "i686": "ia32", "armv7l": "arm"}


def host_info():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.lower().startswith(("model name", "hardware")):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        model = platform.processor() or "unknown"
    machine = platform.machine().lower()
    # `node` is required by the schema; this trainer runs no Node.js.
    return {"platform": {"darwin": "darwin", "windows": "win32"}.get(platform.system().lower(), platform.system().lower()),
            "arch": _ARCH.get(machine, machine), "cpus": os.cpu_count() or 1, "cpuModel": model, "node": "none"}


def finite_or_none(x):
    """JSON.stringify writes NaN and Infinity as null; so does this record."""
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: finite_or_none(v) for k, v in x.items()}
    if isinstance(x, list):
        return [finite_or_none(v) for v in x]
    return x


def build_record(request, result, backend, started_at):
    steps, wall_ms = result["steps"], result["wallMs"]
    record = {
        "kind": "staircase.run",
        "version": 1,
        "arm": request["arm"],
        "seed": request["seed"],
        "streams": request["streams"],
        "backend": backend,
        "versions": {"staircase-torch": VERSION, "torch": torch.__version__, "python": platform.python_version()},
        "git": None,
        "host": host_info(),
        "startedAt": started_at,
        "wallMs": round(wall_ms),
        "stepsPerSecond": steps * 1000 / wall_ms if wall_ms > 0 else 0,
        "steps": steps,
        "parameters": result["parameters"],
        "heldOutLengths": result["heldOutLengths"],
        "heldOut": result["heldOut"],
        "curriculum": {"switchedAtStep": result["switchedAtStep"], "atSwitch": None},
        "stepsToTarget": result["stepsToTarget"],
        "divergedAtStep": result["divergedAtStep"],
        "curve": result["curve"],
        "final": result["final"],
        "outcome": result["outcome"],
        "trainer": {"name": "staircase-torch", "version": VERSION, "protocol": PROTOCOL,
                    "details": {"torch": torch.__version__, "device": "cuda" if backend["device"] == "gpu" else "cpu"}},
    }
    return finite_or_none(record)


def write_record(path, record):
    tmp = f"{path}.tmp"
    with open(tmp, "w") as f:
        json.dump(record, f, indent=2, allow_nan=False)
        f.write("\n")
    os.replace(tmp, path)
