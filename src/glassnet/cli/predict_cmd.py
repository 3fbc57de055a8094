"""``glassnet predict``: add a model's predictions to the rows of a CSV file; the same
numbers as ``load_model(path).predict(frame)``."""

import click

from ..saving import atomic_write
from ._bundle import UNSEEN, csv_options, load_with_data, predictions, unseen_note


@click.command(short_help="Add a model's predictions to the rows of a CSV file.")
@click.argument("model", type=click.Path(dir_okay=False))
@click.argument("data")
@click.option("--out", "-o", type=click.Path(dir_okay=False),
              help="CSV file to write (default: print the CSV).")
@UNSEEN
@csv_options
def predict(model, data, out, unseen, sep, decimal, encoding):
    """Predict the target for every row of DATA, keeping its rows and columns.

    The output is DATA's columns as given (identifiers included), in the same row
    order, followed by one probability_<class> column per class and
    predicted_<target> for classifiers, or predicted_<target> (in the target's
    units, 6 significant digits) for regression.
    """
    import pandas as pd

    model, frame, info = load_with_data(model, data, sep, decimal, encoding)
    pipeline = model.pipeline
    P, predicted = predictions(model, frame, unseen=unseen)
    if info["builtin"]:
        table = frame.copy()
    else:  # the columns exactly as written in the file (leading zeros, number formats)
        from ..datasets.csvfile import read_rows

        _, cells, _, _ = read_rows(data, **info["csv"])
        table = pd.DataFrame(cells, columns=list(frame.columns))
    column = f"predicted_{pipeline.target}"
    if P is not None:
        for j, label in enumerate(pipeline.classes):
            table[f"probability_{label}"] = [f"{p:.6g}" for p in P[:, j]]
        table[column] = predicted
    else:
        table[column] = [f"{v:.6g}" for v in predicted]
    text = table.to_csv(index=False)
    for line in unseen_note(model, unseen):
        click.echo(line, err=True)
    if out is None:
        click.echo(text, nl=False)
        return
    atomic_write(out, lambda f: f.write(text), text=True)
    click.echo(f"Wrote {len(table)} predictions to {out}.", err=True)
