"""MkDocs hooks that keep one home per fact: pages take their text from where it lives.

- ``<!-- include: README.md#Heading -->`` puts that section of a repository file (the
  heading's text up to the next heading of the same or a higher level; under the
  level-1 title, up to the first heading) into the page,
  with its links rewritten for the site. A missing file or heading stops the build.
- ``<!-- cli-reference -->`` becomes the ``--help`` of every ``glassnet`` command,
  taken from the command line's own definitions.
- ``<!-- train-step-trace -->`` becomes the list of every glassnet function one
  ``train_on_batch`` runs, file by file (``scripts/trace_train_step.py``, run at build).
- ``benchmarks/README.md`` and its result files become the pages ``speed/``.

The notebooks of ``examples/notebooks/`` are the pages ``tutorials/*.ipynb`` through
links in ``docs/tutorials/`` (mkdocs-jupyter renders them with their stored outputs).
"""

import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]

# Repository files that are pages of the site too: where a link to them points there.
SITE_PAGES = {
    "benchmarks/README.md": "speed/index.md",
    "benchmarks/results/sklearn_comparison.md": "speed/sklearn_comparison.md",
    "benchmarks/results/tabular.md": "speed/tabular.md",
    "benchmarks/results/speed.md": "speed/speed.md",
    "examples/README.md": "examples.md",
}
GENERATED = dict(SITE_PAGES)  # the pages this hook adds; the notebooks are linked
for notebook in sorted((ROOT / "examples" / "notebooks").glob("*.ipynb")):
    SITE_PAGES[f"examples/notebooks/{notebook.name}"] = f"tutorials/{notebook.name}"

INCLUDE = re.compile(r"<!--\s*include:\s*(?P<path>[^#\s]+)#(?P<heading>[^>]+?)\s*-->")
LINK = re.compile(r"(?P<bang>!?)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")


def section(path, heading):
    """The lines of ``path`` under ``heading``, without the heading line itself."""
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    fence = False
    start = level = None
    for i, line in enumerate(lines):
        if line.startswith("```"):
            fence = not fence
        match = None if fence else HEADING.match(line)
        if match is None:
            continue
        if start is None and match.group(2) == heading:
            start, level = i + 1, len(match.group(1))
        elif start is not None and (len(match.group(1)) <= level or level == 1):
            return "\n".join(lines[start:i]).strip("\n")
    if start is None:
        raise PluginError(f"include: {path} has no heading '{heading}'.")
    return "\n".join(lines[start:]).strip("\n")


def rewrite_links(text, source, page):
    """Make the relative links of ``source`` (a repository path) work from ``page``."""

    def fix(match):
        target = match.group("target")
        if re.match(r"[a-z]+:|#|/", target):
            return match.group(0)
        path, _, anchor = target.partition("#")
        repo_path = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if repo_path.startswith("docs/"):
            site_path = repo_path[len("docs/"):]
        elif repo_path in SITE_PAGES:
            site_path = SITE_PAGES[repo_path]
        else:  # a file of the repository that is not on the site: name it, don't link it
            return f"{match.group('text')} (`{repo_path}`)"
        relative = posixpath.relpath(site_path, posixpath.dirname(page) or ".")
        return f"{match.group('bang')}[{match.group('text')}]({relative}" + (
            f"#{anchor})" if anchor else ")")

    return LINK.sub(fix, text)


def cli_reference():
    """Markdown of ``glassnet --help`` and every sub-command's ``--help``."""
    import click

    from glassnet.cli import cli

    def walk(command, names):
        ctx = click.Context(command, info_name=" ".join(names))
        yield names, command.get_help(ctx)
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                yield from walk(command.get_command(ctx, name), [*names, name])

    parts = []
    for names, text in walk(cli, ["glassnet"]):
        title = " ".join(names)
        parts.append(f"## `{title}`\n\n```text\n{text}\n```\n")
    return "\n".join(parts)


def train_step_trace():
    """Markdown of ``scripts/trace_train_step.py``'s trace of one ``train_on_batch``."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "trace_train_step", ROOT / "scripts" / "trace_train_step.py")
    trace = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(trace)
    count, n_files, seen = trace.measure()
    lines = [f"- `src/glassnet/{path}`: " + ", ".join(f"`{name}`" for name in sorted(names))
             for path, names in sorted(seen.items())]
    return f"{count} functions in {n_files} files:\n\n" + "\n".join(lines)


def on_files(files, config):
    for repo_path, site_path in GENERATED.items():
        source = ROOT / repo_path
        if not source.exists():
            raise PluginError(f"site page {site_path}: {repo_path} is missing.")
        files.append(File.generated(config, site_path, abs_src_path=str(source)))
    return files


def on_page_markdown(markdown, page, config, files):
    here = page.file.src_uri
    source = next((repo for repo, site in SITE_PAGES.items() if site == here), None)
    if source is not None and source.endswith(".md"):
        markdown = rewrite_links(markdown, source, here)

    def include(match):
        path, heading = match.group("path"), match.group("heading")
        return rewrite_links(section(path, heading), path, here)

    markdown = INCLUDE.sub(include, markdown)
    if "<!-- cli-reference -->" in markdown:
        markdown = markdown.replace("<!-- cli-reference -->", cli_reference())
    if "<!-- train-step-trace -->" in markdown:
        markdown = markdown.replace("<!-- train-step-trace -->", train_step_trace())
    return markdown
