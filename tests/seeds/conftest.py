"""Helpers for the seed tests: load an example script as a module, or run it."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="session")
def load_example():
    """``load_example("and_gate")`` imports ``examples/and_gate.py`` (once)."""
    cache = {}

    def load(name):
        if name not in cache:
            spec = importlib.util.spec_from_file_location(
                f"glassnet_example_{name}", EXAMPLES / f"{name}.py")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            cache[name] = module
        return cache[name]

    return load


@pytest.fixture(scope="session")
def run_example():
    """``run_example("and_gate")`` runs the script and returns its stdout."""
    outputs = {}

    def run(name):
        if name not in outputs:
            done = subprocess.run(
                [sys.executable, str(EXAMPLES / f"{name}.py")],
                capture_output=True, text=True, timeout=300, check=False)
            assert done.returncode == 0, done.stderr
            outputs[name] = done.stdout
        return outputs[name]

    return run
