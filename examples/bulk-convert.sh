#!/usr/bin/env bash
# Convert every settings file under SOURCE into DEST (mirroring the tree), keep a JSON Lines
# report, and print a summary. Originals are never modified; run it again at any time: a file
# whose output in DEST already holds the result counts as unchanged, everything else is picked
# up (a DEST file with other content is refused, exit 74, unless you pass --force).
#
#   examples/bulk-convert.sh SOURCE DEST [extra mailtls options, e.g. --server '*.example.com']
#
# Uses `mailtls` from PATH, or the binary named in $MAILTLS.
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 SOURCE DEST [mailtls options...]" >&2
    exit 64
fi
source_dir=$1
dest_dir=$2
shift 2
mailtls=${MAILTLS:-mailtls}
mkdir -p "$dest_dir"
dest_dir=$(cd "$dest_dir" && pwd)
report="$dest_dir/mailtls-report.jsonl"

# Paths relative to SOURCE, so DEST mirrors SOURCE's tree; NUL-separated names survive spaces
# and newlines in file names.
status=0
(cd "$source_dir" && find . -type f -print0) \
    | (cd "$source_dir" && "$mailtls" convert --files-from - -0 --json -q --output-dir "$dest_dir" "$@") > "$report" \
    || status=$?

count() { grep -c "\"status\":\"$1\"" "$report" || true; }
echo "converted: $(count converted)  unchanged: $(count unchanged)  skipped: $(count skipped)  errors: $(count error)"
echo "report: $report"
# 0 = all good, 65 = some inputs malformed, 74 = I/O problems (see the report's error entries)
exit "$status"
