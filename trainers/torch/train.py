#!/usr/bin/env python3
"""staircase-torch: train one seed of a staircase arm in PyTorch (trainer protocol 1, docs/trainers.md).

  python3 trainers/torch/train.py [--device cpu|cuda|auto] [--threads N] [--dump-logits FILE]
                                  [--held-out-report FILE] REQUEST.json

Writes the request's record.json and weights.safetensors (and weights-at-switch.safetensors when a
curriculum switches). A request it cannot train faithfully is refused: exit 2 and one line on stderr.
"""
import argparse
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the checkout


def parse(argv):
    p = argparse.ArgumentParser(prog="train.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--device", choices=("cpu", "cuda", "auto"), default="auto", help="where to train (auto: cuda if torch sees one)")
    p.add_argument("--threads", type=int, default=1, help="CPU threads for torch (default 1)")
    p.add_argument("--dump-logits", metavar="FILE", help="debug: write the final model's logits on held-out length-K problems")
    p.add_argument("--held-out-report", metavar="FILE", help="debug: write the seed's held-out set and evaluation problems, and train nothing")
    p.add_argument("request", help="the request file (staircase appends its path as the last argument)")
    return p.parse_args(argv)


def main(argv):
    args = parse(argv)
    if args.threads < 1:
        sys.exit("train.py: --threads must be >= 1")
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import torch

    torch.set_num_threads(args.threads)
    from staircase_torch.train import Refusal, held_out_report, train

    with open(args.request) as f:
        request = json.load(f)
    try:
        if args.held_out_report:
            held_out_report(request, args.held_out_report)
            return 0
        train(request, args.device, args.threads, args.dump_logits)
    except Refusal as refusal:
        print(f"staircase-torch refuses: {refusal}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
