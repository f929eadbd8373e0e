#!/usr/bin/env python3
"""Bulk-conversion benchmark for mailtls (issue 8). Not a test: it prints a table.

Builds a reproducible corpus from the fixtures in Tests/Fixtures (mixed formats, about half
needing conversion, text files padded with comments to a realistic size), then measures the
median wall time and peak RSS of:
  cp -r (the floor), mailtls convert --output-dir, mailtls convert --in-place (durable),
  a plain per-file Python script (read, replace, write temp, fsync, rename),
plus peak RSS at two corpus sizes and single-file latency. Prints ratios against the targets.

Usage: scripts/bench.py --binary .build/release/mailtls [--files 20000] [--runs 3] [--big 100000] [--work DIR]
"""
import argparse, os, random, resource, shutil, statistics, subprocess, sys, tempfile, time

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


def timed(command, setup=None, runs=3):
    """Median wall time and the largest peak RSS (KiB) over `runs` runs of `command`."""
    times, peaks = [], []
    for _ in range(runs):
        if setup:
            setup()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        peaks.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
    return statistics.median(times), peaks[-1]


def peak_rss(command):
    """Peak RSS (KiB) of one run, measured in a fresh Python child so earlier runs do not count."""
    probe = ("import resource,subprocess,sys;subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    return int(subprocess.run([sys.executable, "-c", probe] + command, capture_output=True, text=True).stdout.strip())


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

        rows = {}
        rows["cp -r (floor)"] = timed(["cp", "-r", corpus, copy], setup=reset(copy), runs=args.runs)
        rows["mailtls --output-dir"] = timed([binary, "convert", "-q", "--output-dir", out, corpus], setup=reset(out), runs=args.runs)
        rows["mailtls --in-place (durable)"] = timed([binary, "convert", "-q", "--in-place", "--no-backup", copy], setup=fresh_copy, runs=args.runs)
        rows["python per-file fsync script"] = timed([sys.executable, "-c", PY_CONVERTER, copy], setup=fresh_copy, runs=args.runs)
        single = os.path.join(work, "single.prf")
        shutil.copy(os.path.join(FIXTURES, "outlook-prf", "oct-pop3-tls587.prf"), single)
        latency, _ = timed([binary, "convert", "-q", "--force", single, "-o", os.path.join(work, "single-out.prf")], runs=max(5, args.runs * 5))

        print(f"{'what':34} {'median s':>9} {'peak RSS MiB':>13}")
        for name, (seconds, rss) in rows.items():
            print(f"{name:34} {seconds:9.2f} {rss / 1024:13.1f}")
        print(f"{'single-file convert (latency)':34} {latency * 1000:8.1f}ms")
        floor = rows["cp -r (floor)"][0]
        out_ratio = rows["mailtls --output-dir"][0] / floor
        inplace_ratio = rows["mailtls --in-place (durable)"][0] / rows["python per-file fsync script"][0]
        print(f"--output-dir / cp -r            = {out_ratio:.2f}  (target <= 2.00) {'ok' if out_ratio <= 2 else 'MISSED'}")
        print(f"--in-place / per-file fsync     = {inplace_ratio:.2f}  (target <= 0.35) {'ok' if inplace_ratio <= 0.35 else 'MISSED'}")

        small_rss = peak_rss([binary, "convert", "-q", "--dry-run", corpus])
        print(f"peak RSS, {args.files} files (--dry-run)  = {small_rss / 1024:.1f} MiB (target <= 32)")
        if args.big:
            shutil.rmtree(copy, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            big = os.path.join(work, "big")
            make_corpus(big, args.big)
            big_rss = peak_rss([binary, "convert", "-q", "--dry-run", big])
            print(f"peak RSS, {args.big} files (--dry-run) = {big_rss / 1024:.1f} MiB (flat: {big_rss / max(small_rss, 1):.2f}x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
