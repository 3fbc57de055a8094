"""The report as tables in the terminal (rich, imported only here)."""

import io

from ._format import text_parts, text_value

_STYLE = {"right": "green", "carried forward": "yellow", "new error": "red"}


def _tables(report):
    """Yield the rich renderables: a heading, one table per section, the answers."""
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table

    yield Panel(escape("\n".join([report.title(), *report.notes()])), title="glassnet.explain",
                expand=False)
    for section in report.sections:
        table = Table(title=section.title, title_justify="left", show_lines=True,
                      expand=False)
        for name in ("", "formula", "with numbers", "value"):
            table.add_column(name, overflow="fold")
        group = None
        for eq in section.equations:
            if eq.group != group and eq.group:
                group = eq.group
                table.add_row(f"[bold]{escape(group)}[/bold]", "", "", "")
            note = f"\n[dim]{escape(eq.note)}[/dim]" if eq.note else ""
            table.add_row(escape(eq.lhs.text),
                          escape(text_parts(report, eq.formula)) + note,
                          escape(text_parts(report, eq.numbers)),
                          escape(text_value(report, eq.value, True)))
        yield table
    if report.marks is not None:
        yield answers_table(report)


def answers_table(report):
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Your answers", title_justify="left", show_lines=True)
    for name in ("quantity", "yours", "correct", "verdict", "depends on"):
        table.add_column(name, overflow="fold")
    for m in report.marks:
        verdict = f"[{_STYLE[m.status]}]{m.status}[/{_STYLE[m.status]}]"
        if m.note:
            verdict += f"\n[dim]{escape(m.note)}[/dim]"
        if not m.right and m.from_yours is not None:
            verdict += escape(f"\nfrom your earlier values: "
                              f"{text_value(report, m.from_yours, True)}")
        deps = "\n".join(
            f"{d['key']} = {text_value(report, d['correct'], True)}"
            + ("" if d["status"] is None else f" (yours: {d['status']})")
            for d in m.depends_on) if not m.right else ""
        table.add_row(escape(str(m.key)), escape(text_value(report, m.given, True)),
                      escape(text_value(report, m.correct, True)), verdict, escape(deps))
    return table


def to_text(report, width=110):
    """The tables as plain text (no colour codes), ``width`` characters wide."""
    from rich.console import Console

    console = Console(file=io.StringIO(), width=width, color_system=None,
                      force_terminal=False, highlight=False)
    for renderable in _tables(report):
        console.print(renderable)
    return console.file.getvalue()


def print_report(report):
    """Print the tables to the terminal, in colour where it supports it."""
    from rich.console import Console

    console = Console(highlight=False)
    for renderable in _tables(report):
        console.print(renderable)
