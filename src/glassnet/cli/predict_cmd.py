"""``glassnet predict``: add a model's predictions to the rows of a CSV file."""

import click

from ..saving import atomic_write
from ._bundle import load_with_data


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

    bundle, frame, info = load_with_data(model, data)
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
