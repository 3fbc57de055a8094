"""``glassnet train``: train a network on a CSV file or a built-in data set.

Honest defaults: a validation split watches the training, which stops early and
keeps the weights of the best epoch (``--no-early-stopping`` turns that off); the
network is compared with simple baselines on the same split; every decision about
the data is printed; regression metrics, progress and plots are in the target's
units (or labelled as standardized).
"""

import json
import os
import time
import warnings

import click

from .. import activations as activations_module
from .. import optimizers as optimizers_module
from . import _report
from ._bundle import predictions
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
           "decision_boundary.png", "confusion_matrix.png", "roc_pr.png",
           "predicted_vs_actual.png", "residuals.png")
KINDS = {"binary": "binary classification", "multiclass": "multiclass classification",
         "regression": "regression"}


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


def _fit(model, source, validation, epochs, batch_size, patience, callbacks, console,
         steps=None):
    """Train; return ``(history, EarlyStopping or None)``. ``source`` is ``(Z, Y)`` in
    memory or a batch generator (streaming, ``steps`` batches per epoch)."""
    from ..callbacks import EarlyStopping
    from ..models import NonFiniteLossWarning
    from ._progress import EpochBar

    bar = EpochBar(console)
    stop = EarlyStopping(monitor="val_loss" if validation else "loss", patience=patience,
                         restore_best_weights=True) if patience else None
    x, y = source if isinstance(source, tuple) else (source, None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("ignore", RuntimeWarning)  # overflow on the way to NaN
        warnings.simplefilter("always", NonFiniteLossWarning)
        try:
            history = model.fit(x, y, batch_size=batch_size, epochs=epochs, verbose=0,
                                validation_data=validation, shuffle=True,
                                steps_per_epoch=steps,
                                callbacks=[*callbacks, bar, *([stop] if stop else [])])
        finally:  # Ctrl-C: give the terminal back before the message
            bar.on_train_end()
    for warning in caught:
        if issubclass(warning.category, NonFiniteLossWarning):
            raise UserError(f"{warning.message} Nothing was saved.")
    return history, stop


def _report_stopping(console, stop, history, epochs, patience):
    """Say which epoch's weights the saved model holds, and why."""
    ran = len(history.epoch)
    if stop is None:
        key = "val_loss" if "val_loss" in history.history else "loss"
        values = history.history[key]
        best = min(range(len(values)), key=values.__getitem__)
        console.print(f"Early stopping off: kept the weights of the last epoch ({ran}); the "
                      f"best {key} was at epoch {best + 1} ({values[best]:.4g} against "
                      f"{values[-1]:.4g} at the end).")
        return ran
    why = (f"stopped after epoch {stop.stopped_epoch + 1} of {epochs}, {patience} epochs "
           f"without a better {stop.monitor}" if stop.stopped_epoch else
           f"ran all {epochs} epochs")
    console.print(f"Early stopping ({why}): kept the weights of epoch {stop.best_epoch + 1} "
                  f"({stop.monitor} {stop.best:.4g}).")
    return stop.best_epoch + 1


def _save_history(history, folder):
    import pandas as pd

    logs = {"epoch": [e + 1 for e in history.epoch], **history.history}
    length = len(logs["epoch"])
    logs = {k: list(v) + [None] * (length - len(v)) for k, v in logs.items()}
    pd.DataFrame(logs).to_csv(folder.file("history.csv"), index=False)
    with open(folder.file("history.json"), "w", encoding="utf-8") as f:
        json.dump(logs, f, indent=1)


def _show_baselines(console, rows, task):
    """The network and the baselines on the same held-out rows, one table."""
    from rich.table import Table

    table = Table(title="Compared on the same held-out rows", title_justify="left")
    table.add_column("model")
    columns = ["mae", "rmse", "r2"] if task == "regression" else ["accuracy"]
    for name in columns:
        table.add_column({"r2": "R²"}.get(name, name.upper() if name != "accuracy"
                                          else name), justify="right")
    table.add_column("fit time", justify="right")
    for name, results, seconds in rows:
        table.add_row(name, *[f"{results[c]:.4g}" for c in columns], f"{seconds:.2f} s")
    console.print(table)
    if task == "regression":
        console.print("(MAE and RMSE in the target's own units.)")


def _check_options(ctx, data_info, target, ignored):
    if data_info["builtin"] and target not in (None, data_info["target"]):
        raise UserError(
            f"The built-in set {data_info['name']!r} has one target, "
            f"{data_info['target']!r}; leave --target out for built-in sets."
        )
    target = target or data_info["target"]
    if target in ignored:
        raise UserError(
            f"--ignore names the target column {target!r}, which is never a feature. Leave "
            "it out of --ignore, or choose another column with --target."
        )
    return target


@click.command(short_help="Train a network on a CSV file or a built-in data set.")
@click.argument("data", required=False, default=DEFAULT_DATA, metavar="[DATA]")
@click.option("--target", "-t", help="Column to predict (default: the last column).")
@click.option("--task", type=click.Choice(["auto", "binary", "multiclass", "regression"]),
              default="auto", show_default=True, help="Inferred from the target when auto.")
@click.option("--layers", default="64,32", show_default=True,
              help="Hidden layer sizes, comma-separated ('none' for no hidden layer).")
@click.option("--activation", type=click.Choice(ACTIVATIONS), default="relu",
              show_default=True, help="Activation of the hidden layers.")
@click.option("--epochs", type=click.IntRange(min=1), default=200, show_default=True,
              help="Most epochs (early stopping usually ends sooner).")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True)
@click.option("--optimizer", type=click.Choice(OPTIMIZERS), default="adam", show_default=True)
@click.option("--learning-rate", type=click.FloatRange(min=0, min_open=True),
              help="Step size (default: the optimizer's Keras default, 0.001 for adam).")
@click.option("--dropout", type=click.FloatRange(0, 1, max_open=True), default=0.0,
              show_default=True, help="Dropout rate after each hidden layer.")
@click.option("--l2", type=click.FloatRange(min=0), default=0.0, show_default=True,
              help="L2 penalty on the hidden kernels.")
@click.option("--early-stopping", "patience", type=click.IntRange(min=1), default=10,
              metavar="PATIENCE", show_default=True,
              help="Stop after PATIENCE epochs without a better validation loss and keep "
                   "the weights of the best epoch.")
@click.option("--no-early-stopping", is_flag=True,
              help="Run every epoch and keep the last epoch's weights.")
@click.option("--validation-split", type=click.FloatRange(0, 1, max_open=True), default=0.2,
              show_default=True, help="Fraction of rows held out to watch training.")
@click.option("--test-split", type=click.FloatRange(0, 1, max_open=True), default=0.2,
              show_default=True, help="Fraction of rows held out for the final metrics.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seed of the split, the initial weights and the shuffling.")
@click.option("--impute", type=click.Choice(["mean", "median", "none"]), default="mean",
              show_default=True, help="Fill missing feature values ('none': report them as "
                                      "an error).")
@click.option("--drop-missing-target", is_flag=True,
              help="Leave out rows whose target is missing (default: an error naming them).")
@click.option("--ignore", default="", metavar="COLS",
              help="Comma-separated columns to leave out of the features.")
@click.option("--dates", type=click.Choice(["expand", "drop"]), default="expand",
              show_default=True, help="Date columns: into year, month and weekday, or left out.")
@click.option("--max-categories", type=click.IntRange(min=2), default=50, show_default=True,
              help="Most categories a text column may have (one input each).")
@click.option("--unseen", type=click.Choice(["error", "ignore"]), default="error",
              show_default=True, help="What the saved model does with a category it never "
                                      "saw: an error, or all-zero inputs ('unknown').")
@click.option("--baseline/--no-baseline", default=True, show_default=True,
              help="Also fit logistic/ridge regression and HistGradientBoosting on the split.")
@click.option("--sep", default=",", show_default=True, help="Separator of the CSV file.")
@click.option("--decimal", type=click.Choice([".", ","]), default=".", show_default=True,
              help="Decimal mark of the CSV file's numbers.")
@click.option("--encoding", help="Text encoding of the CSV file (default: detected).")
@click.option("--stream", is_flag=True,
              help="Read the file in chunks (CSV or Parquet, pyarrow) instead of all at "
                   "once: for data larger than memory.")
@click.option("--chunk-rows", type=click.IntRange(min=100), default=100_000,
              show_default=True, help="Rows per chunk with --stream.")
@click.option("--out", "-o", default="glassnet-run", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the model, history and plots.")
@click.pass_context
def train(ctx, data, target, task, layers, activation, epochs, batch_size, optimizer,
          learning_rate, dropout, l2, patience, no_early_stopping, validation_split,
          test_split, seed, impute, drop_missing_target, ignore, dates, max_categories,
          unseen, baseline, sep, decimal, encoding, stream, chunk_rows, out):
    """Train a network on DATA and report its metrics on held-out rows.

    DATA is a CSV (or, with --stream, Parquet) file with a header row, or the name of
    a built-in data set (see 'glassnet datasets'); default: breast_cancer.
    Identifiers are left out, dates expanded, missing values imputed, text columns
    one-hot encoded and every input standardized with the training rows'
    statistics; each choice is printed. Training stops early on the validation loss
    and keeps the best epoch; a logistic/ridge regression and HistGradientBoosting
    are scored on the same rows. Writes model.glassnet (with its data pipeline),
    history.csv, history.json, metrics.json and the plots to --out.

    \b
    Examples:
      glassnet train
      glassnet train iris --layers 16 --epochs 300
      glassnet train patients.csv --target outcome --drop-missing-target
      glassnet train mesures.csv --sep ';' --decimal ',' --encoding latin-1
      glassnet train big.parquet --target y --stream
    """
    from ..saving import save_model

    console = _report.plain_console()
    hidden = parse_layers(layers)
    folder = OutputFolder(out, owned=OUTPUTS)
    folder.check_writable()  # an unwritable --out is found now, before any training
    ignored = parse_columns(ignore, "--ignore")
    options = dict(impute=None if impute == "none" else impute, ignore=ignored,
                   max_categories=max_categories, dates=dates, unseen=unseen,
                   missing_target="drop" if drop_missing_target else "error")
    if stream:
        from ._stream import prepare_stream

        run = prepare_stream(data, target, task, options, validation_split, test_split,
                             seed, chunk_rows, batch_size, sep, decimal, encoding)
        target = run.target
    else:
        frame, rows, info = read_data(data, sep=sep, decimal=decimal, encoding=encoding)
        target = _check_options(ctx, info, target, ignored)
        run = _InMemory(ctx, frame, rows, info, target,
                        info["task"] if task == "auto" else task, options,
                        validation_split, test_split, seed, console)
    pipeline = run.pipeline
    task, classes = pipeline.task, pipeline.classes

    from .. import optimizers, utils
    from ..optimizers import OPTIMIZERS as CLASSES

    utils.set_random_seed(seed)
    n_inputs = len(pipeline.feature_names)
    model, loss, metrics = build_model(n_inputs, hidden, activation, dropout, l2, task,
                                       len(classes or []))
    opt = CLASSES[optimizer](learning_rate) if learning_rate else optimizers.get(optimizer)
    model.compile(optimizer=opt, loss=loss, metrics=metrics)
    model.pipeline = pipeline  # model.predict(frame) applies it; saved in the model file

    console.print(run.describe())
    for line in pipeline.decisions():
        console.print(line)
    labels = f" of {', '.join(map(str, classes))}" if classes else ""
    console.print(f"Target: {target!r} → task: {KINDS[task]}{labels}")
    console.print(run.split_line())
    console.print(f"Network: {_describe(n_inputs, hidden, activation, task, len(classes or []))}"
                  f" ({model.count_params():,} parameters), {optimizer} learning rate "
                  f"{opt.get_config().get('learning_rate', learning_rate)}, batch {batch_size}")
    patience = None if no_early_stopping else patience
    if patience:
        watched = "validation loss" if run.validation else "training loss (no validation rows)"
        console.print(f"Early stopping on the {watched}, patience {patience}, best weights "
                      "restored (--no-early-stopping to run every epoch).")
    callbacks = []
    if task == "regression" and pipeline.y_scaler is not None:
        from ._progress import TargetUnits

        callbacks.append(TargetUnits(pipeline.y_scaler.scale_[0]))
        console.print("Progress: loss (MSE) and mae are on the standardized target; values "
                      f"marked (units) are in {target!r}'s own units.")

    start = time.perf_counter()
    history, stop = _fit(model, run.source, run.validation, epochs, batch_size, patience,
                         callbacks, console, steps=run.steps)
    seconds = time.perf_counter() - start
    kept = _report_stopping(console, stop, history, epochs, patience)

    Z_held, y_held, split = run.held_out()
    frame_held = run.held_frame()
    P, labels_held = predictions(model, frame_held, unseen="ignore")
    predicted = labels_held if task == "regression" else P.argmax(axis=1)
    results = _report.metrics_for(task, y_held, predicted, classes)
    title = f"{split.capitalize()} rows ({len(y_held)})"
    _report.show(console, results, task, classes, title)
    compared = [("glassnet (this network)", results, seconds)]
    if baseline and len(y_held):
        from ._baseline import baselines

        Z_train, Y_train = run.train_arrays()
        for name, base, took in baselines(task, Z_train, Y_train, Z_held,
                                          pipeline.target_units, seed):
            compared.append((name, _report.metrics_for(task, y_held, base, classes), took))
        _show_baselines(console, compared, task)

    with folder:
        save_model(model, folder.file(MODEL_FILE), extra={"data": run.name})
        _save_history(history, folder)
        summary = {"split": split, "rows": int(len(y_held)), "task": task,
                   "kept_epoch": kept, "epochs_run": len(history.epoch),
                   "early_stopping": bool(patience), **results,
                   "units": "target units" if task == "regression" else None,
                   "baselines": {name: r for name, r, _ in compared[1:]},
                   "data_decisions": pipeline.decisions()}
        with open(folder.file("metrics.json"), "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=1)
        from ._plots import save_plots

        save_plots(folder, console, history, model, task,
                   (Z_held, y_held, P, predicted), pipeline)
        written = ", ".join(folder.commit())
    console.print(f"Saved to {out}: {written}")
    console.print(f"Next: glassnet evaluate {os.path.join(out, MODEL_FILE)} DATA, "
                  f"glassnet predict {os.path.join(out, MODEL_FILE)} DATA --out preds.csv")


def _renumbered(rows, positions):
    """``rows`` for a table whose row ``r`` was row ``positions[r]`` of the file."""
    return lambda r: rows(positions[r])


class _InMemory:
    """The table read whole: split it, fit the pipeline on the training rows."""

    def __init__(self, ctx, frame, rows, info, target, task, options, validation_split,
                 test_split, seed, console):
        from ..datasets import TabularPipeline, split_indices

        self.info, self.name = info, info["name"]
        # A first pass over every row: the task, the classes (to stratify the split),
        # and every bad cell reported before training.
        whole = TabularPipeline(target, task=task, rows=rows, **options).fit(frame)
        if whole.encoder.n_dropped:
            keep = frame[target].notna().to_numpy()
            positions = [i for i, k in enumerate(keep) if k]
            frame = frame[keep].reset_index(drop=True)
            rows = _renumbered(rows, positions)
        y = whole.encoder.encode_target(frame[target])
        default = click.core.ParameterSource.DEFAULT
        if len(y) < 20 and ctx.get_parameter_source("validation_split") == default \
                and ctx.get_parameter_source("test_split") == default:
            validation_split = test_split = 0.0
            console.print(f"Only {len(y)} rows: no rows held out, metrics are on the "
                          "training rows.")
        self.parts = split_indices(y, validation_split, test_split,
                                   stratify=whole.task != "regression", seed=seed)
        train = self.parts[0]
        # the columns left out are decided on every row (a running id is no longer
        # running within the shuffled training rows)
        options = {**options, "ignore": dict(whole.encoder.ignored)}
        pipeline = TabularPipeline(target, task=whole.task, rows=rows, **options)
        pipeline.fit(frame.iloc[train])
        if pipeline.classes != whole.classes:
            missing = sorted(set(map(str, whole.classes)) - set(map(str, pipeline.classes)))
            raise UserError(
                f"The class(es) {', '.join(missing)} of {target!r} have too few rows to "
                "appear among the training rows. Add rows of them or remove them."
            )
        # what was done to the file: its dropped rows and every imputed cell (the fill
        # values are the training rows')
        pipeline.encoder.n_dropped = whole.encoder.n_dropped
        pipeline.encoder.n_imputed = dict(whole.encoder.n_imputed)
        self.pipeline, self.frame, self.seed = pipeline, frame, seed
        self.Z = pipeline.transform(frame, unseen="ignore")
        self.unseen = dict(pipeline.encoder.unseen_counts)
        self.Y = pipeline.encode_target(frame[target])
        self.y = pipeline.encoder.encode_target(frame[target])  # indices, or units
        _, val, _ = self.parts
        self.source = (self.Z[train], self.Y[train])
        self.validation = (self.Z[val], self.Y[val]) if len(val) else None
        self.steps = None

    def describe(self):
        info, p = self.info, self.pipeline
        how = "" if info["builtin"] else (
            f" (separator {info.get('csv', {}).get('sep', ',')!r})")
        lines = [f"Data: {info['name']}{how}, {len(self.frame)} rows, "
                 f"{len(p.encoder.columns)} feature columns ({len(p.feature_names)} inputs "
                 "after encoding)"]
        for name, n in self.unseen.items():
            lines.append(f"{n} validation/test row(s) of {name!r} hold categories absent from "
                         "the training rows: encoded as unknown (all-zero inputs).")
        return "\n".join(lines)

    def split_line(self):
        train, val, test = self.parts
        return (f"Split: {len(train)} train / {len(val)} validation / {len(test)} test rows "
                f"(seed {self.seed}); the pipeline's statistics come from the training rows")

    def _held(self):
        train, val, test = self.parts
        if len(test):
            return test, "test"
        return (val, "validation") if len(val) else (train, "training")

    def held_out(self):
        rows, split = self._held()
        return self.Z[rows], self.y[rows], split

    def held_frame(self):
        return self.frame.iloc[self._held()[0]]

    def train_arrays(self):
        train = self.parts[0]
        return self.Z[train], self.Y[train]
