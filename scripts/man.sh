#!/usr/bin/env bash
# Writes the man page to OUTDIR/mailtls.1 (default: docs/man), reproducibly: the page comes
# from swift-argument-parser's generate-manual plugin (every subcommand and option as the
# binary declares them), dated with the release date in Sources/mailtls/Version.swift.
#
# The root command's discussion carries the sections a man page needs (EXAMPLES, EXIT STATUS,
# FILES, ENVIRONMENT, SEE ALSO) as capitalised headings; the plugin prints them as plain text
# inside DESCRIPTION, so the awk step below moves each to a section of its own, where mdoc
# puts it, in place of the plugin's generic EXIT STATUS line, and turns blank lines into
# paragraph breaks and indented lines into literal displays.
#
# The page is committed as docs/man/mailtls.1 (so installing needs no plugin run), and CI
# checks that it is current: after changing a command, option or help text, run this script.
#
# Usage: scripts/man.sh [OUTDIR] [debug|release]   (the configuration to build the tool with)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/man}"
configuration="${2:-debug}"
date=$(sed -n 's/^ *static let date = "\([0-9-]*\)".*/\1/p' Sources/mailtls/Version.swift)
[ -n "$date" ] || { echo "man.sh: no release date in Sources/mailtls/Version.swift" >&2; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift package generate-manual --configuration "$configuration" --date "$date" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
generated=$(ls .build/plugins/GenerateManual/outputs/mailtls/mailtls.1)
mkdir -p "$out"
awk '
    function flush_literal() { if (literal) { body = body ".Ed\n"; literal = 0 } }
    function emit(line) {
        if (line ~ /^  /) {
            if (!literal) { body = body ".Bd -literal -offset indent\n"; literal = 1 }
            sub(/^  /, "", line); body = body line "\n"; return
        }
        flush_literal()
        if (line == "") { if (body != "" && body !~ /\.Pp\n$/ && body !~ /\.Sh [^\n]*\n$/) body = body ".Pp\n"; return }
        body = body line "\n"
    }
    # In DESCRIPTION, before the option list: headings start a moved section.
    /^\.Sh DESCRIPTION$/ { print; inDescription = 1; next }
    inDescription && /^\.Bl/ {
        flush_literal(); sections[current] = body; body = ""; inDescription = 0
        sub(/(\.Pp\n)+$/, "", sections[""]); printf "%s", sections[""]; print; next
    }
    inDescription && /^[A-Z][A-Z ]+$/ {
        flush_literal(); sections[current] = body; body = ""; current = $0; order[++count] = $0; next
    }
    inDescription { emit($0); next }
    /^\.Sh "EXIT STATUS"$/ { skipExit = 1; next }
    skipExit && /^\.Ex/ {
        skipExit = 0
        n = split("ENVIRONMENT|FILES|EXIT STATUS|EXAMPLES|SEE ALSO", wanted, "|")
        for (i = 1; i <= n; i++) {
            if (!(wanted[i] in sections)) continue
            text = sections[wanted[i]]; sub(/^(\.Pp\n)+/, "", text); sub(/(\.Pp\n)+$/, "", text)
            title = wanted[i] ~ / / ? "\"" wanted[i] "\"" : wanted[i]
            printf ".Sh %s\n%s", title, text
        }
        next
    }
    { print }
' "$generated" > "$out/mailtls.1"
echo "$out/mailtls.1"
