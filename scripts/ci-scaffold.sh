#!/usr/bin/env bash
# Checks that "add a client" works end to end. First unit-checks the new-adapter plugin's
# logic (scripts/scaffold/ScaffoldLogicChecks.swift); then copies the package to a temporary folder, runs
# the new-adapter command there, builds, and checks that `mailtls adapters` lists the new
# adapter and that its scaffolded test target passes (its golden test skipped by design).
#
# The whole test suite is not run on the copy: ConformanceTests fails for a scaffolded adapter
# until it ships fixtures, which is the point of that suite (docs/adding-a-client.md).
#
# Usage: scripts/ci-scaffold.sh        (run by .ci/run after `swift test`; about 2-4 minutes)
# Set KEEP_SCAFFOLD_COPY=1 to keep the temporary copy for inspection.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/mailtls-scaffold.XXXXXX")"
copy="$work/package"
log="$work/log"
started=$SECONDS
step="setup"

finish() {
    local status=$?
    if [ "$status" -ne 0 ]; then
        echo "ci-scaffold: --- last lines of the log ($step) ---" >&2
        tail -n 40 "$log" >&2 2>/dev/null || true
        echo "ci-scaffold: FAILED at step '$step' after $((SECONDS - started))s" >&2
    fi
    if [ "${KEEP_SCAFFOLD_COPY:-0}" = 1 ]; then
        echo "ci-scaffold: copy kept in $copy" >&2
    else
        rm -rf "$work"
    fi
    exit "$status"
}
trap finish EXIT
: > "$log"

# 0. The plugin's pure logic (names, list edit, templates), compiled directly: a few seconds.
step="scaffold logic checks"
plugin="$root/Plugins/NewAdapterCommand"
swiftc -parse-as-library -o "$work/scaffold-logic-checks" "$root/scripts/scaffold/ScaffoldLogicChecks.swift" \
    "$plugin/ScaffoldRequest.swift" "$plugin/AdapterListEditor.swift" "$plugin/ScaffoldTemplates.swift" >> "$log" 2>&1
"$work/scaffold-logic-checks" >> "$log" 2>&1

# 1. Copy the package: the files git knows (tracked, or new and not ignored), never .build.
step="copy"
mkdir -p "$copy"
( cd "$root" && git ls-files -z --cached --others --exclude-standard ) \
    | ( cd "$root" && while IFS= read -r -d '' file; do [ -f "$file" ] && printf '%s\0' "$file"; done ) \
    | ( cd "$root" && xargs -0 cp --parents -t "$copy" )
# Pin the dependency versions this checkout already resolved, if it has.
[ -f "$root/Package.resolved" ] && cp "$root/Package.resolved" "$copy/"
[ -f "$copy/Package.swift" ] || { echo "no Package.swift copied" >> "$log"; false; }

cd "$copy"
scratch="$copy/.build"

# 2. Scaffold.
step="new-adapter"
swift package --scratch-path "$scratch" --allow-writing-to-package-directory \
    new-adapter --name Becky --extension ini >> "$log" 2>&1
for file in Sources/Adapters/Becky/BeckyModule.swift Sources/Adapters/Becky/BeckyAdapter.swift \
    Tests/Adapters/BeckyTests/BeckyGoldenTests.swift Tests/Fixtures/becky/README.md examples/becky/README.md; do
    [ -f "$file" ] || { echo "missing $file" >> "$log"; false; }
done
# Package.swift gains exactly one line, the adapter's entry.
added="$(diff "$root/Package.swift" Package.swift | grep '^>' || true)"
removed="$(diff "$root/Package.swift" Package.swift | grep '^<' || true)"
if [ "$added" != '>     ("Becky", []),' ] || [ -n "$removed" ]; then
    { echo "unexpected Package.swift change:"; diff "$root/Package.swift" Package.swift; } >> "$log"
    false
fi
# A second run must refuse and change nothing.
step="new-adapter (second run refuses)"
if swift package --scratch-path "$scratch" --allow-writing-to-package-directory \
    new-adapter --name Becky --extension ini >> "$log" 2>&1; then
    echo "a second new-adapter --name Becky succeeded" >> "$log"
    false
fi

# 3. Build the tool and the tests.
step="swift build"
swift build --scratch-path "$scratch" --build-tests >> "$log" 2>&1

# 4. The registry lists the new adapter.
step="mailtls adapters"
"$scratch/debug/mailtls" adapters > "$work/adapters.txt" 2>> "$log"
cat "$work/adapters.txt" >> "$log"
grep -Eq '^becky[[:space:]]' "$work/adapters.txt" || { echo "becky not listed by mailtls adapters" >> "$log"; false; }

# 5. The scaffolded test target passes, with its golden placeholder skipped.
step="swift test --filter BeckyTests"
swift test --scratch-path "$scratch" --skip-build --filter BeckyTests > "$work/test.txt" 2>&1 || { cat "$work/test.txt" >> "$log"; false; }
cat "$work/test.txt" >> "$log"
grep -q 'skipped' "$work/test.txt" || { echo "the golden placeholder was not reported as skipped" >> "$log"; false; }
grep -Eq 'passed|Executed [1-9]' "$work/test.txt" || { echo "no passing test reported" >> "$log"; false; }

echo "ci-scaffold: OK: new-adapter Becky scaffolded, built, listed by 'mailtls adapters', BeckyTests passed ($((SECONDS - started))s)"
