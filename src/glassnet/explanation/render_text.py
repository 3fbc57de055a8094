"""The report and the verdicts as tables in the terminal (rich, imported only here)."""

import io

from ._rows import VERDICT_COLUMNS, equation_rows, verdict_rows

STYLE = {"right": "green", "carried forward": "yellow", "new error": "red",
         "not answered": "magenta", "unusable": "red"}


def _solution(report):
    """Yield the rich renderables of the worked solution."""
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table

    yield Panel(escape("\n".join([report.title(), *report.notes()])), title="glassnet.explain",
                expand=False)
    for section in report.all_sections():
        table = Table(title=section.title, title_justify="left", show_lines=True,
                      expand=False)
        for name in ("", "formula", "with numbers", "value"):
            table.add_column(name, overflow="fold")
        for group, lhs, formula, numbers, value, note in equation_rows(report, section):
            if group:
                table.add_row(f"[bold]{escape(group)}[/bold]", "", "", "")
            note = f"\n[dim]{escape(note)}[/dim]" if note else ""
            table.add_row(escape(lhs), escape(formula) + note, escape(numbers), escape(value))
        yield table


def verdicts_table(result):
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"Your answers: {result.score_line()}", title_justify="left",
                  show_lines=True)
    for name in VERDICT_COLUMNS:
        table.add_column(name, overflow="fold")
    for status, cells in verdict_rows(result):
        cells = [escape(c) for c in cells]
        cells[3] = f"[{STYLE[status]}]{cells[3]}[/{STYLE[status]}]"
        table.add_row(*cells)
    return table


def _render(renderables, width=None, plain=True):
    from rich.console import Console

    if plain:
        console = Console(file=io.StringIO(), width=width, color_system=None,
                          force_terminal=False, highlight=False)
    else:
        console = Console(highlight=False)
    for renderable in renderables:
        console.print(renderable)
    return console.file.getvalue() if plain else None


def _report_renderables(report):
    if report.checked is not None:  # the verdicts first: they are what was asked for
        yield verdicts_table(report.checked)
    yield from _solution(report)


def to_text(report, width=110):
    """The tables as plain text (no colour codes), ``width`` characters wide."""
    return _render(_report_renderables(report), width)


def check_to_text(result, width=110):
    """The verdicts table as plain text."""
    return _render([verdicts_table(result)], width)


def print_report(report):
    """Print the tables to the terminal, in colour where it supports it."""
    _render(_report_renderables(report), plain=False)
