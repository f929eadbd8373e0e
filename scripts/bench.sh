#!/usr/bin/env bash
# Builds mailtls in release mode and runs the bulk benchmark (see scripts/bench.py --help).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product mailtls
exec python3 scripts/bench.py --binary .build/release/mailtls "$@"
