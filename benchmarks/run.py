"""Run glassnet's speed and memory benchmarks and print a markdown report.

    python benchmarks/run.py                  # everything, full size (a few minutes)
    python benchmarks/run.py --quick          # smaller data, fewer repeats (~1 minute)
    python benchmarks/run.py --only mlp tiny  # some sections: mlp, tiny, predict, scale, threads
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

SECTIONS = ("mlp", "tiny", "predict", "scale", "threads")

TARGETS = [  # (ratio name prefix, limit, what the target says)
    ("glassnet / NumPy loop", 1.15, "MLP epoch within 1.15x of the hand-written NumPy loop"),
    ("PyTorch", 1.0, "PyTorch CPU slower than glassnet (ratio > 1)"),
    ("scikit-learn", 1.0, "scikit-learn slower than glassnet (ratio > 1)"),
    ("AND gate (seed 000): glassnet", 2.0, "AND seed's fit within 2x of its own loop"),
    ("XOR (seed 001): glassnet", 2.0, "XOR seed's fit within 2x of its own loop"),
    ("busy neighbour: glassnet", 1.5, "digits MLP with a busy neighbour within 1.5x of 1 thread"),
]


def check(name, value):
    """'met' / 'missed' for a ratio that has a target, else ''."""
    if ": peak / need" in name:
        return "met" if value <= 1.5 else "missed"
    if "last / first epoch peak" in name:
        return "met" if value <= 1.01 else "missed"
    for prefix, limit, _ in TARGETS:
        if name.startswith(prefix):
            if prefix in ("PyTorch", "scikit-learn"):
                return "met" if value > limit else "missed"
            return "met" if value <= limit else "missed"
    return ""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="10,000 examples, 2 repeats, 2,000 tiny epochs, 256x256 images")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--repeats", type=int, default=None,
                        help="timed runs per contender (default 5, quick 2)")
    parser.add_argument("--threads", type=int, default=None,
                        help="BLAS and PyTorch threads (default: NumPy's default)")
    parser.add_argument("--output", help="also write the report to this file")
    args = parser.parse_args(argv)
    repeats = args.repeats or (2 if args.quick else 5)

    threads = _common.set_threads(args.threads)
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    parts = ["## glassnet benchmarks", "",
             f"- command: `{command.strip()}`",
             f"- machine: {_common.machine_description()}",
             f"- threads: {threads} (NumPy's BLAS, and PyTorch when found)",
             f"- competitors {_common.competitors()}",
             f"- repeats: {repeats}; contenders take turns; best and median shown, "
             "ratios from the best", ""]
    ratios = {}
    started = time.perf_counter()
    for section in args.only:
        print(f"running {section}...", file=sys.stderr, flush=True)
        if section == "mlp":
            import mlp_epoch

            text, found = mlp_epoch.run(10_000 if args.quick else 60_000, repeats)
        elif section == "tiny":
            import tiny_networks

            text, found = tiny_networks.run(repeats, 2_000 if args.quick else 10_000)
        elif section == "predict":
            import prediction

            text, found = prediction.run(repeats)
        elif section == "threads":
            import threads as threads_section

            text, found = threads_section.run(repeats)
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
