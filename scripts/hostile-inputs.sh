#!/usr/bin/env bash
# Hostile inputs end to end (issue 9; results in docs/reliability.md). Each case runs the built
# mailtls on one bad input next to a good file and checks: the exit code (65 bad input, 74 I/O),
# exactly one stderr line naming the bad file, the good file still converted, and nothing left
# behind (no partial output, no temporary file). Cases that need root (tmpfs mounts, running as
# another user) or an XML adapter are skipped with a reason when those are missing.
#
# Usage: scripts/hostile-inputs.sh [--quick] [--binary PATH]
#   --quick   skip the slow case (a 100 MB single-line file actually parsed); used by CI
set -uo pipefail
cd "$(dirname "$0")/.."
root_dir="$(pwd)"

quick=0
binary=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1; shift ;;
        --binary) binary="$2"; shift 2 ;;
        *) echo "usage: $0 [--quick] [--binary PATH]" >&2; exit 64 ;;
    esac
done
if [ -z "$binary" ]; then
    binary="$(swift build --show-bin-path)/mailtls"
    [ -x "$binary" ] || swift build --product mailtls >/dev/null || exit 1
fi
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"

work="$(mktemp -d "${TMPDIR:-/tmp}/mailtls-hostile.XXXXXX")"
chmod 755 "$work"
mounts=()
cleanup() {
    for m in "${mounts[@]+"${mounts[@]}"}"; do umount "$m" 2>/dev/null; done
    chmod -R u+rwX "$work" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

adapters="$("$binary" adapters --json | python3 -c 'import json,sys; print(" ".join(json.loads(l)["name"] for l in sys.stdin))')"
has_adapter() { [[ " $adapters " == *" $1 "* ]]; }
is_root=0; [ "$(id -u)" = 0 ] && is_root=1
can_mount=0
if [ $is_root = 1 ]; then
    mkdir -p "$work/.probe" && mount -t tmpfs -o size=64k tmpfs "$work/.probe" 2>/dev/null && umount "$work/.probe" && can_mount=1
    rmdir "$work/.probe" 2>/dev/null
fi

# The good file: the first fixture of a registered adapter that converts by default (a PRF
# when there is one: the full-disk cases pad it with comment lines).
good_source="" good_expected=""
for adapter in $(has_adapter outlook-prf && echo outlook-prf) $adapters; do
    for input in "Tests/Fixtures/$adapter"/*; do
        case "$input" in *.expected.*|*.md|*/bad-*) continue ;; esac
        stem="${input%.*}" ext="${input##*.}"
        if [ -f "$stem.expected.$ext" ] && [ "$(wc -c <"$input")" -gt 2048 ]; then
            good_source="$input" good_expected="$stem.expected.$ext"
            break 2
        fi
    done
done
[ -n "$good_source" ] || { echo "hostile: no converting fixture found" >&2; exit 1; }
good_name="$(basename "$good_source")"
good_output_name="${good_name%.*}-smtps.${good_name##*.}"

passed=0 failed=0 skipped=0 known=0
rows=()
record() { rows+=("$(printf '%-38s %-8s %s' "$1" "$2" "$3")"); }
skip() { skipped=$((skipped + 1)); record "$1" SKIP "$2"; }

# new_case NAME: a fresh folder $case_dir holding the good file at $good.
new_case() {
    case_dir="$work/$1"
    mkdir -p "$case_dir"
    chmod 777 "$case_dir"
    good="$case_dir/$good_name"
    cp "$root_dir/$good_source" "$good"
    chmod 644 "$good"
}

# The error lines on standard error that name a path (warnings about the same file aside).
errors_naming() { grep -F -- "$1" "$err" | grep -v ': warning: '; }

# check NAME BAD WANT_EXIT STDERR_PATTERN [ALLOWED_EXTRA_FILE...]
# After a run left $status, $out, $err: verifies exit code, one error line naming BAD that
# matches the pattern, the good output, and that the folder holds nothing unexpected.
check() {
    local name="$1" bad="$2" want="$3" pattern="$4"
    shift 4
    local problems=()
    [[ " $want " == *" $status "* ]] || problems+=("exit $status, want $want")
    local lines
    lines="$(errors_naming "$bad" | wc -l)"
    [ "$lines" = 1 ] || problems+=("$lines stderr error lines name the file")
    if [ -n "$pattern" ] && ! errors_naming "$bad" | grep -qE -- "$pattern"; then
        problems+=("error line lacks /$pattern/")
    fi
    if ! cmp -s "$case_dir/$good_output_name" "$root_dir/$good_expected"; then
        problems+=("good file not converted")
    fi
    local extra
    extra="$(cd "$case_dir" && find . \( -type f -o -type l \) | sed 's|^\./||' | sort | while read -r f; do
        case "$f" in "$good_name"|"$good_output_name"|"$(basename "$bad")") continue ;; esac
        for allowed in "$@"; do [ "$f" = "$allowed" ] && continue 2; done
        echo "$f"
    done)"
    [ -z "$extra" ] || problems+=("left behind: $(echo $extra)")
    if [ ${#problems[@]} = 0 ]; then
        passed=$((passed + 1))
        record "$name" ok "exit $status: $(errors_naming "$bad" | head -1 | sed "s|$work/||g" | cut -c1-110)"
    else
        failed=$((failed + 1))
        record "$name" FAIL "${problems[*]}"
        sed 's/^/      /' "$err" | head -5
    fi
}

# run [ENV...] -- ARGS: runs mailtls with a time limit; sets $status, $out, $err.
run() {
    out="$case_dir.out" err="$case_dir.err"
    timeout -s KILL "${limit:-60}" "$@" >"$out" 2>"$err"
    status=$?
}

# --- text encodings ----------------------------------------------------------------------

new_case nul-in-prefs
printf 'user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.com");\n\0user_pref("x", 1);\n' >"$case_dir/prefs.js"
run "$binary" convert --json "$case_dir/prefs.js" "$good"
check "NUL byte (prefs.js)" "$case_dir/prefs.js" 65 "NUL character"

new_case nul-in-prf
python3 - "$root_dir/$good_source" "$case_dir/nul.prf" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(data[:len(data) // 2] + b"\0" + data[len(data) // 2:])
PY
run "$binary" convert --json "$case_dir/nul.prf" "$good"
check "NUL byte (same format as good)" "$case_dir/nul.prf" 65 "NUL character"

new_case utf16-surrogate
python3 - "$case_dir/surrogate.prf" <<'PY'
import sys
text = "[Internet Account List]\r\nAccount1=I_Mail\r\n[Account1]\r\nAccountName=X\r\nSMTPServer=smtp.example.com\r\nSMTPUseSSL=1\r\nSMTPPort=25\r\n"
data = b"\xff\xfe" + text.encode("utf-16-le")
middle = 2 + (len(data) - 2) // 4 * 2
open(sys.argv[1], "wb").write(data[:middle] + b"\x00\xd8" + data[middle:])  # a lone high surrogate
PY
run "$binary" convert --json "$case_dir/surrogate.prf" "$good"
check "UTF-16 unpaired surrogate" "$case_dir/surrogate.prf" 65 "surrogate"

# --- size --------------------------------------------------------------------------------

new_case hundred-mb-line
{ printf 'user_pref("mail.smtpserver.smtp1.hostname", "'; head -c 100000000 /dev/zero | tr '\0' 'a'; } >"$case_dir/prefs.js"
run "$binary" convert --json "$case_dir/prefs.js" "$good"
check "100 MB single line (default limit)" "$case_dir/prefs.js" 74 "larger than the limit"

if [ $quick = 0 ]; then
    new_case hundred-mb-parsed
    { printf 'user_pref("mail.smtpserver.smtp1.hostname", "'; head -c 100000000 /dev/zero | tr '\0' 'a'; } >"$case_dir/prefs.js"
    started=$(date +%s)
    limit=600 run /usr/bin/time -f "%M" -o "$case_dir.rss" "$binary" convert --json --max-size 200000000 "$case_dir/prefs.js" "$good"
    took=$(( $(date +%s) - started ))
    check "100 MB single line, parsed" "$case_dir/prefs.js" 65 "unterminated string"
    rows[${#rows[@]}-1]+=" ($took s, peak $(( $(tail -1 "$case_dir.rss") / 1024 )) MiB)"
else
    skip "100 MB single line, parsed" "--quick"
fi

# --- file system -------------------------------------------------------------------------

new_case symlink-loop-tree
mkdir "$case_dir/tree"
mv "$good" "$case_dir/tree/"
ln -s loop-b "$case_dir/tree/loop-a"; ln -s loop-a "$case_dir/tree/loop-b"; ln -s . "$case_dir/tree/self"; ln -s .. "$case_dir/tree/up"
run "$binary" convert --json "$case_dir/tree"
skipped_links=$(grep -c '"status":"skipped"' "$out")
if [ "$status" = 0 ] && [ "$skipped_links" = 4 ] && cmp -s "$case_dir/tree/$good_output_name" "$root_dir/$good_expected"; then
    passed=$((passed + 1)); record "symlink loops in a tree" ok "exit 0: 4 links passed over, good file converted"
else
    failed=$((failed + 1)); record "symlink loops in a tree" FAIL "exit $status, $skipped_links skipped"
fi

new_case symlink-loop-named
ln -s loop-b "$case_dir/loop-a"; ln -s loop-a "$case_dir/loop-b"
run "$binary" convert --json "$case_dir/loop-a" "$good"
check "symlink loop named" "$case_dir/loop-a" 74 "Too many levels of symbolic links" loop-b

new_case device-file
run "$binary" convert --json /dev/zero "$good"
check "device file (/dev/zero) named" /dev/zero 74 "not a regular file"

new_case fifo
mkfifo "$case_dir/pipe.prf"
limit=5 run "$binary" convert --json "$case_dir/pipe.prf" "$good"
if [ "$status" = 137 ]; then
    known=$((known + 1))
    record "FIFO named" KNOWN "blocks in open() (killed after 5 s); core fix suggested: O_NONBLOCK in FileIO.read"
else
    check "FIFO named" "$case_dir/pipe.prf" 74 "not a regular file"
fi

new_case long-name
long="$(printf 'x%.0s' $(seq 1 250)).prf"
cp "$good" "$case_dir/$long"
run "$binary" convert --json "$case_dir/$long" "$good"
check "255-byte name (output name too long)" "$case_dir/$long" 74 "File name too long"

new_case empty-file
: >"$case_dir/empty.prf"
run "$binary" convert --json "$case_dir/empty.prf" "$good"
check "empty file" "$case_dir/empty.prf" 65 "empty"

new_case binary-garbage
cp Tests/Fixtures/malformed/png.prf "$case_dir/png.prf"
run "$binary" convert --json "$case_dir/png.prf" "$good"
check "binary data named .prf" "$case_dir/png.prf" 65 ""

if [ $is_root = 1 ]; then
    new_case unreadable
    cp "$good" "$case_dir/locked.prf"; chmod 000 "$case_dir/locked.prf"
    run setpriv --reuid=65534 --regid=65534 --clear-groups "$binary" convert --json "$case_dir/locked.prf" "$good"
    check "unreadable file (as nobody)" "$case_dir/locked.prf" 74 "Permission denied"
else
    new_case unreadable
    cp "$good" "$case_dir/locked.prf"; chmod 000 "$case_dir/locked.prf"
    run "$binary" convert --json "$case_dir/locked.prf" "$good"
    check "unreadable file" "$case_dir/locked.prf" 74 "Permission denied"
fi

# A read-only output folder, and a full disk: a read-only or 32 KiB tmpfs as root, else
# permissions and the file-size limit.
padded="$work/big-$good_name"
python3 - "$root_dir/$good_source" "$padded" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
ending = b"\r\n" if b"\r\n" in data else b"\n"
marker = b";" if sys.argv[1].endswith(".prf") else b"//" if sys.argv[1].endswith(".js") else None
open(sys.argv[2], "wb").write(data + ((marker + b" padding" + b"." * 70 + ending) * 600 if marker else b""))
PY

new_case read-only-output
mkdir "$case_dir/out"
if [ $can_mount = 1 ]; then
    mount -t tmpfs -o ro,size=1m tmpfs "$case_dir/out" && mounts+=("$case_dir/out")
    run "$binary" convert --output-dir "$case_dir/out" "$good"
    want="Read-only file system"
else
    chmod 555 "$case_dir/out"
    run "$binary" convert --output-dir "$case_dir/out" "$good"
    want="Permission denied"
fi
if [ "$status" = 74 ] && grep -q "$want" "$err" && [ -z "$(find "$case_dir/out" -type f)" ]; then
    passed=$((passed + 1)); record "read-only output folder" ok "exit 74: $(grep -o "$want" "$err" | head -1), nothing written"
else
    failed=$((failed + 1)); record "read-only output folder" FAIL "exit $status: $(head -1 "$err")"
fi

new_case read-only-in-place
if [ $can_mount = 1 ]; then
    mkdir "$case_dir/ro"
    mount -t tmpfs -o size=1m tmpfs "$case_dir/ro" && mounts+=("$case_dir/ro")
    cp "$good" "$case_dir/ro/$good_name"
    mount -o remount,ro "$case_dir/ro"
    run "$binary" convert --in-place "$case_dir/ro/$good_name"
    if [ "$status" = 74 ] && grep -q "Read-only file system" "$err" && cmp -s "$case_dir/ro/$good_name" "$good" \
        && [ "$(ls -A "$case_dir/ro")" = "$good_name" ]; then
        passed=$((passed + 1)); record "--in-place on a read-only mount" ok "exit 74: $(grep -o 'Read-only file system' "$err" | head -1); file untouched, no backup"
    else
        failed=$((failed + 1)); record "--in-place on a read-only mount" FAIL "exit $status: $(head -1 "$err")"
    fi
    # The check below wants the good output beside the good file; this case wrote none by design.
    cp "$root_dir/$good_expected" "$case_dir/$good_output_name"
else
    skip "--in-place on a read-only mount" "needs root and mount"
fi

new_case full-disk
if [ $can_mount = 1 ] && [ "$(wc -c <"$padded")" -gt 40000 ]; then
    mkdir "$case_dir/small"
    mount -t tmpfs -o size=32k tmpfs "$case_dir/small" && mounts+=("$case_dir/small")
    cp "$padded" "$case_dir/big.prf" 2>/dev/null
    run "$binary" convert --jobs 1 --output-dir "$case_dir/small" "$case_dir/big.prf" "$good"
    if [ "$status" = 74 ] && [ "$(errors_naming "$case_dir/big.prf" | wc -l)" = 1 ] && grep -q "No space left on device" "$err" \
        && [ -z "$(find "$case_dir/small" -name '.*mailtls-*')" ] && [ ! -e "$case_dir/small/big.prf" ] && [ -f "$case_dir/small/$good_name" ]; then
        passed=$((passed + 1)); record "full disk (32 KiB tmpfs)" ok "exit 74: No space left on device; other file written, no temporary left"
    else
        failed=$((failed + 1)); record "full disk (32 KiB tmpfs)" FAIL "exit $status: $(head -2 "$err" | tr '\n' ' ')"
    fi
else
    skip "full disk (32 KiB tmpfs)" "needs root and mount"
fi

new_case file-size-limit
if [ "$(wc -c <"$padded")" -gt 40000 ]; then
    cp "$padded" "$case_dir/big.prf"
    run bash -c 'trap "" XFSZ; ulimit -f 16; exec "$0" "$@"' "$binary" convert --json "$case_dir/big.prf" "$good"
    check "write fails half way (ulimit -f)" "$case_dir/big.prf" 74 "File too large"

    new_case file-size-limit-in-place
    cp "$padded" "$case_dir/big.prf"
    run bash -c 'trap "" XFSZ; ulimit -f 16; exec "$0" "$@"' "$binary" convert --json --in-place "$case_dir/big.prf"
    cp "$root_dir/$good_expected" "$case_dir/$good_output_name"  # this run has no good file
    if [ "$status" = 74 ] && [ -e "$case_dir/big.prf.bak" ]; then
        known=$((known + 1))
        record "write fails half way, --in-place" KNOWN "exit 74, file untouched, but the backup link stays (a rerun then refuses: backup exists)"
    else
        check "write fails half way, --in-place" "$case_dir/big.prf" 74 "File too large"
    fi
else
    skip "write fails half way (ulimit -f)" "no padded sample of the good file's format"
fi

# --- XML (once an XML adapter is registered) ---------------------------------------------

if has_adapter windows-mail; then
    new_case xxe-canary
    canary="CANARY-$$-$RANDOM$RANDOM"
    echo "$canary" >"$case_dir/canary.txt"
    cat >"$case_dir/xxe.oeaccount" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE MessageAccount [<!ENTITY leak SYSTEM "file://$case_dir/canary.txt">]>
<MessageAccount><Account_Name type="SZ">&leak;</Account_Name>
<SMTP_Server type="SZ">smtp.example.com</SMTP_Server><SMTP_Port type="DWORD">0000024b</SMTP_Port>
<SMTP_Secure_Connection type="DWORD">00000001</SMTP_Secure_Connection></MessageAccount>
EOF
    run "$binary" convert --json --diff "$case_dir/xxe.oeaccount" "$good"
    "$binary" inspect --json "$case_dir/xxe.oeaccount" >>"$out" 2>>"$case_dir.err2"
    if grep -rqF "$canary" "$out" "$err" "$case_dir.err2" $(find "$case_dir" -type f ! -name canary.txt); then
        failed=$((failed + 1)); record "XXE canary" FAIL "canary contents appeared in output"
    else
        check "XXE canary (not read)" "$case_dir/xxe.oeaccount" 65 "" canary.txt
    fi

    new_case deep-nesting
    python3 -c 'print("<?xml version=\"1.0\"?>\n<MessageAccount>" + "<a>" * 100000 + "</a>" * 100000 + "</MessageAccount>")' >"$case_dir/deep.oeaccount"
    run "$binary" convert --json "$case_dir/deep.oeaccount" "$good"
    if [ "$status" = 0 ] && cmp -s "$case_dir/$good_output_name" "$root_dir/$good_expected" && [ ! -e "$case_dir/deep-smtps.oeaccount" ]; then
        passed=$((passed + 1)); record "deeply nested XML (100,000)" ok "exit 0: read without crashing, nothing to convert"
    else
        check "deeply nested XML (100,000)" "$case_dir/deep.oeaccount" 65 ""
    fi
else
    skip "XXE canary" "no windows-mail adapter registered"
    skip "deeply nested XML" "no windows-mail adapter registered"
fi
if has_adapter outlook-autodiscover; then  # the shared bomb has an Autodiscover root
    new_case billion-laughs
    cp Tests/Fixtures/malformed/billion-laughs.xml "$case_dir/bomb.xml"
    run "$binary" convert --json "$case_dir/bomb.xml" "$good"
    check "billion laughs" "$case_dir/bomb.xml" 65 ""
else
    skip "billion laughs" "no outlook-autodiscover adapter registered"
fi

# --- phone formats: XXE canaries, signed profiles, malformed DER ---------------------------

if has_adapter mobileconfig && has_adapter k9s; then
    for format in mobileconfig k9s; do
        new_case "xxe-canary-$format"
        canary="CANARY-$$-$RANDOM$RANDOM"
        echo "$canary" >"$case_dir/canary.txt"
        if [ $format = mobileconfig ]; then
            cat >"$case_dir/xxe.mobileconfig" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist [<!ENTITY leak SYSTEM "file://$case_dir/canary.txt">]>
<plist version="1.0"><dict><key>PayloadContent</key><array><dict>
<key>PayloadType</key><string>com.apple.mail.managed</string><key>EmailAccountDescription</key><string>&leak;</string>
<key>OutgoingMailServerHostName</key><string>smtp.example.com</string><key>OutgoingMailServerPortNumber</key><integer>587</integer>
</dict></array></dict></plist>
EOF
        else
            cat >"$case_dir/xxe.k9s" <<EOF
<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<!DOCTYPE k9settings [<!ENTITY leak SYSTEM "file://$case_dir/canary.txt">]>
<k9settings format="1" version="94"><accounts><account uuid="a"><name>&leak;</name>
<outgoing-server type="SMTP"><host>smtp.example.com</host><port>587</port><connection-security>STARTTLS_REQUIRED</connection-security></outgoing-server>
</account></accounts></k9settings>
EOF
        fi
        run "$binary" convert --json --diff "$case_dir/xxe.$format" "$good"
        "$binary" inspect --json "$case_dir/xxe.$format" >>"$out" 2>>"$case_dir.err2"
        if grep -rqF "$canary" "$out" "$err" "$case_dir.err2" $(find "$case_dir" -type f ! -name canary.txt); then
            failed=$((failed + 1)); record "XXE canary ($format)" FAIL "canary contents appeared in output"
        else
            check "XXE canary ($format, not read)" "$case_dir/xxe.$format" 65 "external entities" canary.txt
        fi
    done

    new_case signed-profile
    cp Tests/Fixtures/mobileconfig/bad-signed-hoster.mobileconfig "$case_dir/signed.mobileconfig"
    run "$binary" convert --json "$case_dir/signed.mobileconfig" "$good"
    check "signed profile, no --strip-signature" "$case_dir/signed.mobileconfig" 65 "signed profile: converting removes the signature"

    new_case malformed-der
    # A length running far past the end, right after the signedData OID.
    python3 - "$case_dir" <<'PY'
import sys
signed = open("Tests/Fixtures/mobileconfig/bad-signed-hoster.mobileconfig", "rb").read()
open(sys.argv[1] + "/long.mobileconfig", "wb").write(signed[:15] + bytes([0xA0, 0x84, 0x7F, 0xFF, 0xFF, 0xFF]) + signed[19:])
PY
    run "$binary" convert --json --strip-signature "$case_dir/long.mobileconfig" "$good"
    check "DER length past the end" "$case_dir/long.mobileconfig" 65 "malformed DER envelope"
else
    skip "phone formats" "mobileconfig and k9s adapters not registered"
fi

echo
printf '%-38s %-8s %s\n' case result detail
printf '%s\n' "${rows[@]}"
echo "hostile: $((passed + failed + known)) cases run: $passed passed, $failed failed, $known known issues, $skipped skipped"
[ $failed = 0 ]
