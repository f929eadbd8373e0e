#!/usr/bin/env bash
# Builds a release tarball that runs without Swift:
#
#   OUTDIR/mailtls-<version>-linux-<arch>.tar.gz  and  ....tar.gz.sha256
#
# The binary is `swift build -c release --static-swift-stdlib` (the Swift runtime and
# FoundationEssentials linked in, no Foundation or ICU of Swift's; it needs only the C and C++
# libraries and libxml2), stripped: about 23 MB. The tarball holds the
# layout of an install prefix, so `tar -xzf ... -C /usr/local --strip-components=1` installs it:
#
#   bin/mailtls
#   share/man/man1/mailtls.1
#   share/bash-completion/completions/mailtls, share/zsh/site-functions/_mailtls,
#   share/fish/vendor_completions.d/mailtls.fish
#   share/doc/mailtls/README.md, LICENSE, docs/
#
# The version comes from Sources/mailtls/Version.swift; the archive is reproducible (sorted
# names, fixed owner and times taken from the release date, gzip without a timestamp).
#
# Usage: scripts/release.sh [OUTDIR]   (default: dist)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-dist}"
version=$(sed -n 's/^ *static let number = "\([^"]*\)".*/\1/p' Sources/mailtls/Version.swift)
date=$(sed -n 's/^ *static let date = "\([0-9-]*\)".*/\1/p' Sources/mailtls/Version.swift)
[ -n "$version" ] && [ -n "$date" ] || { echo "release.sh: no version/date in Sources/mailtls/Version.swift" >&2; exit 1; }
arch=$(uname -m)
name="mailtls-$version-linux-$arch"

start=$(date +%s)
make --no-print-directory build completions >&2
bin=$(swift build -c release --static-swift-stdlib --product mailtls --show-bin-path)/mailtls
reported=$("$bin" --version)
[ "$reported" = "$version" ] || { echo "release.sh: the binary says $reported, Version.swift says $version" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
make --no-print-directory install DESTDIR="$stage" PREFIX="/$name" >&2
mkdir -p "$root/share/doc/mailtls"
cp README.md LICENSE "$root/share/doc/mailtls/"
cp -R docs "$root/share/doc/mailtls/docs"
strip "$root/bin/mailtls" 2>/dev/null || true

mkdir -p "$out"
epoch=$(date -u -d "$date" +%s)
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -C "$stage" -cf - "$name" \
    | gzip -n -9 > "$out/$name.tar.gz"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
size=$(stat -c %s "$root/bin/mailtls")
echo "release.sh: $out/$name.tar.gz ($(stat -c %s "$out/$name.tar.gz") bytes; binary $size bytes; $(($(date +%s) - start)) s)" >&2
echo "$out/$name.tar.gz"
