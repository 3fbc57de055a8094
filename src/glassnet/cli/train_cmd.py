"""``glassnet train``: train a network on a CSV file or a built-in data set."""

import json
import os
import warnings

import click

from .. import activations as activations_module
from .. import optimizers as optimizers_module
from . import _report
from ._bundle import outputs, save_bundle
from ._data import DEFAULT_DATA, parse_columns, read_data
from ._errors import UserError
from ._output import OutputFolder

# The choices come from the registries (see glassnet/_registry.py); softmax is an
# output activation (the task picks the output layer), not a hidden one.
ACTIVATIONS = sorted(set(activations_module.ACTIVATIONS) - {"softmax"})
OPTIMIZERS = sorted(optimizers_module.OPTIMIZERS)
MODEL_FILE = "model.glassnet"
# Every file train may write to --out: an earlier run's ones are replaced as a whole
OUTPUTS = (MODEL_FILE, "history.csv", "history.json", "metrics.json", "history.png",
           "decision_boundary.png")


def parse_layers(text):
    """``"64,32"`` -> ``[64, 32]``; ``""``, ``"0"`` or ``"none"`` -> no hidden layer."""
    if text.strip().lower() in ("", "0", "none"):
        return []
    try:
        units = [int(part) for part in text.split(",")]
    except ValueError:
        units = []
    if not units or min(units) < 1:
        raise UserError(
            f"--layers expects positive whole numbers separated by commas, such as 64,32, "
            f"but got {text!r}."
        )
    return units


def build_model(n_features, hidden, activation, dropout, l2, task, n_classes):
    """An MLP: Dense hidden layers (with Dropout), then the output layer for the task."""
    from .. import Input, Sequential, layers, regularizers

    regularizer = regularizers.L2(l2) if l2 else None
    model = Sequential([Input(shape=(n_features,))])
    for units in hidden:
        model.add(layers.Dense(units, activation=activation, kernel_regularizer=regularizer))
        if dropout:
            model.add(layers.Dropout(dropout))
    if task == "binary":
        model.add(layers.Dense(1, activation="sigmoid"))
        return model, "binary_crossentropy", ["accuracy"]
    if task == "multiclass":
        model.add(layers.Dense(n_classes, activation="softmax"))
        return model, "sparse_categorical_crossentropy", ["accuracy"]
    model.add(layers.Dense(1))
    return model, "mse", ["mae"]


def _describe(n_features, hidden, activation, task, n_classes):
    out = {"binary": "1 sigmoid", "multiclass": f"{n_classes} softmax", "regression": "1 linear"}
    return " → ".join([str(n_features), *[f"{u} {activation}" for u in hidden], out[task]])


def _fit(model, console, Z, Y, train, val, epochs, batch_size, patience):
    from ..callbacks import EarlyStopping
    from ..models import NonFiniteLossWarning
    from ._progress import EpochBar

    validation = (Z[val], Y[val]) if len(val) else None
    bar = EpochBar(console)
    stop = EarlyStopping(monitor="val_loss" if len(val) else "loss", patience=patience,
                         restore_best_weights=True) if patience else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("ignore", RuntimeWarning)  # overflow on the way to NaN
        warnings.simplefilter("always", NonFiniteLossWarning)
        try:
            history = model.fit(Z[train], Y[train], batch_size=batch_size, epochs=epochs,
                                verbose=0, validation_data=validation, shuffle=True,
                                callbacks=[bar] if stop is None else [bar, stop])
        finally:  # Ctrl-C: give the terminal back before the message
            bar.on_train_end()
    for warning in caught:
        if issubclass(warning.category, NonFiniteLossWarning):
            raise UserError(f"{warning.message} Nothing was saved.")
    return history, stop


def _report_early_stop(console, stop, epochs):
    """One line when EarlyStopping ended the run: where it stopped, which weights it kept."""
    if stop is None or not stop.stopped_epoch:
        return
    console.print(f"Early stopping after epoch {stop.stopped_epoch + 1} of {epochs}: no "
                  f"better {stop.monitor} for {stop.patience} epochs; kept the weights of "
                  f"epoch {stop.best_epoch + 1} ({stop.monitor} {stop.best:.4g}).")


def _save_history(history, folder):
    import pandas as pd

    logs = {"epoch": [e + 1 for e in history.epoch], **history.history}
    length = len(logs["epoch"])
    logs = {k: list(v) + [None] * (length - len(v)) for k, v in logs.items()}
    pd.DataFrame(logs).to_csv(folder.file("history.csv"), index=False)
    with open(folder.file("history.json"), "w", encoding="utf-8") as f:
        json.dump(logs, f, indent=1)


def _save_plots(folder, console, history, model, Z, y, feature_names):
    """history.png and, for 2-D data, decision_boundary.png (skipped if plotting fails)."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        from .. import plot
    except ImportError as error:
        console.print(f"Plots skipped: glassnet.plot is not available ({error}).",
                      style="yellow")
        return
    import matplotlib.pyplot as plt

    jobs = [("history.png", lambda: plot.history(history))]
    if Z.shape[1] == 2:
        names = [f"{n} (standardized)" for n in feature_names]
        jobs.append(("decision_boundary.png",
                     lambda: plot.decision_boundary(model, Z, y, feature_names=names)))
    for name, draw in jobs:
        try:
            figure = draw()
            figure.savefig(folder.file(name), dpi=120, bbox_inches="tight")
            plt.close(figure)
        except Exception as error:  # a plot must never lose the trained model
            console.print(f"Plot {name} skipped: {type(error).__name__}: {error}", style="yellow")


@click.command(short_help="Train a network on a CSV file or a built-in data set.")
@click.argument("data", required=False, default=DEFAULT_DATA, metavar="[DATA]")
@click.option("--target", "-t", help="Column to predict (default: the last column).")
@click.option("--task", type=click.Choice(["auto", "binary", "multiclass", "regression"]),
              default="auto", show_default=True, help="Inferred from the target when auto.")
@click.option("--layers", default="64,32", show_default=True,
              help="Hidden layer sizes, comma-separated ('none' for no hidden layer).")
@click.option("--activation", type=click.Choice(ACTIVATIONS), default="relu",
              show_default=True, help="Activation of the hidden layers.")
@click.option("--epochs", type=click.IntRange(min=1), default=100, show_default=True)
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True)
@click.option("--optimizer", type=click.Choice(OPTIMIZERS), default="adam", show_default=True)
@click.option("--learning-rate", type=click.FloatRange(min=0, min_open=True),
              help="Step size (default: the optimizer's Keras default, 0.001 for adam).")
@click.option("--dropout", type=click.FloatRange(0, 1, max_open=True), default=0.0,
              show_default=True, help="Dropout rate after each hidden layer.")
@click.option("--l2", type=click.FloatRange(min=0), default=0.0, show_default=True,
              help="L2 penalty on the hidden kernels.")
@click.option("--early-stopping", "patience", type=click.IntRange(min=0), default=0,
              metavar="PATIENCE", show_default=True,
              help="Stop after PATIENCE epochs without a better validation loss and keep "
                   "the best weights (0: off).")
@click.option("--validation-split", type=click.FloatRange(0, 1, max_open=True), default=0.2,
              show_default=True, help="Fraction of rows held out to watch training.")
@click.option("--test-split", type=click.FloatRange(0, 1, max_open=True), default=0.2,
              show_default=True, help="Fraction of rows held out for the final metrics.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seed of the split, the initial weights and the shuffling.")
@click.option("--impute", type=click.Choice(["mean", "median"]),
              help="Fill missing feature values (default: report them as an error).")
@click.option("--ignore", default="", metavar="COLS",
              help="Comma-separated columns to leave out of the features.")
@click.option("--out", "-o", default="glassnet-run", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the model, history and plots.")
@click.pass_context
def train(ctx, data, target, task, layers, activation, epochs, batch_size, optimizer,
          learning_rate, dropout, l2, patience, validation_split, test_split, seed, impute,
          ignore, out):
    """Train a network on DATA and report its metrics on held-out rows.

    DATA is a CSV file with a header row, or the name of a built-in data set (see
    'glassnet datasets'); default: breast_cancer. Text columns are one-hot encoded
    and every feature is standardized with the training rows' statistics. Writes
    model.glassnet, history.csv, history.json, metrics.json and the plots to --out.

    \b
    Examples:
      glassnet train
      glassnet train iris --layers 16 --epochs 200
      glassnet train patients.csv --target outcome --early-stopping 10
    """
    from .. import optimizers, utils
    from ..datasets import TabularEncoder, split_indices
    from ..optimizers import OPTIMIZERS as CLASSES
    from ..preprocessing import Standardizer

    console = _report.plain_console()
    hidden = parse_layers(layers)
    frame, rows, info = read_data(data)
    if info["builtin"] and target not in (None, info["target"]):
        raise UserError(
            f"The built-in set {info['name']!r} has one target, {info['target']!r}; leave "
            "--target out for built-in sets."
        )
    target = target or info["target"]
    ignored = parse_columns(ignore, "--ignore")
    if target in ignored:
        raise UserError(
            f"--ignore names the target column {target!r}, which is never a feature. Leave "
            "it out of --ignore, or choose another column with --target."
        )
    encoder = TabularEncoder(target, task=info["task"] if task == "auto" else task,
                             impute=impute, ignore=ignored, rows=rows)
    encoder.fit(frame)  # transform and encode_target refuse NaN, inf and 1e300, naming the line
    X, y = encoder.transform(frame), encoder.encode_target(frame[target])
    task, classes = encoder.task, encoder.classes

    default = click.core.ParameterSource.DEFAULT
    if len(y) < 20 and ctx.get_parameter_source("validation_split") == default \
            and ctx.get_parameter_source("test_split") == default:
        validation_split = test_split = 0.0
        console.print(f"Only {len(y)} rows: no rows held out, metrics are on the training rows.")
    train_rows, val_rows, test_rows = split_indices(
        y, validation_split, test_split, stratify=task != "regression", seed=seed)

    x_scaler = Standardizer().fit(X[train_rows])
    Z = x_scaler.transform(X)
    y_scaler = Standardizer().fit(y[train_rows]) if task == "regression" else None
    Y = y_scaler.transform(y) if y_scaler else y

    utils.set_random_seed(seed)
    model, loss, metrics = build_model(Z.shape[1], hidden, activation, dropout, l2, task,
                                       len(classes or []))
    opt = CLASSES[optimizer](learning_rate) if learning_rate else optimizers.get(optimizer)
    model.compile(optimizer=opt, loss=loss, metrics=metrics)

    kind = {"binary": "binary classification", "multiclass": "multiclass classification",
            "regression": "regression"}[task]
    console.print(f"Data: {info['name']}, {len(y)} rows, {len(encoder.columns)} feature "
                  f"columns ({Z.shape[1]} inputs after encoding)")
    for name, reason in encoder.ignored.items():
        console.print(f"Ignored column {name!r}: {reason}.")
    labels = f" of {', '.join(map(str, classes))}" if classes else ""
    console.print(f"Target: {target!r} → task: {kind}{labels}")
    console.print(f"Split: {len(train_rows)} train / {len(val_rows)} validation / "
                  f"{len(test_rows)} test rows (seed {seed})")
    console.print(f"Network: {_describe(Z.shape[1], hidden, activation, task, len(classes or []))}"
                  f" ({model.count_params():,} parameters), {optimizer} learning rate "
                  f"{opt.get_config().get('learning_rate', learning_rate)}, batch {batch_size}")

    if patience and not len(val_rows):
        console.print("No validation rows: --early-stopping watches the training loss.")
    history, stop = _fit(model, console, Z, Y, train_rows, val_rows, epochs, batch_size,
                         patience)
    _report_early_stop(console, stop, epochs)
    held = test_rows if len(test_rows) else val_rows if len(val_rows) else train_rows
    split = "test" if len(test_rows) else "validation" if len(val_rows) else "training"
    _, predicted = outputs(model, Z[held], task, y_scaler)
    results = _report.metrics_for(task, y[held], predicted, classes)
    _report.show(console, results, task, classes, f"{split.capitalize()} rows ({len(held)})")

    with OutputFolder(out, owned=OUTPUTS) as folder:
        save_bundle(model, folder.file(MODEL_FILE), encoder, x_scaler, y_scaler, info["name"])
        _save_history(history, folder)
        with open(folder.file("metrics.json"), "w", encoding="utf-8") as f:
            json.dump({"split": split, "rows": int(len(held)), "task": task, **results}, f,
                      indent=1)
        _save_plots(folder, console, history, model, Z, y, encoder.feature_names)
        written = ", ".join(folder.commit())
    console.print(f"Saved to {out}: {written}")
    console.print(f"Next: glassnet evaluate {os.path.join(out, MODEL_FILE)} DATA, "
                  f"glassnet predict {os.path.join(out, MODEL_FILE)} DATA --out preds.csv")

