"""``glassnet evaluate``: a trained model's metrics on a CSV file or built-in set."""

import click

from . import _report
from ._bundle import load_with_data
from ._errors import UserError


@click.command(short_help="Metrics of a trained model on a CSV file or built-in set.")
@click.argument("model", type=click.Path(dir_okay=False))
@click.argument("data")
def evaluate(model, data):
    """Report MODEL's metrics on every row of DATA (which must hold the target column).

    MODEL is a model.glassnet file written by 'glassnet train'; DATA a CSV file with
    the columns it was trained on, or a built-in set's name. Classifiers get the
    accuracy and a confusion matrix, regressors MAE, RMSE and R².
    """
    bundle, frame, info = load_with_data(model, data)
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
