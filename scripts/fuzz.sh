#!/usr/bin/env bash
# Fuzzes every registered adapter's parser with libFuzzer (issue 9; see docs/reliability.md).
#
# Usage: scripts/fuzz.sh [RUNS] [ADAPTER...]
#   RUNS     executions per adapter (default 1000000)
#   ADAPTER  only these adapters (default: every adapter the registry lists). ADAPTER+strip-signature
#            runs the adapter as --strip-signature does, seeded only with its fixtures that are
#            DER envelopes (first byte 0x30): the campaign for the signed-profile envelope parser.
#   MAILTLS_FUZZ_SEED=N in the environment makes the runs repeatable (libFuzzer -seed=N)
#
# Builds the harness package Fuzz/ in release mode with -sanitize=fuzzer, then runs the same
# binary once per adapter (MAILTLS_FUZZ_ADAPTER=<name>), one after another, seeded with a
# temporary copy of Tests/Fixtures/<adapter>/, Tests/Fixtures/malformed/ and the saved
# regressions Tests/Fixtures/fuzz-regressions/bad-<adapter>__*. libFuzzer stops an adapter's run
# at its first crash, timeout or out-of-memory and writes the input under fuzz-out/<adapter>/.
# Prints a table adapter / execs / crashes; exits 1 when any run found something.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-1000000}"
shift || true
out="fuzz-out"

# lld, not the system's gold: gold fails linking the package's plugin tool (an executable with
# its own main) once the fuzzer runtime is on the link line.
build=(swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer -Xswiftc -use-ld=lld)
mkdir -p "$out"
echo "fuzz: building the harness (release, -sanitize=fuzzer; log $out/build.log)"
if ! "${build[@]}" >"$out/build.log" 2>&1; then
    grep -E "error" "$out/build.log" | head -20 >&2
    echo "fuzz: harness build failed" >&2
    exit 1
fi
harness="$("${build[@]}" --show-bin-path)/mailtls-fuzz"

if [ $# -gt 0 ]; then
    adapters=("$@")
else
    mapfile -t adapters < <("$harness" --list-adapters)
fi
[ ${#adapters[@]} -gt 0 ] || { echo "fuzz: no adapters registered" >&2; exit 1; }

# The Swift runtime's own crash reporter would race libFuzzer's handler for the signal.
export SWIFT_BACKTRACE=enable=no
table=()
found=0
for target in "${adapters[@]}"; do
    adapter="${target%+strip-signature}"
    strip=""
    corpus="$(mktemp -d "${TMPDIR:-/tmp}/mailtls-fuzz-corpus.XXXXXX")"
    if [ "$adapter" != "$target" ]; then
        strip=1
        for seed in "Tests/Fixtures/$adapter"/*; do
            if [ "$(head -c 1 "$seed" | od -An -tx1 | tr -d ' ')" = 30 ]; then cp "$seed" "$corpus/"; fi
        done
    else
        for seeds in "Tests/Fixtures/$adapter" Tests/Fixtures/malformed; do
            [ -d "$seeds" ] && find "$seeds" -maxdepth 1 -type f ! -name '*.md' -exec cp {} "$corpus/" \;
        done
    fi
    find Tests/Fixtures/fuzz-regressions -maxdepth 1 -type f -name "bad-${adapter}__*" -exec cp {} "$corpus/" \; 2>/dev/null || true
    artifacts="$out/$target"
    rm -rf "$artifacts"
    mkdir -p "$artifacts"
    log="$out/$target.log"
    echo "fuzz: $target: $runs runs, $(ls "$corpus" | wc -l) seeds, log $log"
    status=0
    MAILTLS_FUZZ_ADAPTER="$adapter" MAILTLS_FUZZ_STRIP_SIGNATURE="$strip" "$harness" "$corpus" -runs="$runs" -max_len=65536 -rss_limit_mb=2048 \
        -timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts/" ${MAILTLS_FUZZ_SEED:+-seed="$MAILTLS_FUZZ_SEED"} \
        >"$log" 2>&1 || status=$?
    rm -rf "$corpus"
    execs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -1)"
    crashes="$(find "$artifacts" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)"
    if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes="1 (exit $status, see log)"; fi
    if [ "$crashes" != 0 ]; then
        found=1
        grep -E "FINDING|Fatal error|ERROR: libFuzzer|SUMMARY" "$log" | head -5 | sed 's/^/    /'
        find "$artifacts" -maxdepth 1 -type f | sed 's/^/    artifact: /'
    fi
    table+=("$(printf '%-30s %12s  %s' "$target" "${execs:-?}" "$crashes")")
done

printf '\n%-30s %12s  %s\n' adapter execs crashes
printf '%s\n' "${table[@]}"
exit "$found"
