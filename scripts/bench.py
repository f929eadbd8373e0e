#!/usr/bin/env python3
"""Bulk-conversion benchmark for mailtls (issues 8 and 16). Not a test: it prints a table.

Builds a reproducible corpus from the fixtures in Tests/Fixtures (mixed formats, about half
needing conversion, text files padded with comments to a realistic size), then measures the
median wall time and peak RSS of:
  cp -r (the floor), mailtls convert --output-dir, mailtls convert --in-place (durable),
  a plain per-file Python script (read, replace, write temp, fsync, rename),
plus peak RSS at two corpus sizes and single-file latency. Prints ratios against the targets.

Usage: scripts/bench.py --binary .build/release/mailtls [--files 20000] [--runs 3] [--big 100000] [--work DIR]
"""
import argparse, os, random, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "Fixtures")
# Comment syntax per fixture folder, used to pad text files; binary and XML files are copied as they are.
PAD = {"outlook-prf": b";", "thunderbird-prefs": b"//", "msmtp": b"#", "git": b"#", "reg": b";"}


def samples():
    """(folder, name, bytes, needs_conversion) for every usable fixture input."""
    out = []
    for folder in sorted(os.listdir(FIXTURES)):
        path = os.path.join(FIXTURES, folder)
        if folder == "malformed" or not os.path.isdir(path):
            continue
        names = sorted(os.listdir(path))
        for name in names:
            if ".expected." in name or name.startswith("bad-") or name.endswith(".md") or name.startswith("."):
                continue
            stem, dot, ext = name.rpartition(".")
            expected = f"{stem}.expected.{ext}" if dot else name + ".expected"
            with open(os.path.join(path, name), "rb") as f:
                out.append((folder, name, f.read(), expected in names))
    return out


def padded(folder, data, target):
    """The sample grown to about `target` bytes with comment lines in its own line ending."""
    marker = PAD.get(folder)
    if marker is None or len(data) >= target or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data
    ending = b"\r\n" if b"\r\n" in data else b"\n"
    line = marker + b" padding: unrelated settings and notes kept by the client" + ending
    return data + line * ((target - len(data)) // len(line))


def make_corpus(folder, count, seed=8314):
    rng = random.Random(seed)
    pool = samples()
    convert = [s for s in pool if s[3]]
    keep = [s for s in pool if not s[3]]
    total = 0
    for i in range(count):
        source = rng.choice(convert if i % 2 == 0 else keep)
        data = padded(source[0], source[2], rng.randint(3300, 6000))
        directory = os.path.join(folder, f"d{i // 200:04d}")
        os.makedirs(directory, exist_ok=True)
        stem, dot, ext = source[1].rpartition(".")
        with open(os.path.join(directory, f"{stem}-{i:06d}.{ext}" if dot else f"{source[1]}-{i:06d}"), "wb") as f:
            f.write(data)
        total += len(data)
    return total


PY_CONVERTER = r'''
import os, sys
for root, _, files in os.walk(sys.argv[1]):
    for name in files:
        path = os.path.join(root, name)
        with open(path, "rb") as f:
            data = f.read()
        new = data.replace(b"SMTPPort=587", b"SMTPPort=465").replace(b"port 587", b"port 465")
        if new == data:
            continue
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(new)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, path)
'''


GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def run_once(command):
    """Wall time and peak RSS (KiB) of one run of `command`.

    The peak comes from GNU time when installed: a process forked from this Python carries
    Python's own RSS (about 14 MiB) into its peak until it execs, which would put a floor
    under every figure; time's fork is small. Without it, wait4's figure is used."""
    with tempfile.NamedTemporaryFile("r") as report:
        wrapped = [GNU_TIME, "-f", "%M", "-o", report.name] + command if GNU_TIME else command
        start = time.perf_counter()
        child = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        lines = report.read().split()
        return seconds, int(lines[-1]) if GNU_TIME and lines else usage.ru_maxrss


def timed(cases, runs=3):
    """Median wall time and largest peak RSS (KiB) of each case (name, command, setup).
    The cases take turns, round after round, so that a slow spell of the shared disk (this
    VM's `cp -r` of the same corpus has taken from 1 to 23 s) weighs on all of them alike
    instead of on whichever ran during it."""
    times = {name: [] for name, _, _ in cases}
    peaks = {name: 0 for name, _, _ in cases}
    for _ in range(runs):
        for name, command, setup in cases:
            if setup:
                setup()
            seconds, peak = run_once(command)
            times[name].append(seconds)
            peaks[name] = max(peaks[name], peak)
    return {name: (statistics.median(times[name]), peaks[name], min(times[name]), max(times[name])) for name, _, _ in cases}


def peak_rss(command):
    """Peak RSS (KiB) of one run of `command`."""
    return run_once(command)[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "mailtls"))
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--big", type=int, default=100000, help="corpus size for the RSS flatness check (0 to skip)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=None, help="scratch folder (default: a temporary folder on the same disk as /tmp)")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="mailtls-bench-", dir=args.work)
    try:
        corpus = os.path.join(work, "corpus")
        size = make_corpus(corpus, args.files)
        print(f"corpus: {args.files} files, {size / 1e6:.1f} MB, about half needing conversion ({os.cpu_count()} cores)")
        copy, out = os.path.join(work, "copy"), os.path.join(work, "out")

        def reset(path):
            return lambda: (shutil.rmtree(path, ignore_errors=True), subprocess.run(["sync"]))

        def fresh_copy():
            shutil.rmtree(copy, ignore_errors=True)
            subprocess.run(["cp", "-r", corpus, copy], check=True)
            subprocess.run(["sync"])

        rows = timed([
            ("cp -r (floor)", ["cp", "-r", corpus, copy], reset(copy)),
            ("mailtls --output-dir", [binary, "convert", "-q", "--output-dir", out, corpus], reset(out)),
            ("mailtls --in-place (durable)", [binary, "convert", "-q", "--in-place", "--no-backup", copy], fresh_copy),
            ("python per-file fsync script", [sys.executable, "-c", PY_CONVERTER, copy], fresh_copy),
        ], runs=args.runs)
        single = os.path.join(work, "single.prf")
        shutil.copy(os.path.join(FIXTURES, "outlook-prf", "oct-pop3-tls587.prf"), single)
        latency_case = ("latency", [binary, "convert", "-q", "--force", single, "-o", os.path.join(work, "single-out.prf")], None)
        latency = timed([latency_case], runs=max(5, args.runs * 5))["latency"][0]

        print(f"{'what':34} {'median s':>9} {'min-max s':>13} {'peak RSS MiB':>13}")
        for name, (seconds, rss, low, high) in rows.items():
            print(f"{name:34} {seconds:9.2f} {low:6.2f}-{high:<6.2f} {rss / 1024:13.1f}")
        print(f"{'single-file convert (latency)':34} {latency * 1000:8.1f}ms")
        floor = rows["cp -r (floor)"][0]
        out_ratio = rows["mailtls --output-dir"][0] / floor
        inplace_ratio = rows["mailtls --in-place (durable)"][0] / rows["python per-file fsync script"][0]
        print(f"--output-dir / cp -r            = {out_ratio:.2f}  (target <= 1.30) {'ok' if out_ratio <= 1.3 else 'MISSED'}")
        print(f"--in-place / per-file fsync     = {inplace_ratio:.2f}  (target <= 0.35) {'ok' if inplace_ratio <= 0.35 else 'MISSED'}")

        small_rss = peak_rss([binary, "convert", "-q", "--dry-run", corpus])
        print(f"peak RSS, {args.files} files (--dry-run)  = {small_rss / 1024:.1f} MiB (target <= 24)")
        if args.big:
            shutil.rmtree(copy, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            big = os.path.join(work, "big")
            make_corpus(big, args.big)
            big_rss = peak_rss([binary, "convert", "-q", "--dry-run", big])
            print(f"peak RSS, {args.big} files (--dry-run) = {big_rss / 1024:.1f} MiB (target <= 24, flat: {big_rss / max(small_rss, 1):.2f}x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
