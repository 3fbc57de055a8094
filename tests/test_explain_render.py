"""The report's renderings: terminal tables, Markdown, HTML, LaTeX, dict/JSON."""

import json
import re
import shutil
import subprocess

import numpy as np
import pytest

import glassnet as gn
from glassnet.explanation import example_spec_path, load_spec


def spec_report(name, **kwargs):
    spec = load_spec(example_spec_path(name))
    return gn.explain(spec.model, spec.x, spec.y, **kwargs)


def test_text_tables_show_the_lab_numbers_in_the_labs_names():
    text = spec_report("lab_backprop", notation="lab", sig=4).to_text(width=140)
    # y3 = σ(0.21) = 0.5523, δ5 = y5(1 − y5)(t − y5) = −0.03677, w23 ← 0.9 − 0.02126 = 0.8787
    for piece in ("y3", "σ(0.21)", "0.5523", "δ5", "y5(1 − y5)(t5 − y5)", "−0.03677",
                  "w2,3 (new)", "0.8787", "Δw1,1", "0.6651 × (1 − 0.6651)"):
        assert piece in text, piece
    assert "\x1b[" not in text  # no colour codes in plain text
    assert str(spec_report("lab_backprop")) == spec_report("lab_backprop").to_text()


def test_readable_numbers_by_default_and_exact_on_request():
    report = spec_report("slides_mlp", notation="slides")
    text = report.to_text(width=200)
    # W[2] <- [0.4 0.3 0.2] − 0.1 × 0.4 × [1 2 1.5] = [0.36, 0.22, 0.14], b[2] = 0.06
    assert "[0.36, 0.22, 0.14]" in text and "│ 0.06 " in text and "│ 0.4 " in text
    assert "0.21999999999999997" not in text and "[[0.36" not in text
    exact = report.view(exact=True).to_text(width=250)
    assert "0.21999999999999997" in exact  # the engine's float64, every digit
    w1 = next(eq for s in report.to_dict()["sections"] for eq in s["equations"]
              if eq["key"] == "W1_new")
    assert w1["value"][0][1] == report.steps[0].W_new[1, 0]  # to_dict: always exact
    assert w1["shown"] == "[[0.484, 0.168], [0.288, 0.776], [0.592, 0.384]]"
    assert report.view(sig=2).to_dict()["sections"][3]["equations"][0]["shown"] == (
        "[[0.48, 0.17], [0.29, 0.78], [0.59, 0.38]]")
    assert report.view(decimals=2).sig == 2  # the old name


def test_small_values_keep_their_significant_figures():
    spec = load_spec(example_spec_path("lab_backprop"))
    spec.model.compile(optimizer=gn.optimizers.Adam(0.001), loss="half_squared_error")
    text = gn.explain(spec.model, spec.x, spec.y).to_text(width=250)
    # Adam's step size at t = 1: α = 0.001 × √(1 − 0.999) / (1 − 0.9) = 0.000316228
    assert "│ 0.000316228" in text and "│ 0.0 " not in text
    lab = spec_report("lab_backprop", notation="lab").to_text(width=200)
    assert "−0.000954656" in lab


def test_one_minus_sign_throughout():
    text = spec_report("lab_backprop", notation="lab").to_text(width=200)
    assert not re.search(r"(?<![\w])-\d", text)  # numbers: only U+2212 minus signs
    assert "−" in text
    assert "(−0.0367703 × 0.552308)" in text or "−(−0.0367703 × 0.552308)" in text


def test_slides_notation_uses_columns_and_layer_superscripts():
    report = spec_report("slides_mlp", notation="slides", sig=3)
    text = report.to_text(width=160)
    assert "z[1]" in text and "W[1] · x + b[1]" in text and "δ[2] · a[1]ᵀ" in text
    latex = report.to_latex()
    assert r"W^{[1]}" in latex and r"a^{[1]T}" in latex
    keras = report.view(notation="keras").to_text(width=160)
    assert "X · W1 + b1" in keras and "A1ᵀ · δ2" in keras


def test_the_loss_row_has_its_numbers():
    text = spec_report("slides_mlp", notation="slides").to_text(width=160)
    assert "Σ ½ (a[2] − y)²" in text and "Σ ½ (1.4 − 1)²" in text
    lab = spec_report("lab_backprop", notation="lab").to_text(width=160)
    assert "Σ ½ (0.665074 − 0.5)²" in lab


def test_markdown_and_html_hold_the_same_tables():
    report = spec_report("lab_backprop", notation="lab", sig=4)
    checked = gn.explain(report.info.model, report.info.X, report.info.Y,
                         notation="lab", sig=4, answers={"δ4": -0.0819})
    md = checked.to_markdown()
    assert md.startswith("# One training step of a 2-2-1 network")
    assert "| δ4 |" in md and "## Your answers: 0/1 points" in md and "new error" in md
    assert md.index("Your answers") < md.index("## Forward pass")  # verdicts first
    html = checked._repr_html_()
    assert "<table" in html and "δ4" in html and "verdict-new-error" in html
    assert html.count("<tr") > 20 and "<style>" in html


def test_earlier_values_are_mentioned_only_when_the_student_gave_some():
    report = spec_report("lab_backprop", notation="lab", sig=4)
    alone = report.check({"δ4": -0.0819})
    assert alone.items[0].status == "new error" and alone.items[0].from_yours is None
    for text in (alone.to_text(width=140), alone.to_markdown(), alone.to_html()):
        assert "new error" in text and "earlier values" not in text
    assert alone.to_dict()["items"][0]["from_your_earlier_values"] is None
    # with the lab's own δ5 = −0.0376: δ4 = y4(1 − y4) w2,3 δ5, y4 = σ(0.3·0.35 + 0.3·0.7)
    y4 = 1 / (1 + np.exp(-0.315))
    mine = y4 * (1 - y4) * 0.9 * -0.0376  # = −0.008254
    result = report.check({"δ5": -0.0376, "δ4": -0.0819})
    assert result.items[1].from_yours == pytest.approx(mine)
    assert "from your earlier values: −0.008254" in result.to_markdown()
    assert "from your earlier values" in result.to_text(width=140)


def test_dict_and_json():
    report = spec_report("slides_mlp", notation="slides")
    data = json.loads(gn.explain(report.info.model, report.info.X, report.info.Y,
                                 notation="slides", answers={"b2_new": 0.06}).to_json())
    assert data["notation"] == "slides" and data["loss"] == pytest.approx(0.08)
    # raw engine arrays are in Keras orientation: W1 (n_in=2, n_out=3)
    np.testing.assert_allclose(data["layers"][0]["W_new"], [[0.484, 0.288, 0.592],
                                                            [0.168, 0.776, 0.384]])
    assert data["check"]["items"][0]["status"] == "right"
    titles = [s["title"] for s in data["sections"]]
    assert titles[:3] == ["Forward pass", "Loss", "Backward pass (chain rule)"]


LATEX_CASES = pytest.mark.parametrize("notation,optimizer", [
    ("lab", gn.optimizers.SGD(1.0)),
    ("slides", gn.optimizers.SGD(0.1, momentum=0.9)),
    ("keras", gn.optimizers.Adam(0.01)),
    ("keras", gn.optimizers.RMSprop(0.01)),
])


def latex_document(notation, optimizer):
    spec = load_spec(example_spec_path("lab_backprop"))
    spec.model.compile(optimizer=optimizer, loss="binary_crossentropy")  # fused gradient too
    report = gn.explain(spec.model, spec.x, spec.y, notation=notation, sig=5,
                        answers={"loss": 0.6} if notation != "slides" else None)
    return report.to_latex()


@LATEX_CASES
def test_latex_structure(notation, optimizer):
    """Balanced environments and braces, ASCII only: checked on every machine."""
    latex = latex_document(notation, optimizer)
    assert latex.startswith(r"\documentclass") and latex.rstrip().endswith(r"\end{document}")
    for env in ("align*", "bmatrix"):
        assert latex.count(rf"\begin{{{env}}}") == latex.count(rf"\end{{{env}}}")
    # each line of an align* but the last ends with \\ (else lines run together)
    assert not re.search(r"^&=[^\n]*[^\\]\n&=", latex, re.M)
    body = re.sub(r"\\[{}]", "", latex)
    assert body.count("{") == body.count("}")
    assert not re.search(r"[^\x00-\x7f]", latex), "pdflatex needs ASCII (or \\usepackage)"


@LATEX_CASES
@pytest.mark.skipif(shutil.which("pdflatex") is None,
                    reason="pdflatex is not installed (apt-get install texlive-latex-base); "
                           "test_latex_structure still checks the document")
def test_latex_compiles_with_pdflatex(notation, optimizer, tmp_path):
    latex = latex_document(notation, optimizer)
    (tmp_path / "report.tex").write_text(latex)
    result = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "report.tex"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]
    assert (tmp_path / "report.pdf").exists()
