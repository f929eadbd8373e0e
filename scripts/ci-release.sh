#!/usr/bin/env bash
# CI: the shipped artefacts work on a machine without Swift.
#  1. docs/man/mailtls.1 is what scripts/man.sh makes from the current commands (not stale),
#     and `man -l` renders it without a warning;
#  2. scripts/release.sh builds the tarball and its .sha256, which verifies;
#  3. the extracted binary runs with a clean environment (no Swift on PATH, no
#     LD_LIBRARY_PATH) and converts the examples (the signed profile with --strip-signature)
#     exactly as the debug build does;
#  4. ldd lists only system libraries, and no RUNPATH points into the toolchain;
#  5. `make install DESTDIR=... PREFIX=...` puts the binary, man page and completions in place,
#     and the installed bash completion completes file names.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
fail() { echo "ci-release: $*" >&2; exit 1; }

# 1. The man page.
command -v man >/dev/null || fail "man is not installed (.ci/run installs man-db)"
bash scripts/man.sh "$work/man" debug >/dev/null
cmp -s docs/man/mailtls.1 "$work/man/mailtls.1" \
    || { diff docs/man/mailtls.1 "$work/man/mailtls.1" | head -20; fail "docs/man/mailtls.1 is stale: run scripts/man.sh"; }
MANWIDTH=80 man -l docs/man/mailtls.1 >"$work/man.txt" 2>"$work/man.err"
[ ! -s "$work/man.err" ] || { cat "$work/man.err"; fail "man -l warns"; }
grep -q "EXIT STATUS" "$work/man.txt" && grep -q -- "--output-dir" "$work/man.txt" || fail "man page lacks sections"

# 2. The tarball.
tarball=$(bash scripts/release.sh "$work/dist")
(cd "$work/dist" && sha256sum -c --quiet "$(basename "$tarball").sha256") || fail "checksum does not verify"
version=$(sed -n 's/^ *static let number = "\([^"]*\)".*/\1/p' Sources/mailtls/Version.swift)
case "$(basename "$tarball")" in "mailtls-$version-linux-$(uname -m).tar.gz") ;; *) fail "unexpected name $tarball";; esac
mkdir "$work/x"
tar -xzf "$tarball" -C "$work/x" --strip-components=1
for f in bin/mailtls share/man/man1/mailtls.1 share/bash-completion/completions/mailtls \
    share/zsh/site-functions/_mailtls share/fish/vendor_completions.d/mailtls.fish \
    share/doc/mailtls/README.md share/doc/mailtls/LICENSE share/doc/mailtls/docs/conversion-rules.md; do
    [ -e "$work/x/$f" ] || fail "tarball lacks $f"
done

# 3. A clean environment: no Swift, no LD_LIBRARY_PATH.
clean() { env -i PATH=/usr/bin:/bin HOME="$work/home" "$@"; }
[ "$(clean "$work/x/bin/mailtls" --version)" = "$version" ] || fail "--version"
clean "$work/x/bin/mailtls" adapters >/dev/null || fail "adapters"
cp -R examples "$work/examples"
status=0; clean "$work/x/bin/mailtls" convert -q --strip-signature --output-dir "$work/static-out" "$work/examples" 2>"$work/static.err" || status=$?
[ "$status" -eq 0 ] || fail "the release binary exited $status on examples/"
debug=$(swift build --show-bin-path)/mailtls
if [ -x "$debug" ]; then
    "$debug" convert -q --strip-signature --output-dir "$work/debug-out" "$work/examples" 2>/dev/null || true
    diff -r "$work/debug-out" "$work/static-out" >/dev/null || fail "release and debug binaries convert examples/ differently"
fi

# 4. Only system libraries.
ldd "$work/x/bin/mailtls" >"$work/ldd.txt" || true
cat "$work/ldd.txt"
if grep -q "not found" "$work/ldd.txt"; then fail "a library is not found"; fi
if awk '/=>/ {print $3} !/=>/ {print $1}' "$work/ldd.txt" | grep -v -E '^(/lib|/usr/lib|/lib64|linux-vdso|linux-gate)' | grep -q .; then
    fail "a library outside the system folders"
fi
if readelf -d "$work/x/bin/mailtls" | grep -E 'RPATH|RUNPATH' | grep -q -E 'swift|/opt|/usr/share'; then
    fail "RUNPATH points into a toolchain"
fi

# 5. make install into a staging root.
make --no-print-directory install DESTDIR="$work/root" PREFIX=/usr >/dev/null
[ "$(clean "$work/root/usr/bin/mailtls" --version)" = "$version" ] || fail "installed binary"
MANWIDTH=80 man -l "$work/root/usr/share/man/man1/mailtls.1" | grep -q "mailtls" || fail "installed man page"
mkdir -p "$work/complete" && touch "$work/complete/account.prf"
offered=$(cd "$work/complete" && bash -c '
    source "$1"
    COMP_WORDS=(mailtls convert acc); COMP_CWORD=2; COMP_LINE="mailtls convert acc"; COMP_POINT=${#COMP_LINE}
    _mailtls mailtls acc convert; printf "%s\n" "${COMPREPLY[@]}"' _ "$work/root/usr/share/bash-completion/completions/mailtls")
[ "$offered" = "account.prf" ] || fail "installed bash completion offered '$offered'"
make --no-print-directory uninstall DESTDIR="$work/root" PREFIX=/usr >/dev/null
[ -z "$(find "$work/root" -type f)" ] || fail "uninstall left files behind"

echo "ci-release: ok ($(($(date +%s) - started)) s; binary $(stat -c %s "$work/x/bin/mailtls") bytes)"
