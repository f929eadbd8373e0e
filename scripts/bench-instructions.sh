#!/usr/bin/env bash
# Instruction counts (callgrind) per input byte, per adapter and on a mixed corpus, plus the
# static release binary's size and `mailtls adapters` start-up (see scripts/bench_instructions.py).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "bench-instructions: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
swift build -c release --product mailtls
# The static build goes to its own scratch folder so it does not invalidate the dynamic one.
swift build -c release --product mailtls --static-swift-stdlib --scratch-path .build/static
exec python3 scripts/bench_instructions.py --binary .build/release/mailtls \
    --static .build/static/release/mailtls "$@"
