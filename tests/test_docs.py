"""The documentation site: it builds with ``mkdocs build --strict`` and works offline.

Strict mode turns every warning into a failure: a broken link, a page missing from the
navigation, a ``:::`` reference to a name that does not exist, a docstring that does not
render, an include of a README section that is not there.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, env={**_env(), "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def _env():
    import os

    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def test_every_page_of_the_navigation_is_built(site):
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())

    def pages(nav):
        for entry in nav:
            value = next(iter(entry.values())) if isinstance(entry, dict) else entry
            if isinstance(value, list):
                yield from pages(value)
            else:
                yield value

    built = [re.sub(r"\.(md|ipynb)$", ".html", page) for page in pages(config["nav"])]
    missing = [page for page in built if not (site / page).is_file()]
    assert not missing
    # the notebooks are rendered with their stored outputs, not copied as files only
    lab = (site / "tutorials" / "seed_001_backprop_lab.html").read_text()
    assert "delta4" in lab and "jp-OutputArea" in lab
    # with the pictures: the slides' gradient-descent variants drawn in the notebook
    slides = (site / "tutorials" / "seed_002_slides.html").read_text()
    assert re.search(r'<img[^>]+src="data:image/png;base64,', slides)


def test_the_site_fetches_nothing_from_the_internet(site):
    """No script, style sheet, font or image is loaded from another host."""
    loaded = re.compile(r"""(?:src=|<link[^>]*href=|url\()["']?((?:https?:)?//[^"')\s>]+)""")
    found = {}
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css", ".js") and path.is_file():
            for url in loaded.findall(path.read_text(errors="replace")):
                found.setdefault(url, path.relative_to(site))
    # <a href> links to other sites are fine: they are only followed when clicked
    assert not {u: p for u, p in found.items() if not u.startswith("//www.w3.org")}


def test_the_command_line_page_has_every_command_and_option(site):
    import click

    from glassnet.cli import cli

    page = (site / "cli.html").read_text()
    ctx = click.Context(cli, info_name="glassnet")
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert f"glassnet {name}" in page, name
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--"):
                    assert opt in page, (name, opt)


def test_the_api_reference_shows_the_docstrings(site):
    import glassnet as gn

    page = (site / "reference" / "layers.html").read_text()
    first_line = gn.layers.Dense.__doc__.strip().splitlines()[0]
    assert re.sub(r"``?", "", first_line).split(":")[0][:30] in re.sub(r"<[^>]+>", "", page)


def test_every_notebook_is_a_tutorial_page():
    """A notebook added to examples/notebooks/ is linked into docs/tutorials/ and the
    navigation (mkdocs-jupyter renders it from there with its stored outputs)."""
    import yaml

    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["nav"]
    tutorials = next(entry["Tutorials"] for entry in nav if "Tutorials" in entry)
    listed = {next(iter(entry.values())) for entry in tutorials}
    for notebook in sorted((ROOT / "examples" / "notebooks").glob("*.ipynb")):
        link = ROOT / "docs" / "tutorials" / notebook.name
        assert link.resolve() == notebook.resolve(), f"docs/tutorials/{notebook.name}"
        assert f"tutorials/{notebook.name}" in listed, notebook.name


# fault: (the page, what the build's messages must name)
PAGES = {
    "a page that builds": ("# Fine\n\n[home](index.md)\n\n::: docs_probe.documented\n", ""),
    "a broken link": ("# Broken\n\n[nowhere](no-such-page.md)\n", "no-such-page.md"),
    "a missing reference": ("# Missing\n\n::: glassnet.no_such_name\n", "no_such_name"),
    "a docstring that does not render": ("# Bad\n\n::: docs_probe.misdocumented\n",
                                         "does not appear in the function signature"),
}
PROBE = '''
def documented(x):
    """Return x.

    Parameters
    ----------
    x : float
    """
    return x


def misdocumented(x):
    """Return x.

    Parameters
    ----------
    y : float
        Not a parameter of this function.
    """
    return x
'''


@pytest.mark.parametrize("fault", list(PAGES))
def test_the_strict_build_fails_on_each_kind_of_fault(fault, tmp_path):
    """The site's own settings (strict, validation, mkdocstrings options) on a two-page
    site: it builds when nothing is wrong and fails for each fault the issue names."""
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    plugin = next(p for p in config["plugins"] if isinstance(p, dict) and "mkdocstrings" in p)
    python = plugin["mkdocstrings"]["handlers"]["python"]
    python["paths"] = [str(ROOT / "src"), str(tmp_path)]
    python["options"]["extensions"] = [str(ROOT / "docs/hooks/griffe_dunders.py")
                                       + ":HideDunderAttributes"]
    config.update(docs_dir=str(tmp_path / "docs"), nav=["index.md", "page.md"],
                  plugins=[p for p in config["plugins"] if "mkdocs-jupyter" not in str(p)])
    config.pop("hooks"), config.pop("exclude_docs"), config.pop("extra")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    page, named = PAGES[fault]
    (tmp_path / "docs" / "page.md").write_text(page)
    (tmp_path / "docs_probe.py").write_text(PROBE)
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
         str(tmp_path / "site")], cwd=tmp_path, capture_output=True, text=True,
        env={**_env(), "NO_MKDOCS_2_WARNING": "1"},
    )
    if fault == "a page that builds":
        assert done.returncode == 0, done.stdout + done.stderr
    else:
        assert done.returncode != 0, fault
        assert named in done.stderr, done.stderr


def test_the_api_reference_has_every_namespace():
    """Each namespace whose public names tests/test_docstrings.py checks has a
    ``::: namespace`` block on a page of docs/reference/."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from test_docstrings import NAMESPACES
    finally:
        sys.path.remove(str(ROOT / "tests"))
    blocks = set()
    for page in (ROOT / "docs" / "reference").glob("*.md"):
        blocks.update(re.findall(r"^::: (\S+)", page.read_text(), flags=re.M))
    assert not [ns for ns in NAMESPACES if ns not in blocks]
