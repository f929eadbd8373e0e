#!/usr/bin/env bash
# CI: a short fuzz run of every registered adapter (20,000 executions each; the local campaign
# in docs/reliability.md runs 1,000,000+). Fails on any crash or broken invariant; the input is
# then under fuzz-out/<adapter>/ and belongs in Tests/Fixtures/fuzz-regressions/ once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
# A fixed seed keeps CI repeatable: a finding reproduces locally with the same command.
export MAILTLS_FUZZ_SEED="${MAILTLS_FUZZ_SEED:-1}"
exec bash scripts/fuzz.sh "${MAILTLS_FUZZ_SMOKE_RUNS:-20000}"
