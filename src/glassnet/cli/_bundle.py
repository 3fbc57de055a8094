"""A model file with its data pipeline, as ``glassnet evaluate/predict/summary`` use it.

The pipeline (``glassnet.datasets.TabularPipeline``) is saved inside the model file,
whether ``glassnet train`` or Python (``model.pipeline = data.pipeline``) wrote it;
``model.predict(frame)`` applies it, so a file predicts the same either way. Files
written by an older ``glassnet train`` (an ``encoder`` and scalers in ``extra``)
are read too.
"""

import click
import numpy as np

from ._errors import UserError

KIND = "glassnet-cli-model"  # the extra of files from an older glassnet train


def load_with_pipeline(path):
    """The model at ``path`` with its ``pipeline``; a clear error if it has none."""
    from ..saving import load_model

    model = load_model(path)
    if getattr(model, "pipeline", None) is None:
        model.pipeline = _legacy_pipeline(getattr(model, "saved_extra", {}) or {})
    if model.pipeline is None:
        raise UserError(
            f"{path!r} is a glassnet model, but it holds no data pipeline, so it does not "
            "know which columns to read. Train it with 'glassnet train', or in Python set "
            "model.pipeline = data.pipeline (data = gn.datasets.load_csv(...)) before "
            "model.save(path)."
        )
    return model


def _legacy_pipeline(extra):
    if extra.get("kind") != KIND:
        return None
    from ..datasets import TabularPipeline

    return TabularPipeline.from_config({
        "encoder": extra["encoder"], "scale": True, "scale_target": bool(extra.get("y_scaler")),
        "x_scaler": extra["x_scaler"], "y_scaler": extra.get("y_scaler")})


def predictions(model, frame, unseen=None, batch_size=1024):
    """``(P or None, labels)``: class probabilities (m, k) and labels, or None and the
    values in the target's units; the same numbers as ``model.predict(frame)``."""
    pipeline = model.pipeline
    A = pipeline.predict(model, frame, batch_size=batch_size, unseen=unseen)
    if pipeline.task == "regression":
        return None, np.asarray(A, dtype=np.float64)[:, 0]
    return pipeline.probabilities(A), pipeline.labels(A)


UNSEEN = click.option(
    "--unseen", type=click.Choice(["error", "ignore"]),
    help="A category the model never saw: an error, or all-zero inputs ('unknown'); "
         "default: what the model was trained with.")
CSV_OPTIONS = [click.option("--sep", default=",", show_default=True, help="Separator of the CSV."),
        click.option("--decimal", type=click.Choice([".", ","]), default=".",
                     show_default=True, help="Decimal mark of the CSV's numbers."),
        click.option("--encoding", help="Text encoding of the CSV (default: detected).")]


def csv_options(command):
    for option in reversed(CSV_OPTIONS):
        command = option(command)
    return command


def load_with_data(model_path, data, sep, decimal, encoding):
    """The model file with its pipeline, and DATA read as ``(frame, rows, info)``."""
    from ._data import read_data

    model = load_with_pipeline(model_path)
    frame, rows, info = read_data(data, sep=sep, decimal=decimal, encoding=encoding)
    model.pipeline.rows = rows
    return model, frame, info


def unseen_note(model, unseen):
    counts = model.pipeline.encoder.unseen_counts
    return [f"{n} row(s) of {name!r} hold categories the model never saw: encoded as "
            "unknown (all-zero inputs)." for name, n in counts.items()] if unseen else []
