#!/usr/bin/env bash
# Runs a GitHub Actions workflow's jobs on this machine, without GitHub (harness/ci/run-local.ts):
# the same run: steps, local stand-ins for the actions, artifacts as folders under out/ci-local/artifacts/.
#   scripts/ci-local.sh                                   # ci.yml: typecheck, lint, unit tests, smoke claims
#   scripts/ci-local.sh --job smoke-claims --skip '^Install$'
#   scripts/ci-local.sh --workflow .github/workflows/claims-gpu.yml   # needs a GPU and the plan/sweep/merge commands
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --import tsx harness/ci/local-cli.ts "$@"
