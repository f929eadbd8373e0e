#!/usr/bin/env bash
# Builds mailtls in release mode and runs the bulk benchmark (see scripts/bench.py --help).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product mailtls
# A stale incremental release build can crash at once (see README, Layout); do not time that.
status=0
.build/release/mailtls convert -q --dry-run examples/ >/dev/null 2>&1 || status=$?
if [ "$status" -ge 128 ]; then
    echo "bench: the release binary crashed on examples/ (signal $((status - 128))); try rm -rf .build/*/release" >&2
    exit 1
fi
exec python3 scripts/bench.py --binary .build/release/mailtls "$@"
