"""staircase-torch: staircase's trainer (harness/train) in PyTorch, speaking trainer protocol 1 (docs/trainers.md)."""

VERSION = "0.1.0"
PROTOCOL = 1
