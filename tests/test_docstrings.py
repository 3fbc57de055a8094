"""Every public name has a docstring with its parameters and an example that runs.

"Public" is what a user reaches: the names in ``__all__`` of ``glassnet`` and of each
of its namespaces. A function or class that takes arguments documents them in a
``Parameters`` section (numpy style, as the API reference renders them) that names
every argument, and every docstring has an ``Examples`` section whose ``>>>`` lines
are run here as doctests, so an example can never drift from the code.
"""

import doctest
import importlib
import inspect
import pkgutil
import re

import pytest

import glassnet as gn

NAMESPACES = [
    "glassnet", "glassnet.activations", "glassnet.backend", "glassnet.callbacks",
    "glassnet.config", "glassnet.datasets", "glassnet.exercises", "glassnet.explanation",
    "glassnet.gradcheck", "glassnet.initializers", "glassnet.keras", "glassnet.layers",
    "glassnet.losses", "glassnet.metrics", "glassnet.models", "glassnet.on_dask",
    "glassnet.optimizers", "glassnet.plot", "glassnet.preprocessing", "glassnet.regularizers",
    "glassnet.saving", "glassnet.sklearn", "glassnet.studio", "glassnet.utils",
    # the interchange package is its modules (each imports its own extra on first use)
    "glassnet.interchange.keras_file", "glassnet.interchange.onnx_export",
    "glassnet.interchange.skl2onnx_converters",
]
# Not a Python namespace: the command line, documented by its own --help (docs/cli.md).
NOT_PYTHON_API = {"glassnet.cli"}


def public_names():
    seen = {}
    for namespace in NAMESPACES:
        module = importlib.import_module(namespace)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.ismodule(obj) or not callable(obj):
                continue
            seen.setdefault(id(obj), (f"{namespace}.{name}", obj))
    return sorted(seen.values(), key=lambda pair: pair[0])


PUBLIC = public_names()


def documented_parameters(obj):
    target = obj.__init__ if inspect.isclass(obj) else obj
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return []
    return [p for p in signature.parameters.values()
            if p.name not in ("self", "cls") and p.kind not in (p.VAR_POSITIONAL,
                                                                p.VAR_KEYWORD)]


def parameter_names(doc):
    """The names a numpy-style ``Parameters`` section documents (``a, b : type`` lines)."""
    section = doc.split("Parameters\n----------\n", 1)[1]
    section = re.split(r"\n\n(?=\S[^\n]*\n-{3,}\n)", section, maxsplit=1)[0]  # next section
    names = set()
    for line in section.splitlines():
        if line and not line[0].isspace():
            names.update(n.strip().lstrip("*") for n in line.split(" : ")[0].split(","))
    return names


def test_every_namespace_of_glassnet_is_covered():
    """A new sub-package or module of glassnet is public unless its name starts with _."""
    found = {f"glassnet.{m.name}" for m in pkgutil.iter_modules(gn.__path__)
             if not m.name.startswith("_")}
    covered = {ns for ns in found if any(n == ns or n.startswith(ns + ".") for n in NAMESPACES)}
    assert found - covered - NOT_PYTHON_API == set()


def test_every_namespace_says_what_is_public():
    missing = [ns for ns in NAMESPACES if not hasattr(importlib.import_module(ns), "__all__")]
    assert not missing


@pytest.mark.parametrize("name, obj", PUBLIC, ids=[name for name, _ in PUBLIC])
def test_public_name_is_documented(name, obj):
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"{name} has no docstring"
    parameters = [p.name for p in documented_parameters(obj)]
    if parameters:
        assert "Parameters\n----------" in doc, f"{name}: no 'Parameters' section"
        missing = [p for p in parameters if p not in parameter_names(doc)]
        assert not missing, f"{name}: the Parameters section does not name {missing}"
    assert "Examples\n--------" in doc and ">>>" in doc, f"{name}: no 'Examples' section"


@pytest.mark.parametrize("name, obj", PUBLIC, ids=[name for name, _ in PUBLIC])
def test_public_examples_run(name, obj, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # an example that writes a file writes it here
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(obj, name, globs={"gn": gn}):
        runner.run(test)
    assert runner.failures == 0, f"{name}: {runner.failures} example line(s) failed"
