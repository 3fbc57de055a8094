"""``glassnet evaluate``, ``glassnet predict`` and ``glassnet summary``: use a model file."""

import click

from ..saving import atomic_write
from . import _report
from ._bundle import KIND, Bundle
from ._data import read_data
from ._errors import UserError


def _load(model_path, data):
    bundle = Bundle(model_path)
    frame, rows, info = read_data(data)
    bundle.encoder.rows = rows
    return bundle, frame, info


@click.command(short_help="Metrics of a trained model on a CSV file or built-in set.")
@click.argument("model", type=click.Path(dir_okay=False))
@click.argument("data")
def evaluate(model, data):
    """Report MODEL's metrics on every row of DATA (which must hold the target column).

    MODEL is a model.glassnet file written by 'glassnet train'; DATA a CSV file with
    the columns it was trained on, or a built-in set's name. Classifiers get the
    accuracy and a confusion matrix, regressors MAE, RMSE and R².
    """
    bundle, frame, info = _load(model, data)
    encoder = bundle.encoder
    _, predicted = bundle.predict(frame)  # checks the feature columns first
    if encoder.target not in frame.columns:
        raise UserError(
            f"{info['name']} has no target column {encoder.target!r}, so there is nothing to "
            "compare the predictions with. Add it, or use 'glassnet predict' instead."
        )
    y = encoder.encode_target(frame[encoder.target])
    results = _report.metrics_for(bundle.task, y, predicted, encoder.classes)
    console = _report.plain_console()
    console.print(f"Model {model} ({bundle.task}, target {encoder.target!r}) on {info['name']}")
    _report.show(console, results, bundle.task, encoder.classes, f"All rows ({len(y)})")


@click.command(short_help="Add a model's predictions to the rows of a CSV file.")
@click.argument("model", type=click.Path(dir_okay=False))
@click.argument("data")
@click.option("--out", "-o", type=click.Path(dir_okay=False),
              help="CSV file to write (default: print the CSV).")
def predict(model, data, out):
    """Predict the target for every row of DATA, keeping its rows and columns.

    The output is DATA's columns as given (identifiers included), in the same row
    order, followed by one probability_<class> column per class and
    predicted_<target> for classifiers, or predicted_<target> for regression.
    """
    import pandas as pd

    bundle, frame, info = _load(model, data)
    probabilities, predicted = bundle.predict(frame)
    if info["builtin"]:
        table = frame.copy()
    else:  # the columns exactly as written in the file (leading zeros, number formats)
        from ..datasets.csvfile import read_rows

        _, cells, _, _ = read_rows(data, **info["csv"])
        table = pd.DataFrame(cells, columns=list(frame.columns))
    encoder = bundle.encoder
    if probabilities is not None:
        for j, label in enumerate(encoder.classes):
            table[f"probability_{label}"] = probabilities[:, j].round(6)
        table[f"predicted_{encoder.target}"] = [encoder.classes[i] for i in predicted]
    else:
        table[f"predicted_{encoder.target}"] = predicted
    text = table.to_csv(index=False)
    if out is None:
        click.echo(text, nl=False)
        return
    atomic_write(out, lambda f: f.write(text), text=True)
    click.echo(f"Wrote {len(table)} predictions to {out}.", err=True)


@click.command(short_help="Show a model's layers and the data encoding it keeps.")
@click.argument("model", type=click.Path(dir_okay=False))
def summary(model):
    """Print MODEL's layers, shapes and parameter counts, and what it was trained on."""
    from rich.table import Table

    from ..saving import load_model

    network = load_model(model)
    console = _report.plain_console()
    network.summary(print_fn=console.print)
    extra = getattr(network, "saved_extra", {}) or {}
    if extra.get("kind") != KIND:
        console.print("No data encoding saved (this model was not written by 'glassnet train').")
        return
    bundle = Bundle(model, network)
    encoder = bundle.encoder
    console.print(f"Trained on: {extra.get('data')}")
    console.print(f"Task: {bundle.task}; target column {encoder.target!r}")
    if encoder.classes:
        console.print(f"Classes: {', '.join(map(str, encoder.classes))}")
    for name, reason in encoder.ignored.items():
        console.print(f"Ignored column {name!r}: {reason}")
    table = Table(title="Inputs (standardized with the training rows' mean and std)",
                  title_justify="left")
    table.add_column("input (one-hot inputs are column=value)")
    table.add_column("mean", justify="right")
    table.add_column("std", justify="right")
    names = encoder.feature_names
    for name, mean, scale in zip(names, bundle.x_scaler.mean_, bundle.x_scaler.scale_,
                                 strict=True):
        table.add_row(name, f"{mean:.4g}", f"{scale:.4g}")
    console.print(table)
    if bundle.y_scaler:
        console.print(f"Target standardized: mean {bundle.y_scaler.mean_[0]:.4g}, "
                      f"std {bundle.y_scaler.scale_[0]:.4g}")
