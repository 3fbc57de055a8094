"""``glassnet summary``: a model file's layers and the data encoding it keeps."""

import click

from . import _report
from ._bundle import KIND, Bundle


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
