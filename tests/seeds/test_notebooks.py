"""The seed notebooks are generated from the example scripts and stay in sync."""

import contextlib
import importlib.util
import io
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "examples" / "notebooks"


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location(
        "glassnet_make_notebooks", NOTEBOOKS / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_notebooks_match_the_scripts(generator, tmp_path):
    for fresh in generator.write_all(tmp_path):
        committed = NOTEBOOKS / fresh.name
        assert committed.exists(), f"run python {NOTEBOOKS / 'make_notebooks.py'}"
        assert cells(committed) == cells(fresh), (
            f"{committed.name} is out of date: run python examples/notebooks/make_notebooks.py")


def cells(path):
    """The notebook's cells without their outputs (the committed ones are executed)."""
    notebook = nbformat.read(path, as_version=4)
    return [(cell.cell_type, cell.id, cell.source) for cell in notebook.cells]


@pytest.mark.parametrize("name", ["seed_000_and_gate.ipynb", "seed_001_backprop_lab.ipynb",
                                  "seed_002_slides.ipynb"])
def test_committed_notebooks_show_their_outputs(name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    printed = "".join(out.get("text", "") for cell in code for out in cell.outputs)
    assert printed.strip(), f"{name} has no outputs: run make_notebooks.py"
    assert not any(out.output_type == "error" for cell in code for out in cell.outputs)


@pytest.mark.parametrize("name", ["seed_000_and_gate.ipynb", "seed_001_backprop_lab.ipynb",
                                  "seed_002_slides.ipynb"])
def test_notebook_is_valid_and_its_code_compiles(name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert code and code[-1].rstrip().endswith("main()")
    for source in code:
        compile(source, name, "exec")


def test_and_gate_notebook_runs_and_prints_the_seeds_prediction():
    notebook = nbformat.read(NOTEBOOKS / "seed_000_and_gate.ipynb", as_version=4)
    namespace = {"__name__": "notebook"}
    with contextlib.redirect_stdout(io.StringIO()) as out:
        for cell in notebook.cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, "notebook", "exec"), namespace)
    assert out.getvalue().count("Predictions: [[0 0 0 1]]") == 2


def test_lab_notebook_shows_the_html_report_and_a_check_of_the_documents_answers():
    notebook = nbformat.read(NOTEBOOKS / "seed_001_backprop_lab.ipynb", as_version=4)
    html = [out["data"]["text/html"] for cell in notebook.cells if cell.cell_type == "code"
            for out in cell.outputs if "text/html" in out.get("data", {})]
    report = next(h for h in html if "δ5" in h and "w1,3 (new)" in h)
    verdicts = next(h for h in html if "new error" in h and h is not report)
    assert "glassnet-explain" in report
    # the document's delta4 (a slipped decimal point) and five new weights are wrong
    assert verdicts.count("new error") >= 6 and "10/16" in verdicts
