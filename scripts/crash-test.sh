#!/usr/bin/env bash
# Crash-safety test for `mailtls convert --in-place` (issue 9) and `mailtls revert` (issue 13).
# Part 1 SIGKILLs a bulk in-place run
# (odd kills at a random moment, even kills just after a batch of outputs starts being renamed
# into place) and checks that every file is byte-identical to its original or to its
# converted form (never empty, never torn), that every backup is complete, that modes are kept,
# and that nothing but mailtls's own `.*.mailtls-*` temporaries is left behind. After each
# kill it reruns the conversion and checks that the tree ends fully converted.
# Part 2 converts the tree in place, then SIGKILLs `mailtls revert` over it at random moments and
# checks that every file is its converted form with a complete backup beside it, or the
# original (never missing, never torn), modes kept; a rerun of revert then restores them all
# and leaves no backup.
#
# Usage: scripts/crash-test.sh [--files N] [--kills K] [--revert-kills R] [--seed S] [--binary PATH] [--keep]
#   defaults: 3000 files, 20 kills, 10 revert kills, seed 9; without --binary the debug build is used (built
#   when missing). Prints one line per kill and a summary; exits 1 on any violation.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=""
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary="$2"; shift 2 ;;
        *) args+=("$1"); shift ;;
    esac
done
if [ -z "$binary" ]; then
    binary="$(swift build --show-bin-path)/mailtls"
    [ -x "$binary" ] || swift build --product mailtls >/dev/null
fi

exec python3 - "$binary" "${args[@]+"${args[@]}"}" <<'PY'
import argparse, json, os, random, re, shutil, signal, subprocess, sys, tempfile, time

sys.path.insert(0, "scripts")
import bench  # the benchmark's reproducible corpus generator

parser = argparse.ArgumentParser(prog="crash-test.sh")
parser.add_argument("binary")
parser.add_argument("--files", type=int, default=3000)
parser.add_argument("--kills", type=int, default=20)
parser.add_argument("--revert-kills", type=int, default=10)
parser.add_argument("--seed", type=int, default=9)
parser.add_argument("--keep", action="store_true", help="keep the work folder")
options = parser.parse_args()
binary = os.path.abspath(options.binary)
rng = random.Random(options.seed)
TEMPORARY = re.compile(r"^\.(.+)\.mailtls-[A-Za-z0-9]{6}$")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def files_under(root):
    out = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            out[os.path.relpath(path, root)] = path
    return out


def convert_in_place(tree, *extra):
    return [binary, "convert", "--in-place", "--quiet", "--no-progress", *extra, tree]


work = tempfile.mkdtemp(prefix="mailtls-crash-")
pristine, expected_dir, tree = (os.path.join(work, n) for n in ("pristine", "expected", "tree"))
try:
    bench.make_corpus(pristine, options.files, seed=options.seed)
    originals = {rel: read(path) for rel, path in files_under(pristine).items()}
    # Vary permissions so a kill can also be checked for mode changes.
    modes = {}
    for index, rel in enumerate(sorted(originals)):
        modes[rel] = (0o644, 0o600, 0o640)[index % 3]
        os.chmod(os.path.join(pristine, rel), modes[rel])

    # Expected bytes: one clean --output-dir run; files it does not convert stay as they are.
    run = subprocess.run([binary, "convert", "--json", "--no-progress", "--output-dir", expected_dir, pristine],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    reports = [json.loads(line) for line in run.stdout.decode().splitlines() if line.strip()]
    expected = dict(originals)
    converting = 0
    for report in reports:
        if report["status"] == "converted":
            rel = os.path.relpath(report["path"], pristine)
            expected[rel] = read(os.path.join(expected_dir, rel))
            converting += 1
    if converting == 0:
        sys.exit("crash-test: the corpus converts nothing; cannot test (stderr: %s)" % run.stderr.decode()[-500:])
    print(f"crash-test: {len(originals)} files ({converting} convert), binary {binary}")

    def fresh_tree():
        shutil.rmtree(tree, ignore_errors=True)
        subprocess.run(["cp", "-a", pristine, tree], check=True)

    def verify(label, final=False):
        """Checks the tree; returns (problems, states, temporaries)."""
        problems, temporaries = [], 0
        states = {"original": 0, "converted": 0}
        present = files_under(tree)
        for rel, original in originals.items():
            path = os.path.join(tree, rel)
            content = read(path)
            if content == expected[rel] and content != original:
                states["converted"] += 1
                state = "converted"
            elif content == original:
                states["original"] += 1
                state = "original"
            else:
                problems.append(f"{rel}: {len(content)} bytes, neither the original nor the converted form")
                continue
            if final and content != expected[rel]:
                problems.append(f"{rel}: not converted after the rerun")
            mode = os.stat(path).st_mode & 0o7777
            if mode != modes[rel]:
                problems.append(f"{rel}: mode {mode:o}, input had {modes[rel]:o}")
            backup = path + ".bak"
            if os.path.exists(backup):
                if read(backup) != original:
                    problems.append(f"{rel}.bak: differs from the original ({len(read(backup))} bytes)")
                if expected[rel] == original:
                    problems.append(f"{rel}.bak: backup of a file that needs no conversion")
            elif state == "converted":
                problems.append(f"{rel}: converted without a backup")
        for rel in present:
            if rel in originals or (rel.endswith(".bak") and rel[:-4] in originals):
                continue
            match = TEMPORARY.match(os.path.basename(rel))
            if match and os.path.join(os.path.dirname(rel), match.group(1)) in originals:
                temporaries += 1
                continue
            problems.append(f"{rel}: unexpected file")
        return problems, states, temporaries

    # One uninterrupted run sets the time scale for the kills and checks the end state.
    fresh_tree()
    started = time.monotonic()
    full = subprocess.run(convert_in_place(tree), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    duration = time.monotonic() - started
    problems, states, temporaries = verify("full", final=True)
    if full.returncode != 0 or problems or temporaries:
        print(f"crash-test: uninterrupted run failed (exit {full.returncode}): {problems[:5]} {full.stderr.decode()[-300:]}")
        sys.exit(1)
    print(f"crash-test: uninterrupted run {duration:.2f} s, all {converting} converted")

    # A watched file: the first that converts in walk order (mailtls walks depth first, every
    # folder's entries in byte order of their names). Its content flips when the first batch of
    # staged outputs starts being renamed into place.
    converting = [rel for rel in originals if expected[rel] != originals[rel]]
    watched = min(converting, key=lambda rel: [part.encode() for part in rel.split("/")])

    failures = survived = finished_early = left_total = orphan_backups = refused_total = 0
    kill = 0
    # A kill that comes after the run has finished does not count; the run is repeated (runs
    # get faster or slower with the machine's load, so the time scale is corrected each time).
    while survived + failures < options.kills and kill < 2 * options.kills:
        kill += 1
        fresh_tree()
        process = subprocess.Popen(convert_in_place(tree), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        if kill % 2 == 0:
            # Even kills aim at a batch commit: up to 20 ms after the watched file flips, while
            # the renames of that batch are under way.
            watched_path = os.path.join(tree, watched)
            while process.poll() is None and read(watched_path) == originals[watched] and time.monotonic() - started < 2 * duration:
                time.sleep(0.0005)
            time.sleep(rng.uniform(0, 0.02))
        else:
            # Odd kills land at a uniformly random moment of the run.
            target = started + rng.uniform(0.03, 0.97) * duration
            while process.poll() is None and time.monotonic() < target:
                time.sleep(0.001)
        delay = time.monotonic() - started
        finished = process.poll() is not None
        if finished:
            duration = min(duration, delay)
        if not finished:
            process.send_signal(signal.SIGKILL)
        process.wait()
        problems, states, temporaries = verify(f"kill {kill}")
        orphans = sum(1 for rel in originals if os.path.exists(os.path.join(tree, rel + ".bak"))
                      and read(os.path.join(tree, rel)) == originals[rel])
        # Recovery: a rerun converts the rest. A backup made just before the kill holds the
        # original, so the rerun reuses it; "backup exists" refusals should not happen (counted).
        rerun = subprocess.run(convert_in_place(tree), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        refused = rerun.stderr.decode().count("backup exists")
        if rerun.returncode != 0:
            subprocess.run(convert_in_place(tree, "--force"), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        after, _, _ = verify(f"rerun {kill}", final=True)
        problems += [f"after rerun: {p}" for p in after]
        verdict = "OK" if not problems else "FAIL"
        if problems:
            failures += 1
        elif finished:
            finished_early += 1
        else:
            survived += 1
        left_total += temporaries
        orphan_backups += orphans
        refused_total += refused
        print(f"kill {kill:2d} at {delay:5.2f} s{' (run had finished)' if finished else ''}: "
              f"{states['converted']} converted, {states['original']} original, {temporaries} temporaries left, "
              f"{orphans} backups without conversion, rerun refused {refused}: {verdict}")
        for problem in problems[:10]:
            print("    " + problem)
    print(f"crash-test: {survived} kills survived mid-run, {finished_early} runs had finished before the kill (repeated), "
          f"{failures} failed; {left_total} temporaries left in total (kill -9 cannot clean them; reruns skip them), "
          f"{orphan_backups} backups made just before a kill (rerun needed --force for {refused_total})")

    # Part 2: revert. A converted tree (with its backups) is made once and copied for each kill.
    converted_tree = os.path.join(work, "converted")
    fresh_tree()
    subprocess.run(convert_in_place(tree), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    shutil.rmtree(converted_tree, ignore_errors=True)
    subprocess.run(["cp", "-a", tree, converted_tree], check=True)

    def revert(*extra):
        return [binary, "revert", "--quiet", *extra, tree]

    def converted_copy():
        shutil.rmtree(tree, ignore_errors=True)
        subprocess.run(["cp", "-a", converted_tree, tree], check=True)

    def verify_revert(final=False):
        problems, temporaries = [], 0
        states = {"original": 0, "converted": 0}
        for rel, original in originals.items():
            path = os.path.join(tree, rel)
            if not os.path.exists(path):
                problems.append(f"{rel}: missing")
                continue
            content, backup = read(path), path + ".bak"
            if content == original:
                states["original"] += 1
                if final and os.path.exists(backup):
                    problems.append(f"{rel}.bak: left after the revert finished")
            elif content == expected[rel]:
                states["converted"] += 1
                if final:
                    problems.append(f"{rel}: not reverted after the rerun")
                if not os.path.exists(backup) or read(backup) != original:
                    problems.append(f"{rel}: converted without a complete backup")
            else:
                problems.append(f"{rel}: {len(content)} bytes, neither the original nor the converted form")
            mode = os.stat(path).st_mode & 0o7777
            if mode != modes[rel]:
                problems.append(f"{rel}: mode {mode:o}, input had {modes[rel]:o}")
        for rel in files_under(tree):
            match = TEMPORARY.match(os.path.basename(rel))
            if match and os.path.join(os.path.dirname(rel), match.group(1)) in originals:
                temporaries += 1
        return problems, states, temporaries

    converted_copy()
    started = time.monotonic()
    full = subprocess.run(revert(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    revert_duration = time.monotonic() - started
    problems, states, temporaries = verify_revert(final=True)
    if full.returncode != 0 or problems or temporaries:
        print(f"crash-test: uninterrupted revert failed (exit {full.returncode}): {problems[:5]} {full.stderr.decode()[-300:]}")
        sys.exit(1)
    print(f"crash-test: uninterrupted revert {revert_duration:.2f} s, all {states['original']} files original")

    revert_failures = revert_survived = revert_kill = 0
    while revert_survived + revert_failures < options.revert_kills and revert_kill < 2 * options.revert_kills:
        revert_kill += 1
        converted_copy()
        process = subprocess.Popen(revert(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        target = started + rng.uniform(0.03, 0.97) * revert_duration
        while process.poll() is None and time.monotonic() < target:
            time.sleep(0.001)
        delay = time.monotonic() - started
        finished = process.poll() is not None
        if finished:
            revert_duration = min(revert_duration, delay)
        else:
            process.send_signal(signal.SIGKILL)
        process.wait()
        problems, states, temporaries = verify_revert()
        rerun = subprocess.run(revert(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if rerun.returncode != 0:
            problems.append(f"rerun of revert exited {rerun.returncode}: {rerun.stderr.decode()[-300:]}")
        after, _, _ = verify_revert(final=True)
        problems += [f"after rerun: {p}" for p in after]
        if problems:
            revert_failures += 1
        elif not finished:
            revert_survived += 1
        print(f"revert kill {revert_kill:2d} at {delay:5.2f} s{' (run had finished)' if finished else ''}: "
              f"{states['converted']} still converted, {states['original']} original, {temporaries} temporaries left: "
              f"{'OK' if not problems else 'FAIL'}")
        for problem in problems[:10]:
            print("    " + problem)
    print(f"crash-test: revert: {revert_survived} kills survived mid-run, {revert_failures} failed")
    sys.exit(1 if failures or revert_failures else 0)
finally:
    if options.keep:
        print(f"crash-test: work folder kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
PY
