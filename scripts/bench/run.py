#!/usr/bin/env python3
"""memlint's benchmark: memlint check against libyaml's own parse speed, in one run.

Usage: scripts/bench/run.py [--runs 5] [--mb 50] [--no-build] [--regen] [--quick] [--baseline BINARY]

It builds memlint in release mode, writes the corpus (scripts/bench/corpus.py, fixed seed) into
.build-bench/, and times, on the same corpus and the same machine at the same moment:

  floor      memlint debug yaml-floor: reading the bytes and libyaml's event loop, one thread
  check -j1  memlint check --jobs 1 (every rule, one core)
  check      memlint check with default parallelism (all cores)
  small      memlint check on one small manifest, as a whole process (startup included), and
             `--version` and five files of the tree (a pre-commit hook's run) the same way

for (a) one ~50 MB stream and (b) ~5,000 files of ~50 MB in nested folders, the same checks with ten
custom CEL rules (scripts/bench/ten-rules.lint.yml) alternating with none, plus a linearity series
(25, 50, 100 MB streams). With --baseline, another memlint binary (an older commit's release build)
runs the same check commands in the same command, alternating with this one, so a change is judged
by both binaries' ratios to the same floor on the same noisy machine. It prints median wall time, throughput, the ratios to the floor, and each
process's peak RSS (from wait4). Times vary between machines; the ratios are what the targets bind.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, ".build-bench")
BINARY = os.path.join(ROOT, ".build", "release", "memlint")
if os.environ.get("MEMLINT_BENCH_BINARY"):
    # The release binary of scripts/build-release (static, stripped), to measure what users install.
    BINARY = os.environ["MEMLINT_BENCH_BINARY"]


def measure(command, runs):
    """Median wall seconds and the largest peak RSS (MiB) over `runs` executions."""
    walls, rss = [], []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - start)
        rss.append(usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            sys.exit(f"{' '.join(command)} exited {code}")
    return statistics.median(walls), max(rss)


def alternate(first, second, runs):
    """Both commands `runs` times, taking turns so machine noise hits both alike: each one's
    median wall seconds and largest peak RSS."""
    a, b = [], []
    for _ in range(runs):
        a.append(measure(first, 1))
        b.append(measure(second, 1))
    return ((statistics.median(w for w, _ in a), max(r for _, r in a)),
            (statistics.median(w for w, _ in b), max(r for _, r in b)))


def size_of(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--regen", action="store_true")
    parser.add_argument("--quick", action="store_true", help="skip the linearity series")
    parser.add_argument("--baseline", help="another memlint binary to compare, run alternately with this one")
    args = parser.parse_args()

    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "memlint"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    corpus = os.path.join(BENCH, "corpus")
    stream = os.path.join(corpus, f"stream-{args.mb}mb.yaml")
    if args.regen or not os.path.exists(stream):
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts/bench/corpus.py"), corpus, "--mb", str(args.mb)], check=True)
    if not args.quick:
        for mb in (args.mb // 2, args.mb * 2):
            path = os.path.join(corpus, f"stream-{mb}mb.yaml")
            if args.regen or not os.path.exists(path):
                subprocess.run([sys.executable, os.path.join(ROOT, "scripts/bench/corpus.py"), corpus, "--mb", str(mb), "--stream-only"], check=True)

    check = [BINARY, "check", "--no-config", "--fail-on", "never"]
    cores = os.cpu_count()
    print(f"memlint benchmark: {cores} cores, {args.runs} runs each, medians; peak RSS is the largest of the runs")
    print(f"{'corpus':<12} {'command':<10} {'MB':>6} {'median s':>9} {'MB/s':>7} {'× floor':>8} {'peak RSS MiB':>13}")
    results = {}
    for label, target in (("stream", stream), ("tree", os.path.join(corpus, "tree"))):
        megabytes = size_of(target) / 1e6
        floor = measure([BINARY, "debug", "yaml-floor", target], args.runs)
        one = measure(check + ["--jobs", "1", target], args.runs)
        every = measure(check + [target], args.runs)
        results[label] = (floor, one, every)
        for name, (wall, rss) in (("floor", floor), ("check -j1", one), ("check", every)):
            print(f"{label:<12} {name:<10} {megabytes:6.1f} {wall:9.3f} {megabytes / wall:7.1f} {wall / floor[0]:8.2f} {rss:13.1f}")
    if args.baseline:
        print(f"\nbaseline {args.baseline}, alternating with this build (ratios to this run's floor):")
        base = [args.baseline] + check[1:]
        for label, target in (("stream", stream), ("tree", os.path.join(corpus, "tree"))):
            floor = results[label][0][0]
            for name, extra in (("check -j1", ["--jobs", "1"]), ("check", [])):
                (new_s, new_rss), (old_s, old_rss) = alternate(check + extra + [target], base + extra + [target], args.runs)
                print(f"  {label:<7} {name:<10} this {new_s / floor:5.2f} × floor, baseline {old_s / floor:5.2f} × floor "
                      f"(this / baseline {new_s / old_s:.2f}); peak RSS {new_rss:.1f} vs {old_rss:.1f} MiB")
    # The cost of custom rules: the same check with ten CEL rules (scripts/bench/ten-rules.lint.yml),
    # alternating with the plain one, as ratios to the same floor.
    rules_config = os.path.join(ROOT, "scripts/bench/ten-rules.lint.yml")
    with_rules = [BINARY, "check", "--config", rules_config, "--fail-on", "never"]
    print("\ncustom rules (10 CEL rules, alternating with none; ratios to this run's floor):")
    for label, target in (("stream", stream), ("tree", os.path.join(corpus, "tree"))):
        floor = results[label][0][0]
        for name, extra in (("check -j1", ["--jobs", "1"]), ("check", [])):
            (ruled_s, ruled_rss), (plain_s, plain_rss) = alternate(with_rules + extra + [target], check + extra + [target], args.runs)
            print(f"  {label:<7} {name:<10} without {plain_s / floor:5.2f} × floor, with {ruled_s / floor:5.2f} × floor "
                  f"(with / without {ruled_s / plain_s:.2f}); peak RSS {ruled_rss:.1f} vs {plain_rss:.1f} MiB")

    small = measure(check + [os.path.join(corpus, "small.yaml")], max(20, args.runs))
    print(f"{'small':<12} {'check':<10} {size_of(os.path.join(corpus, 'small.yaml')) / 1e6:6.3f} {small[0]:9.4f} {'':>7} {'':>8} {small[1]:13.1f}")
    # Start-up alone, and what a pre-commit hook on a few changed files costs.
    version = measure([BINARY, "--version"], max(20, args.runs))
    five = sorted(os.path.join(d, f) for d, _, files in os.walk(os.path.join(corpus, "tree")) for f in files if f.endswith(".yaml"))[:5]
    hook = measure(check + five, max(20, args.runs))
    print(f"{'--version':<12} {'':<10} {'':>6} {version[0]:9.4f} {'':>7} {'':>8} {version[1]:13.1f}")
    print(f"{'5 files':<12} {'check':<10} {sum(size_of(f) for f in five) / 1e6:6.3f} {hook[0]:9.4f} {'':>7} {'':>8} {hook[1]:13.1f}")
    if args.baseline:
        print(f"\nstart-up, alternating with the baseline ({max(20, args.runs)} runs each, medians):")
        small_args = ["check", "--no-config", "--fail-on", "never"]
        for name, tail in (("small", small_args + [os.path.join(corpus, "small.yaml")]), ("--version", ["--version"]),
                           ("5 files", small_args + five)):
            (new_s, _), (old_s, _) = alternate([BINARY] + tail, [args.baseline] + tail, max(20, args.runs))
            print(f"  {name:<10} this {new_s * 1000:6.1f} ms, baseline {old_s * 1000:6.1f} ms (this / baseline {new_s / old_s:.2f})")
    print(f"binary: {BINARY}, {os.path.getsize(BINARY) / 2**20:.1f} MiB on disk (dist/'s copy is stripped)")

    if not args.quick:
        print("\nlinearity (check --jobs 1 on streams):")
        for mb in (args.mb // 2, args.mb, args.mb * 2):
            path = os.path.join(corpus, f"stream-{mb}mb.yaml")
            floor = measure([BINARY, "debug", "yaml-floor", path], args.runs)
            one = measure(check + ["--jobs", "1", path], args.runs)
            print(f"  {mb:4d} MB: floor {floor[0]:.3f} s, check -j1 {one[0]:.3f} s ({one[0] / floor[0]:.2f} × floor), peak RSS {one[1]:.1f} MiB")

    print("\ntargets:")
    for label, (floor, one, every) in results.items():
        print(f"  {label}: one core {one[0] / floor[0]:.2f} × floor (target ≤ 2.0); all cores {every[0] / floor[0]:.2f} × floor (target ≤ 1.0)")
    print(f"  small file, whole process: {small[0] * 1000:.1f} ms median (target ≤ 8 ms); --version {version[0] * 1000:.1f} ms; 5 files {hook[0] * 1000:.1f} ms")
    largest = size_of(stream) / 2**20
    print(f"  peak RSS on the stream: {results['stream'][1][1]:.1f} MiB (target ≤ 1.5 × {largest:.1f} + 40 = {1.5 * largest + 40:.1f} MiB)")


if __name__ == "__main__":
    main()
