"""Run glassnet's speed and memory benchmarks and print a markdown report.

    python benchmarks/run.py                  # everything, full size (a few minutes)
    python benchmarks/run.py --quick          # smaller data, fewer repeats (~1 minute)
    python benchmarks/run.py --only tabular grid  # some sections (see SECTIONS)
    python benchmarks/run.py --threads 1      # NumPy's BLAS and PyTorch on one thread
    python benchmarks/run.py --output report.md

Only NumPy (and glassnet) is required: scikit-learn and PyTorch are timed when they
are installed, and the report says which were found. These are measurements, not
tests: nothing here fails when the machine is slow.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _common  # noqa: E402

SECTIONS = ("mlp", "grid", "tabular", "tiny", "predict", "denormals", "threads", "scale")

# (what the ratio's name contains, "<=" or ">=", limit): the first rule that matches
TARGETS = [
    ("glassnet / NumPy loop", "<=", 1.15),            # issue 7: the MLP epoch
    ("glassnet / tight loop", "<=", 1.05),            # issue 19: tabular and MNIST grid
    ("PyTorch / glassnet", ">=", 1.0),                # issue 19: never slower than PyTorch
    ("PyTorch CPU (", ">=", 1.0),                     # issue 7: the MLP epoch
    ("scikit-learn", ">=", 1.0),
    ("seed 0", "<=", 1.3),                            # glassnet's fit on the seeds
    ("busy neighbour: digits, glassnet's rule", "<=", 1.5),
    ("measure / quiet 1 thread", "<=", 1.5),            # set_num_threads("measure")
    ("quiet: digits, measure", "<=", 1.1),
    ("quiet: MNIST-sized, measure", "<=", 1.1),
    ("predict(one) / NumPy", "<=", 2.0),
    ("model(x)(one) / NumPy", "<=", 1.2),
    ("predict_on_batch(one) / NumPy", "<=", 1.2),
    ("float32 epochs, glassnet (flushing)", "<=", 1.1),
]
NO_TARGET = ("noise control", "the loop keeping dW", "PyTorch CPU, float64 / seed loop",
             "matmul floor", "library threads", "MNIST-sized, glassnet's rule",
             "flushing switched off", "(10k")


def check(name, value):
    """'met' / 'missed' for a ratio that has a target, else ''."""
    if ": peak / need" in name:
        return "met" if value <= 1.5 else "missed"
    if "last / first epoch peak" in name:
        return "met" if value <= 1.01 else "missed"
    if any(part in name for part in NO_TARGET):
        return ""
    for part, direction, limit in TARGETS:
        if part in name:
            met = value <= limit if direction == "<=" else value >= limit
            return "met" if met else "missed"
    return ""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="10,000 examples, 2 repeats, 2,000 tiny epochs, 256x256 images")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--repeats", type=int, default=None,
                        help="timed runs per contender (default 5, quick 2; twice as "
                             "many in grid and threads)")
    parser.add_argument("--threads", type=int, default=None,
                        help="BLAS and PyTorch threads (default: NumPy's default)")
    parser.add_argument("--cpu-time", action="store_true",
                        help="time with the process's CPU time instead of the wall clock "
                             "(steadier on a shared machine; use with --threads 1)")
    parser.add_argument("--output", help="also write the report to this file")
    args = parser.parse_args(argv)
    repeats = args.repeats or (2 if args.quick else 5)
    # The MNIST grid (matrix products on all threads) and the threads section (epochs of
    # milliseconds) move most from run to run: their contenders take twice the turns.
    noisy_repeats = 2 * repeats

    threads = _common.set_threads(args.threads)
    if args.cpu_time:
        _common.use_cpu_clock()
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    parts = ["## glassnet benchmarks", "",
             f"- command: `{command.strip()}`",
             f"- machine: {_common.machine_description()}",
             f"- threads: {threads} (NumPy's BLAS, and PyTorch when found)",
             f"- competitors {_common.competitors()}",
             f"- repeats: {repeats} ({noisy_repeats} in grid and threads); contenders take "
             "turns; best and median shown, ratios from the best",
             f"- clock: {'CPU time of the process' if args.cpu_time else 'wall clock'}", ""]
    ratios = {}
    started = time.perf_counter()
    for section in args.only:
        print(f"running {section}...", file=sys.stderr, flush=True)
        if section == "mlp":
            import mlp_epoch

            text, found = mlp_epoch.run(10_000 if args.quick else 60_000, repeats)
        elif section == "tabular":
            import training_steps

            text, found = training_steps.run_tabular(repeats, 10_000 if args.quick else 50_000)
        elif section == "grid":
            import training_steps

            text, found = training_steps.run_grid(noisy_repeats,
                                                  10_000 if args.quick else 60_000)
        elif section == "denormals":
            import denormals

            text, found = denormals.run(4 if args.quick else 12)
        elif section == "tiny":
            import tiny_networks

            text, found = tiny_networks.run(repeats, 2_000 if args.quick else 10_000)
        elif section == "predict":
            import prediction

            text, found = prediction.run(repeats)
        elif section == "threads":
            import threads as threads_section

            text, found = threads_section.run(noisy_repeats)
        else:
            import memory_scale

            text, found = memory_scale.run(quick=args.quick)
        parts += [text, ""]
        ratios.update(found)

    rows = [[name, f"{value:.2f}", check(name, value)] for name, value in ratios.items()]
    parts += ["### Ratios and targets", "",
              _common.markdown_table(["ratio", "value", "target"], rows), "",
              f"Total time {time.perf_counter() - started:.0f} s."]
    report = "\n".join(parts)
    print(report)
    if args.output:
        with open(args.output, "w") as f:
            f.write(report + "\n")


if __name__ == "__main__":
    main()
