#!/usr/bin/env python3
"""Instruction counts for mailtls (issue 16). Not a test: it prints a table.

Wall times on a shared machine wander; instruction counts under callgrind repeat to the
instruction. For each case this runs `mailtls convert --dry-run -q -j 1 DIR` under callgrind,
subtracts the count of the same run on an empty folder (process start, registry, walk of
nothing), and divides by the input bytes: instructions per input byte, detection, scan,
policy, edits and the verifying re-scan included.

Cases: each adapter's fixtures (Tests/Fixtures/<adapter>/, inputs only, each copied --repeat
times so that an adapter's first-use costs do not hide its cost per byte), examples/, and a
mixed corpus made the way scripts/bench.py makes it (smaller: callgrind runs about 50x slower).
Also the CPU seconds of a plain (not callgrind) dry run of a --cpu-files corpus.
Also: the `mailtls adapters` instruction count and median wall time, and (with --static) the
same for the static release binary, its stripped size (what scripts/release.sh ships) and
whether it contains Foundation or ICU.

Usage: scripts/bench_instructions.py --binary .build/release/mailtls [--files 200] [--repeat 20]
       [--cpu-files 20000] [--static BIN] [--start-up-only]   (scripts/bench-instructions.sh builds both binaries and passes options on)
"""
import argparse, os, re, resource, shutil, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the corpus maker)

ROOT = bench.ROOT
FIXTURES = bench.FIXTURES


def instructions(command, workdir):
    """Instructions (Ir) callgrind counts for one run of `command`."""
    out = os.path.join(workdir, "callgrind.out")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out) as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    raise RuntimeError("no callgrind summary for " + " ".join(command))


def without_debug_info(binary, workdir, name):
    """A copy of `binary` without debug information, for callgrind: valgrind 3.19 gives up on
    the DWARF 5 of Swift 6 release builds ("Possibly corrupted debuginfo file"). Symbols stay,
    for profiles."""
    copy = os.path.join(workdir, name)
    subprocess.run(["strip", "--strip-debug", "-o", copy, binary], check=True)
    return copy


def start_up(label, binary, workdir, runs):
    """Instructions and median wall time of `mailtls adapters`: process start, argument parsing,
    the adapter registry (built-in profiles decoded) and a few lines of output."""
    count = instructions([without_debug_info(binary, workdir, "mailtls-adapters"), "adapters"], workdir)
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([binary, "adapters"], stdout=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - start)
    print(f"{label}: {count / 1e6:.2f} M instructions, wall median {statistics.median(walls) * 1000:.1f} ms "
          f"over {runs} runs (target <= 6 ms)")


def fixture_inputs(folder):
    """The input files of one fixture folder (no goldens, notes or deliberately bad samples)."""
    names = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not os.path.isfile(path) or ".expected." in name or name.endswith(".expected") or name.endswith(".md") \
                or name.startswith(".") or name.startswith("bad-"):
            continue
        names.append(path)
    return names


def copy_inputs(paths, into, repeat=1):
    """Copies `paths` into `into`, each `repeat` times, so that what a file costs once per run
    (an adapter's first use: type metadata, tables) is spread as it is in a large run."""
    os.makedirs(into, exist_ok=True)
    total = 0
    for r in range(repeat):
        for i, path in enumerate(paths):
            shutil.copy(path, os.path.join(into, f"{r:03d}-{i:04d}-{os.path.basename(path)}"))
            total += os.path.getsize(path)
    return total


def dry_run_cpu(binary, folder):
    """User + system CPU seconds of one `convert --dry-run -q -j 1` of `folder`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([binary, "convert", "--dry-run", "-q", "-j", "1", folder], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def per_byte_cases(args, convert, base, work):
    """Instructions per input byte for each adapter's fixtures, examples/ and a mixed corpus."""
    print(f"{'case':28} {'files':>6} {'bytes':>9} {'instr/byte':>11} {'instr/file':>11}")

    def case(label, folder, files, size):
        count = instructions(convert + [folder], work) - base
        print(f"{label:28} {files:6} {size:9} {count / size:11.0f} {count / max(files, 1):11.0f}")
        return count / size

    worst = ("", 0.0)
    for name in sorted(os.listdir(FIXTURES)):
        path = os.path.join(FIXTURES, name)
        if not os.path.isdir(path) or name in ("malformed", "fuzz-regressions"):
            continue
        inputs = fixture_inputs(path)
        target = os.path.join(work, "fx-" + name)
        size = copy_inputs(inputs, target, args.repeat)
        per_byte = case(name, target, len(inputs) * args.repeat, size)
        # endpoint-url and not-settings hold samples of other programs, not an adapter's files.
        if name not in ("endpoint-url", "not-settings") and per_byte > worst[1]:
            worst = (name, per_byte)
    example_files = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(ROOT, "examples")) for f in fs
                     if not f.endswith((".sh", ".md", ".json")) and ".expected" not in f]
    case("examples/", os.path.join(ROOT, "examples"), len(example_files), sum(map(os.path.getsize, example_files)))
    corpus = os.path.join(work, "corpus")
    size = bench.make_corpus(corpus, args.files)
    mixed = case(f"mixed corpus ({args.files} files)", corpus, args.files, size)
    print(f"mixed corpus: {mixed:.0f} instructions/byte (target <= 150); "
          f"worst adapter: {worst[0]} {worst[1]:.0f} (target <= 300)")
    if args.cpu_files:
        big = os.path.join(work, "cpu-corpus")
        bench.make_corpus(big, args.cpu_files)
        cpu = min(dry_run_cpu(os.path.abspath(args.binary), big) for _ in range(3))
        print(f"dry run of {args.cpu_files} files, -j 1: {cpu:.2f} s CPU, best of 3 (target <= 0.6 s for 20,000)")
        shutil.rmtree(big, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "mailtls"))
    parser.add_argument("--files", type=int, default=200, help="mixed corpus size")
    parser.add_argument("--static", default=None, help="the static release binary, for its size and links")
    parser.add_argument("--wall-runs", type=int, default=51)
    parser.add_argument("--repeat", type=int, default=20,
                        help="copies of each fixture input per adapter case (steady state, not first use)")
    parser.add_argument("--cpu-files", type=int, default=20000,
                        help="files of the corpus whose dry run's CPU time is measured (0: skip)")
    parser.add_argument("--start-up-only", action="store_true",
                        help="only the start-up and binary rows (no per-byte cases)")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="mailtls-instr-")
    try:
        empty = os.path.join(work, "empty")
        os.makedirs(empty)
        convert = [without_debug_info(binary, work, "mailtls"), "convert", "--dry-run", "-q", "-j", "1"]
        base = instructions(convert + [empty], work)
        print(f"start-up (dry run of an empty folder): {base / 1e6:.2f} M instructions")
        if not args.start_up_only:
            per_byte_cases(args, convert, base, work)
        start_up("mailtls adapters (dynamic release build)", binary, work, args.wall_runs)
        if args.static:
            # What ships: scripts/release.sh strips the binary. Valgrind cannot read the DWARF
            # of the unstripped static binary, so the start-up count runs on a copy without it.
            stripped = os.path.join(work, "mailtls-static")
            subprocess.run(["strip", "-o", stripped, args.static], check=True)
            no_debug = without_debug_info(args.static, work, "mailtls-static-symbols")
            start_up("mailtls adapters (static release build)", args.static, work, args.wall_runs)
            size = os.path.getsize(stripped)
            libs = subprocess.run(["ldd", args.static], capture_output=True, text=True).stdout
            shared = sorted(set(re.findall(r"lib(Foundation\w*|icu\w*)\.so", libs)))
            symbols = subprocess.run(["nm", no_debug], capture_output=True, text=True).stdout
            # Statically linked Swift modules show up as their mangled names ($s<length><name>),
            # Swift's own ICU as its versioned namespace.
            modules = [name for name in ("Foundation", "FoundationInternationalization", "FoundationEssentials")
                       if f"$s{len(name)}{name}" in symbols]
            if re.search(r"icu_\d\d", symbols):
                modules.append("Swift's ICU")
            print(f"static binary: {size / 1e6:.1f} MB stripped, as shipped (target <= 25 MB; "
                  f"{os.path.getsize(args.static) / 1e6:.1f} MB with debug information); "
                  f"contains {', '.join(modules) or 'no Foundation'}; "
                  f"shared libraries of note: {', '.join(shared) or 'none'} (system ICU comes with libxml2)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
