"""Build one notebook per seed document from the example scripts.

Run with ``python examples/notebooks/make_notebooks.py`` after editing an example:
the notebooks are generated, never edited by hand, so they always hold the same code
as the scripts (``tests/seeds/test_notebooks.py`` checks this).

A script is cut into cells at its ``# %%`` lines; ``# %% [markdown]`` starts a text
cell (its ``# `` comment prefixes removed); ``# %% [notebook]`` starts a code cell for
the notebook only (a picture: commented out in the script, uncommented here). The
script's docstring becomes the first
text cell, and ``if __name__ == "__main__": main()`` becomes a plain ``main()``.
The notebooks are stored with their outputs, so they show what each seed document
prints without being run: ``make_notebooks.py`` executes them with nbclient (``pip
install -e ".[dev]"`` installs it). ``--no-execute`` writes them without outputs.
"""

import ast
import sys
from pathlib import Path

import nbformat

EXAMPLES = Path(__file__).resolve().parent.parent

SEEDS = {
    "seed_000_and_gate.ipynb": ["and_gate.py"],
    "seed_001_backprop_lab.ipynb": ["backprop_lab.py"],
    "seed_002_slides.ipynb": ["single_neuron.py", "mlp_worked_example.py",
                              "keras_slides.py"],
}

MAIN_GUARD = 'if __name__ == "__main__":\n    main()'


def script_cells(path):
    """Return ``[(kind, source), ...]`` for one script, ``kind`` "markdown" or "code"."""
    text = path.read_text()
    docstring = ast.get_docstring(ast.parse(text))
    cells = [("markdown", f"**`examples/{path.name}`**\n\n{docstring}")] if docstring else []
    body = text.split("\n# %%", 1)[1] if "\n# %%" in text else text
    for chunk in ("# %%" + body).split("\n# %%"):
        header, _, source = chunk.partition("\n")
        source = source.strip("\n").replace(MAIN_GUARD, "main()")
        if not source:
            continue
        if "[markdown]" in header or "[notebook]" in header:
            lines = [line[2:] if line.startswith("# ") else line.lstrip("#")
                     for line in source.splitlines()]
            cells.append(("markdown" if "[markdown]" in header else "code", "\n".join(lines)))
        else:
            cells.append(("code", source))
    return cells


def drop_repeated_imports(source, seen):
    """Remove top-level imports an earlier script of the same notebook already ran."""
    kept = []
    for line in source.splitlines():
        statement = line.split("#")[0].rstrip()
        if line.startswith(("import ", "from ")):
            if statement in seen:
                continue
            seen.add(statement)
        kept.append(line)
    return "\n".join(kept).strip("\n")


def build_notebook(scripts):
    """One notebook from several scripts, with stable cell ids."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3", "language": "python"}
    seen_imports = set()
    for script in scripts:
        stem = Path(script).stem
        for i, (kind, source) in enumerate(script_cells(EXAMPLES / script)):
            if kind == "code":
                source = drop_repeated_imports(source, seen_imports)
            maker = nbformat.v4.new_markdown_cell if kind == "markdown" else (
                nbformat.v4.new_code_cell)
            cell = maker(source)
            cell["id"] = f"{stem}-{i}".replace("_", "-")
            notebook.cells.append(cell)
    return notebook


def execute(notebook):
    """Run every cell in a fresh kernel, from the examples folder, keeping the outputs."""
    from nbclient import NotebookClient

    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(EXAMPLES)}}).execute()
    return notebook


def write_all(out_dir, run=False):
    """Write every seed's notebook into ``out_dir`` (executed if ``run``); return the paths."""
    out_dir = Path(out_dir)
    paths = []
    for name, scripts in SEEDS.items():
        path = out_dir / name
        notebook = build_notebook(scripts)
        nbformat.write(execute(notebook) if run else notebook, path)
        paths.append(path)
    return paths


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--no-execute"]
    out = Path(args[0]) if args else Path(__file__).resolve().parent
    for path in write_all(out, run="--no-execute" not in sys.argv):
        print(f"wrote {path}")
