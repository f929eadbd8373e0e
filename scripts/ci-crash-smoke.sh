#!/usr/bin/env bash
# CI: a small crash-safety run (scripts/crash-test.sh): 600 files, 5 SIGKILLs at random moments
# of an in-place run and 3 of a revert, each followed by the checks and a rerun. The full run (3,000 files,
# 20 kills) is in docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash scripts/crash-test.sh --files 600 --kills 5 --revert-kills 3 --seed "${MAILTLS_CRASH_SEED:-5}"
