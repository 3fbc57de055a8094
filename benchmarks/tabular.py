"""glassnet train's defaults against a tuned scikit-learn baseline, and the memory of
streaming a large CSV against reading it whole.

1. scikit-learn's bundled tabular sets (breast_cancer, wine, iris, digits,
   diabetes), each written to a CSV: ``glassnet train FILE`` with its defaults (run as
   a user runs it, a subprocess) against the best of HistGradientBoosting and
   logistic/ridge regression tuned by 3-fold grid search on the same training +
   validation rows. Both are scored on the same test rows (glassnet's split, seed 0):
   accuracy or R², and the wall time.
2. A generated CSV of ``--rows`` rows (default 1,000,000; numbers, a category with
   stray spaces, missing values, a date): ``glassnet train`` for ``--epochs`` epochs,
   in memory and with ``--stream``: the peak resident memory of each process
   (``/usr/bin/time``'s maximum RSS, or getrusage) and the wall time.

    python benchmarks/tabular.py                    # everything (long: 1M rows)
    python benchmarks/tabular.py --rows 200000 --epochs 1 --output results/tabular.md
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GLASSNET = [sys.executable, "-c",
            "import sys; from glassnet.cli import main; main(sys.argv[1:])"]
TIME = "/usr/bin/time"  # GNU time: -f %M prints the process's peak resident memory (KiB)


def _run(args, cwd):
    """Run ``glassnet ARGS`` in a fresh process: (seconds, peak RSS in MiB, output)."""
    wrap = [TIME, "-f", "MAXRSS %M"] if os.path.exists(TIME) else []
    start = time.perf_counter()
    done = subprocess.run(wrap + GLASSNET + args, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"glassnet {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    peaks = [line.split()[1] for line in done.stderr.splitlines()
             if line.startswith("MAXRSS ")]
    peak = int(peaks[-1]) / 1024 if peaks else float("nan")
    return seconds, peak, done.stdout


def _bundled(name):
    from sklearn import datasets

    loader = getattr(datasets, f"load_{name}")
    frame = loader(as_frame=True).frame
    return frame, frame.columns[-1], "regression" if name == "diabetes" else "classification"


def _tuned_baseline(kind, X_train, y_train, X_test, y_test):
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if kind == "regression":
        candidates = [
            (make_pipeline(StandardScaler(), Ridge()), {"ridge__alpha": np.logspace(-3, 3, 7)}),
            (HistGradientBoostingRegressor(random_state=0),
             {"learning_rate": [0.03, 0.1], "max_leaf_nodes": [7, 31]}),
        ]
    else:
        candidates = [
            (make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000)),
             {"logisticregression__C": np.logspace(-2, 2, 5)}),
            (HistGradientBoostingClassifier(random_state=0),
             {"learning_rate": [0.03, 0.1], "max_leaf_nodes": [7, 31]}),
        ]
    from threadpoolctl import threadpool_limits

    start = time.perf_counter()
    with threadpool_limits(1):  # as glassnet's NumPy here: one thread each, a fair race
        searches = [GridSearchCV(model, grid, cv=3).fit(X_train, y_train)
                    for model, grid in candidates]
    best = max(searches, key=lambda s: s.best_score_)
    seconds = time.perf_counter() - start
    return type(best.best_estimator_[-1] if hasattr(best.best_estimator_, "steps")
                else best.best_estimator_).__name__, best.score(X_test, y_test), seconds


def bundled_sets(workdir):
    from glassnet.datasets import split_indices

    rows = []
    for name in ("breast_cancer", "wine", "iris", "digits", "diabetes"):
        frame, target, kind = _bundled(name)
        path = os.path.join(workdir, f"{name}.csv")
        frame.to_csv(path, index=False)
        out = os.path.join(workdir, f"run_{name}")
        seconds, _, _ = _run(["train", path, "--target", target, "--no-baseline",
                              "--out", out], workdir)
        metrics = json.load(open(os.path.join(out, "metrics.json")))
        score = metrics["r2"] if kind == "regression" else metrics["accuracy"]
        y = frame[target].to_numpy()
        train, val, test = split_indices(y, 0.2, 0.2, stratify=kind != "regression", seed=0)
        X = frame.drop(columns=target).to_numpy()
        fit_rows = np.concatenate([train, val])
        model, base_score, base_seconds = _tuned_baseline(kind, X[fit_rows], y[fit_rows],
                                                          X[test], y[test])
        rows.append((name, "R²" if kind == "regression" else "accuracy", score, seconds,
                     metrics["kept_epoch"], model, base_score, base_seconds))
    return rows


def make_big_csv(path, rows, seed=0):
    """A CSV of ``rows`` rows, written in pieces (never all in memory)."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    first = True
    for start in range(0, rows, 200_000):
        m = min(200_000, rows - start)
        X = rng.normal(size=(m, 8)).round(4)
        plan = rng.choice([" basic", "premium", "gold ", "basic"], m)
        x0 = X[:, 0].copy()
        x0[rng.random(m) < 0.02] = np.nan
        dates = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 900, m), unit="D")
        y = X[:, 0] - X[:, 1] + (np.char.strip(plan) == "gold") + rng.normal(0, 0.5, m)
        frame = pd.DataFrame({"x0": x0, **{f"x{j}": X[:, j] for j in range(1, 8)},
                              "plan": plan, "day": dates.strftime("%Y-%m-%d"),
                              "label": np.where(y > 0, "yes", "no")})
        frame.to_csv(path, mode="w" if first else "a", header=first, index=False)
        first = False


def streaming(workdir, rows, epochs):
    path = os.path.join(workdir, "big.csv")
    make_big_csv(path, rows)
    size = os.path.getsize(path) / 2**20
    results = []
    for label, extra in (("in memory", []), ("--stream", ["--stream"])):
        out = os.path.join(workdir, f"run_big_{label.strip('-').replace(' ', '_')}")
        seconds, peak, _ = _run(["train", path, "--epochs", str(epochs), "--no-baseline",
                                 "--batch-size", "256", "--out", out] + extra, workdir)
        metrics = json.load(open(os.path.join(out, "metrics.json")))
        results.append((label, peak, seconds, metrics["accuracy"]))
    return size, results


def report(bundled, big, rows, epochs):
    lines = ["## glassnet train (defaults) vs a tuned scikit-learn baseline", "",
             "Same test rows (glassnet's split, seed 0). glassnet: `glassnet train FILE "
             "--no-baseline` with every other option at its default (early stopping on "
             "the validation rows); time = the whole command. Baseline: the better of "
             "HistGradientBoosting and logistic/ridge regression, each tuned by 3-fold "
             "grid search on the training + validation rows; time = the searches.", "",
             "| data | metric | glassnet | kept epoch | glassnet time | best tuned baseline "
             "| baseline | baseline time |", "|---|---|---|---|---|---|---|---|"]
    for name, metric, score, seconds, kept, model, base, base_s in bundled:
        lines.append(f"| {name} | {metric} | {score:.4f} | {kept} | {seconds:.1f} s | "
                     f"{model} | {base:.4f} | {base_s:.1f} s |")
    size, results = big
    lines += ["", f"## Streaming vs in memory: {rows:,}-row CSV ({size:.0f} MiB), "
              f"{epochs} epoch(s), batch 256", "",
              "| mode | peak memory (max RSS) | time | test accuracy |", "|---|---|---|---|"]
    for label, peak, seconds, accuracy in results:
        lines.append(f"| {label} | {peak:.0f} MiB | {seconds:.0f} s | {accuracy:.4f} |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--only", choices=["bundled", "stream"])
    parser.add_argument("--output", help="also write the Markdown report here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir:
        bundled = bundled_sets(workdir) if args.only != "stream" else []
        big = streaming(workdir, args.rows, args.epochs) if args.only != "bundled" \
            else (0, [])
    text = report(bundled, big, args.rows, args.epochs)
    print(text)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
