"""``glassnet evaluate``: a model's metrics on a CSV file or built-in set, through the
data pipeline saved in the model file."""

import click

from . import _report
from ._bundle import UNSEEN, csv_options, load_with_data, predictions, unseen_note
from ._errors import UserError


@click.command(short_help="Metrics of a trained model on a CSV file or built-in set.")
@click.argument("model", type=click.Path(dir_okay=False))
@click.argument("data")
@UNSEEN
@csv_options
def evaluate(model, data, unseen, sep, decimal, encoding):
    """Report MODEL's metrics on every row of DATA (which must hold the target column).

    MODEL is a model file with a data pipeline (from 'glassnet train', or saved from
    Python with model.pipeline set); DATA a CSV file with the columns it was trained
    on, or a built-in set's name. Classifiers get the accuracy and a confusion
    matrix, regressors MAE and RMSE (in the target's units) and R².
    """
    path = model
    model, frame, info = load_with_data(path, data, sep, decimal, encoding)
    pipeline = model.pipeline
    P, predicted = predictions(model, frame, unseen=unseen)  # checks the features first
    if pipeline.target not in frame.columns:
        raise UserError(
            f"{info['name']} has no target column {pipeline.target!r}, so there is nothing "
            "to compare the predictions with. Add it, or use 'glassnet predict' instead."
        )
    y = pipeline.encoder.encode_target(frame[pipeline.target])
    if P is not None:
        predicted = P.argmax(axis=1)
    results = _report.metrics_for(pipeline.task, y, predicted, pipeline.classes)
    console = _report.plain_console()
    console.print(f"Model {path} ({pipeline.task}, target {pipeline.target!r}) on "
                  f"{info['name']}")
    for line in unseen_note(model, unseen):
        console.print(line)
    _report.show(console, results, pipeline.task, pipeline.classes, f"All rows ({len(y)})")
