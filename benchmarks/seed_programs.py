"""The seeds' own NumPy programs, as the examples quote them verbatim.

``SimpleANN`` is the AND-gate network of seed 000 (``examples/and_gate.py``) and
``NeuralNetwork`` the XOR network of seed 001 (``examples/backprop_lab.py``), their
code unchanged from the course documents; the benchmark times them as the reference
for glassnet's ``fit`` on the same problems. They are loaded from the examples so the
repository holds one copy of each.
"""

import importlib.util
from pathlib import Path

import glassnet as gn

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _load(name):
    spec = importlib.util.spec_from_file_location(f"glassnet_example_{name}",
                                                  EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    floatx = gn.backend.floatx()
    try:
        spec.loader.exec_module(module)
    finally:
        # the examples work in float64 (gn.backend.set_floatx): every later section of
        # the benchmark would otherwise build its models in float64 too
        gn.backend.set_floatx(floatx)
    return module


_and_gate = _load("and_gate")
_lab = _load("backprop_lab")

SimpleANN = _and_gate.SimpleANN
AND_X, AND_Y = _and_gate.X, _and_gate.Y  # examples in columns, as the seed has them

NeuralNetwork = _lab.NeuralNetwork
XOR_X, XOR_Y = _lab.X, _lab.y  # examples in rows, as the lab has them
