"""``glassnet summary``: a model's layers and the data pipeline it keeps."""

import click

from . import _report
from ._bundle import load_with_pipeline
from ._errors import UserError


@click.command(short_help="Show a model's layers and the data pipeline it keeps.")
@click.argument("model", type=click.Path(dir_okay=False))
def summary(model):
    """Print MODEL's layers, shapes and parameter counts, and its data pipeline."""
    from rich.table import Table

    from ..saving import load_model

    path = model
    network = load_model(path)
    console = _report.plain_console()
    network.summary(print_fn=console.print)
    try:
        network = load_with_pipeline(path)
    except UserError:
        console.print("No data pipeline saved with this model (it predicts from arrays only).")
        return
    pipeline = network.pipeline
    extra = getattr(network, "saved_extra", {}) or {}
    if extra.get("data"):
        console.print(f"Trained on: {extra.get('data')}")
    console.print(f"Task: {pipeline.task}; target column {pipeline.target!r}")
    if pipeline.classes:
        console.print(f"Classes: {', '.join(map(str, pipeline.classes))}")
    for line in pipeline.decisions():
        console.print(line)
    scaler = pipeline.x_scaler
    table = Table(title="Inputs" + (" (standardized with the training rows' mean and std)"
                                    if scaler is not None else ""), title_justify="left")
    table.add_column("input (one-hot inputs are column=value)")
    table.add_column("mean", justify="right")
    table.add_column("std", justify="right")
    for j, name in enumerate(pipeline.feature_names):
        stats = (f"{scaler.mean_[j]:.4g}", f"{scaler.scale_[j]:.4g}") if scaler else ("", "")
        table.add_row(name, *stats)
    console.print(table)
