"""The glassnet command on data written to confuse it (issue 15): shown as written."""

import numpy as np
from click.testing import CliRunner

from glassnet.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_labels_and_column_names_that_look_like_rich_markup_are_shown_as_written(tmp_path):
    rng = np.random.default_rng(0)
    lines = ["[bold]x,:smile:,label"]
    for _ in range(40):
        a, b = rng.normal(size=2)
        lines.append(f"{a:.3f},{b:.3f},{'[/]' if a > 0 else '[red]x'}")
    data = tmp_path / "markup.csv"
    data.write_text("\n".join(lines) + "\n")
    out = tmp_path / "run"
    trained = run("train", data, "--epochs", "1", "--out", out)
    assert trained.exit_code == 0, trained.output  # '[/]' used to crash rich
    assert "[/], [red]x" in trained.output
    summary = run("summary", out / "model.glassnet")
    assert summary.exit_code == 0, summary.output
    assert "Classes: [/], [red]x" in summary.output
    assert "[bold]x" in summary.output and ":smile:" in summary.output
    evaluated = run("evaluate", out / "model.glassnet", data)
    assert evaluated.exit_code == 0 and "[red]x" in evaluated.output
