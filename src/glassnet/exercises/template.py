"""Exercise templates: a family of exercises described in a small YAML file.

A template names the network (layer sizes fixed or a range ``[lo, hi]``, activations
fixed or a list to draw from), the loss, the optimizer and its settings, the number
of steps, the notation, how many decimals the given numbers have, and what the
student must compute::

    name: lab_221_sigmoid
    title: Backpropagation by hand
    notation: lab                 # keras | slides | lab
    inputs: 2                     # features (or [lo, hi])
    examples: 1                   # rows of the batch (or [lo, hi])
    layers:
      - {units: 2, activation: sigmoid, use_bias: false}
      - {units: 1, activation: [sigmoid]}
    loss: half_squared_error
    target: real                  # real | binary | one_hot
    optimizer: sgd                # or {name: sgd, momentum: 0.9}
    learning_rate: [0.5, 1.0]     # one value, or a list to draw from
    steps: 1
    decimals: {input: 2, weights: 1, bias: 1, target: 2}
    ranges: {input: [0.1, 0.9], weights: [-1, 1], bias: [-0.5, 0.5], target: [0.1, 0.9]}
    ask: [forward, error, deltas, updates]   # groups, or names such as y3, delta5
    points: 1                     # per question, or {group or name: points}
    tolerance: {rtol: 0.01, atol: 0.000001}
    carried_forward_credit: 0.5

``load_template`` raises ``TemplateError`` (a ``ValueError``) with one line saying
what is wrong and how to fix it.
"""

from dataclasses import dataclass, field
from pathlib import Path

_HERE = Path(__file__).resolve().parent / "templates"

GROUPS = ("forward", "loss", "error", "backprop", "derivatives", "deltas", "gradients",
          "changes", "updates")
TARGETS = ("real", "binary", "one_hot")
_REQUIRED = ("name", "layers", "loss", "learning_rate", "ask")
_DEFAULTS = {
    "title": "", "description": "", "notation": "keras", "inputs": 2, "examples": 1,
    "target": "real", "optimizer": "sgd", "steps": 1, "decimals": 1, "ranges": {},
    "points": 1, "tolerance": {}, "carried_forward_credit": 0.5, "key_digits": 4,
    "min_abs": 1e-4,
}
_RANGES = {"input": [0.1, 0.9], "weights": [-1.0, 1.0], "bias": [-0.5, 0.5],
           "target": [0.1, 0.9]}
_TOLERANCE = {"rtol": 0.01, "atol": 1e-6}


class TemplateError(ValueError):
    """A malformed template; the message is one line.

    Examples
    --------
    >>> from glassnet import exercises
    >>> exercises.load_template("no_such_template")
    Traceback (most recent call last):
        ...
    glassnet.exercises.template.TemplateError: No template file 'no_such_template' and no ...
    """


@dataclass
class Template:
    """A checked template (see the module docstring for each field).

    Parameters
    ----------
    name, title, description : str
    layers : list of dict
        ``units`` (int or ``[lo, hi]``), ``activation`` (a list to draw from), ``use_bias``.
    loss : str
    learning_rate : list of float
        One is drawn per student.
    ask : list of str
        Groups or quantity names.
    notation, inputs, examples, target, optimizer, steps, decimals, ranges, points,
    tolerance, carried_forward_credit, key_digits, min_abs, path
        As in the YAML file.

    Examples
    --------
    >>> from glassnet import exercises
    >>> template = exercises.load_template("lab_221_sigmoid")
    >>> template.loss, template.learning_rate, [layer["units"] for layer in template.layers]
    ('half_squared_error', [0.5, 1.0], [2, 1])
    """

    name: str
    layers: list
    loss: str
    learning_rate: object
    ask: list
    title: str = ""
    description: str = ""
    notation: str = "keras"
    inputs: object = 2
    examples: object = 1
    target: str = "real"
    optimizer: object = "sgd"
    steps: int = 1
    decimals: dict = field(default_factory=dict)
    ranges: dict = field(default_factory=dict)
    points: object = 1
    tolerance: dict = field(default_factory=dict)
    carried_forward_credit: float = 0.5
    key_digits: int = 4
    min_abs: float = 1e-4
    path: object = None


def list_templates():
    """``{name: title}`` of the shipped templates.

    Examples
    --------
    >>> from glassnet import exercises
    >>> "lab_221_sigmoid" in exercises.list_templates()
    True
    """
    return {p.stem: load_template(p).title for p in sorted(_HERE.glob("*.yaml"))}


def template_path(name_or_path):
    """A template file: the path given, or the shipped template of that name."""
    path = Path(name_or_path)
    if path.exists():
        return path
    shipped = _HERE / f"{Path(str(name_or_path)).stem}.yaml"
    if shipped.exists() and path.suffix in ("", ".yaml"):
        return shipped
    names = ", ".join(p.stem for p in sorted(_HERE.glob("*.yaml")))
    raise TemplateError(f"No template file {str(name_or_path)!r} and no shipped template of "
                        f"that name; the shipped ones are {names}.")


def _fail(path, message):
    raise TemplateError(f"{path}: {' '.join(str(message).split())}")


def _size(path, where, value):
    """An int, or ``[lo, hi]`` (inclusive) with ``1 <= lo <= hi``."""
    ok_int = isinstance(value, int) and not isinstance(value, bool) and value >= 1
    ok_range = (isinstance(value, list) and len(value) == 2
                and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
                and 1 <= value[0] <= value[1])
    if not (ok_int or ok_range):
        _fail(path, f"{where} must be a positive integer or a range [lo, hi], got {value!r}.")
    return value


def _layers(path, layers):
    from .. import activations

    if not isinstance(layers, list) or not layers:
        _fail(path, "'layers' must be a non-empty list such as [{units: 2, activation: "
                    "sigmoid}].")
    checked = []
    for l, layer in enumerate(layers, start=1):
        if not isinstance(layer, dict) or "units" not in layer:
            _fail(path, f"layer {l} must be a mapping with 'units', got {layer!r}.")
        unknown = set(layer) - {"units", "activation", "use_bias"}
        if unknown:
            _fail(path, f"layer {l} has unknown key(s) {sorted(unknown)}; allowed: units, "
                        "activation, use_bias.")
        _size(path, f"layer {l} 'units'", layer["units"])
        choices = layer.get("activation", "linear")
        choices = choices if isinstance(choices, list) else [choices]
        for name in choices:
            try:
                activations.get(name)
            except ValueError as error:
                _fail(path, f"layer {l}: {error}")
        checked.append({"units": layer["units"], "activation": choices,
                        "use_bias": bool(layer.get("use_bias", True))})
    return checked


def _decimals(path, value):
    """``{input, weights, bias, target: decimals}`` from one int or a partial mapping."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = dict.fromkeys(_RANGES, value)
    if not isinstance(value, dict) or set(value) - set(_RANGES) or not all(
            isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 4
            for v in value.values()):
        _fail(path, f"'decimals' must be an integer 0..4 or a mapping with keys among "
                    f"{list(_RANGES)}, got {value!r}.")
    return {**dict.fromkeys(_RANGES, 1), **value}


def load_template(name_or_path):
    """Read and check a template.

    Parameters
    ----------
    name_or_path : str or Path
        A template file, or a shipped name such as ``"lab_221_sigmoid"``.

    Returns
    -------
    Template

    Examples
    --------
    >>> from glassnet.exercises import load_template
    >>> t = load_template("lab_221_sigmoid")
    >>> t.notation, t.ask
    ('lab', ['forward', 'error', 'deltas', 'changes', 'updates'])
    """
    from ..explanation._files import read_json_or_yaml

    path = template_path(name_or_path)
    try:
        data = read_json_or_yaml(path)
    except ValueError as error:
        _fail(path, error)
    if not isinstance(data, dict):
        _fail(path, f"a template is a mapping with keys {', '.join(_REQUIRED)}.")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        _fail(path, f"missing key(s) {missing}; a template needs {list(_REQUIRED)}.")
    unknown = sorted(set(data) - set(_REQUIRED) - set(_DEFAULTS))
    if unknown:
        _fail(path, f"unknown key(s) {unknown}; allowed: {list(_REQUIRED) + list(_DEFAULTS)}.")
    t = {**_DEFAULTS, **data}
    if t["notation"] not in ("keras", "slides", "lab"):
        _fail(path, f"'notation' must be keras, slides or lab, got {t['notation']!r}.")
    if t["target"] not in TARGETS:
        _fail(path, f"'target' must be one of {list(TARGETS)}, got {t['target']!r}.")
    ask = t["ask"] if isinstance(t["ask"], list) else [t["ask"]]
    if not ask or not all(isinstance(a, str) for a in ask):
        _fail(path, f"'ask' must list groups among {list(GROUPS)} or quantity names, "
                    f"got {t['ask']!r}.")
    steps = t["steps"]
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        _fail(path, f"'steps' must be a positive integer, got {steps!r}.")
    lr = t["learning_rate"] if isinstance(t["learning_rate"], list) else [t["learning_rate"]]
    if not lr or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0
                         for v in lr):
        _fail(path, f"'learning_rate' must be a positive number or a list of them, got "
                    f"{t['learning_rate']!r}.")
    cf = t["carried_forward_credit"]
    if isinstance(cf, bool) or not isinstance(cf, (int, float)) or not 0 <= cf <= 1:
        _fail(path, f"'carried_forward_credit' must be a number in [0, 1], got {cf!r}.")
    if not isinstance(t["ranges"], dict) or set(t["ranges"]) - set(_RANGES):
        _fail(path, f"'ranges' must be a mapping with keys among {list(_RANGES)}, got "
                    f"{t['ranges']!r}.")
    ranges = {**_RANGES, **t["ranges"]}
    for key, value in ranges.items():
        if (not isinstance(value, list) or len(value) != 2
                or not all(isinstance(v, (int, float)) for v in value) or value[0] >= value[1]):
            _fail(path, f"ranges.{key} must be [low, high] with low < high, got {value!r}.")
    points = t["points"]
    number = (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)  # noqa: E731
              and v >= 0)
    if not (number(points) or isinstance(points, dict) and all(
            isinstance(k, str) and number(v) for k, v in points.items())):
        _fail(path, f"'points' must be a number >= 0 or a mapping {{group or name: points}}, "
                    f"got {points!r}.")
    tolerance = {**_TOLERANCE, **(t["tolerance"] or {})}
    if set(tolerance) - set(_TOLERANCE):
        _fail(path, f"'tolerance' takes rtol and atol, got {t['tolerance']!r}.")
    return Template(
        name=str(t["name"]), layers=_layers(path, t["layers"]), loss=str(t["loss"]),
        learning_rate=[float(v) for v in lr], ask=ask, title=str(t["title"] or t["name"]),
        description=" ".join(str(t["description"]).split()), notation=t["notation"],
        inputs=_size(path, "'inputs'", t["inputs"]),
        examples=_size(path, "'examples'", t["examples"]), target=t["target"],
        optimizer=t["optimizer"], steps=steps, decimals=_decimals(path, t["decimals"]),
        ranges=ranges, points=t["points"], tolerance=tolerance,
        carried_forward_credit=float(cf), key_digits=int(t["key_digits"]),
        min_abs=float(t["min_abs"]), path=path)
