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
