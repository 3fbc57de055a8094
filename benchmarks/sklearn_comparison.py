"""GlassnetClassifier / GlassnetRegressor beside scikit-learn's MLPClassifier /
MLPRegressor on the data sets that ship inside scikit-learn: test score and fit time.

Same settings for both: StandardScaler in a Pipeline, hidden layers (100,), ReLU,
Adam with learning rate 0.001, batches of min(200, n), no weight penalty
(``l2=0`` / ``alpha=0``), exactly ``--epochs`` passes (MLP's loss-plateau stop is
switched off with ``n_iter_no_change=epochs``). Regression targets are
standardized for both (TransformedTargetRegressor). Each data set is split
75/25 (stratified for classes) with ``--splits`` different seeds; the estimator
seed is the split seed. Both compute in float64 (scikit-learn's dtype for float64
data); a third column runs glassnet on float32 data, which it then keeps.

Scores: accuracy (classification) or R^2 (regression) on the held-out quarter,
mean ± standard deviation over the splits. Times: median over the splits of one
``fit`` of the whole pipeline; the contenders take turns within each split.

Run::

    python benchmarks/sklearn_comparison.py            # writes the markdown report
    python benchmarks/sklearn_comparison.py --splits 2 --epochs 20 --output -   # quick
"""

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from _common import machine_description, set_threads
from sklearn import datasets
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from glassnet.sklearn import GlassnetClassifier, GlassnetRegressor

HIDDEN = (100,)
DATA_SETS = {  # name -> (loader, task)
    "breast_cancer": (datasets.load_breast_cancer, "classification"),
    "iris": (datasets.load_iris, "classification"),
    "wine": (datasets.load_wine, "classification"),
    "digits": (datasets.load_digits, "classification"),
    "diabetes": (datasets.load_diabetes, "regression"),
}
CONTENDERS = ("MLP (sklearn)", "glassnet", "glassnet float32")


def make_estimator(contender, task, epochs, seed):
    """The pipeline for one contender: scaler + network (+ target scaling)."""
    if contender.startswith("glassnet"):
        Estimator = GlassnetClassifier if task == "classification" else GlassnetRegressor
        net = Estimator(hidden_layer_sizes=HIDDEN, activation="relu", optimizer="adam",
                        learning_rate=0.001, batch_size="auto", epochs=epochs, l2=0.0,
                        random_state=seed)
    else:
        Estimator = MLPClassifier if task == "classification" else MLPRegressor
        net = Estimator(hidden_layer_sizes=HIDDEN, activation="relu", solver="adam",
                        learning_rate_init=0.001, batch_size="auto", max_iter=epochs,
                        alpha=0.0, n_iter_no_change=epochs, random_state=seed)
    if task == "regression":
        net = TransformedTargetRegressor(regressor=net, transformer=StandardScaler())
    return make_pipeline(StandardScaler(), net)


def run_split(name, epochs, seed):
    """Fit every contender on one split; return contender -> (score, seconds)."""
    loader, task = DATA_SETS[name]
    X, y = loader(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, random_state=seed,
        stratify=y if task == "classification" else None)
    results = {}
    for contender in CONTENDERS:
        dtype = np.float32 if contender.endswith("float32") else np.float64
        Xa, Xb = X_train.astype(dtype), X_test.astype(dtype)
        pipe = make_estimator(contender, task, epochs, seed)
        start = time.perf_counter()
        pipe.fit(Xa, y_train)
        seconds = time.perf_counter() - start
        results[contender] = (pipe.score(Xb, y_test), seconds)
    return results


def benchmark(splits, epochs):
    """Rows of the report: one per data set and contender."""
    rows = []
    for name, (loader, task) in DATA_SETS.items():
        X, y = loader(return_X_y=True)
        runs = [run_split(name, epochs, seed) for seed in range(splits)]
        metric = "accuracy" if task == "classification" else "R^2"
        shape = f"{X.shape[0]} x {X.shape[1]}"
        if task == "classification":
            shape += f", {len(np.unique(y))} classes"
        for contender in CONTENDERS:
            scores = [run[contender][0] for run in runs]
            seconds = [run[contender][1] for run in runs]
            spread = statistics.stdev(scores) if len(scores) > 1 else 0.0
            rows.append([name, shape, metric, contender,
                         f"{statistics.mean(scores):.3f} ± {spread:.3f}",
                         f"{statistics.median(seconds):.2f} s",
                         f"{1e3 * statistics.median(seconds) / epochs:.1f} ms"])
        print(f"{name}: done", file=sys.stderr)
    return rows


def report(rows, splits, epochs, threads, command):
    header = ["data set", "m x n", "metric", "estimator", f"test score ({splits} splits)",
              "fit time (median)", "per epoch"]
    table = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    table += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join([
        "# glassnet vs scikit-learn's MLP on scikit-learn's bundled data sets",
        "",
        __doc__.split("Run::")[0].strip(),
        "",
        f"Command: `{command}`",
        "",
        f"Machine: {machine_description()}; BLAS threads: {threads}. The machine is "
        "shared with other jobs, so times carry noise of some tens of percent.",
        "",
        f"Settings: hidden layers {HIDDEN}, {epochs} epochs, {splits} splits.",
        "",
        *table,
        "",
    ])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--splits", type=int, default=10, help="train/test splits (seeds)")
    parser.add_argument("--epochs", type=int, default=200, help="passes over the data")
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads (both)")
    parser.add_argument("--output", default=str(Path(__file__).parent / "results" /
                                                 "sklearn_comparison.md"),
                        help="markdown file to write, or - for the screen only")
    args = parser.parse_args(argv)
    threads = set_threads(args.threads)
    command = "python benchmarks/sklearn_comparison.py " + " ".join(
        sys.argv[1:] if argv is None else argv)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # MLP: epochs reached
        rows = benchmark(args.splits, args.epochs)
    text = report(rows, args.splits, args.epochs, threads, command.strip())
    print(text)
    if args.output != "-":
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(text)


if __name__ == "__main__":
    main()
