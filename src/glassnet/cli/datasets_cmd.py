"""``glassnet datasets``: list the built-in data sets."""

import click

from . import _report


@click.command(short_help="List the built-in data sets.")
def datasets():
    """List the built-in data sets that DATA may name (no download needed)."""
    from rich.table import Table

    from ..datasets import list_datasets

    table = Table(title="Built-in data sets (use the name as DATA)", title_justify="left")
    table.add_column("name")
    table.add_column("what it is")
    for name, description in list_datasets().items():
        table.add_row(name, description)
    _report.plain_console().print(table)
