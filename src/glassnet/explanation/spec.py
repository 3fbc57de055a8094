"""A network described in a small JSON or YAML file: what ``glassnet explain SPEC`` runs.

A spec gives the layers, the weights (in the notation it names), one input (or a
few rows), the target, the loss, the optimizer and its learning rate (a layer may
also name ``kernel_regularizer`` / ``bias_regularizer`` as ``{l2: 0.01}``,
``batch_normalization: true`` (before the activation; ``after`` for after it) and
``dropout: 0.5`` or ``{rate: 0.5, seed: 1}``)::

    notation: lab            # how the weights are written: keras | slides | lab
    input: [0.35, 0.7]
    target: [0.5]
    loss: half_squared_error
    optimizer: sgd           # or {name: sgd, momentum: 0.9}, adam...
    learning_rate: 1.0
    layers:
      - {units: 2, activation: sigmoid, use_bias: false}
      - {units: 1, activation: sigmoid, use_bias: false}
    weights: {"w1,1": 0.2, "w2,1": 0.2, "w1,2": 0.3, "w2,2": 0.3, "w1,3": 0.3, "w2,3": 0.9}

Weights by notation: ``keras`` -> ``W1`` as ``(n_in, n_out)``, ``b1``; ``slides`` ->
``W1`` as ``(n_out, n_in)`` (the slides' ``W^[1]``), ``b1``; ``lab`` -> ``"w{i},{j}"``
(``i``: unit of the layer below, from 1; ``j``: the neuron's number among the
non-input neurons) and ``b{j}``. Optional: ``name``, ``description``, ``sig``
(significant figures shown; ``decimals`` is its old name), ``exact``, ``answers`` (a
dict, or a file path relative to the spec), ``points`` (per answer) and ``steps``
(training steps shown, 1 by default: 3 shows momentum or Adam building up).

``load_spec`` raises ``SpecError`` (a ``ValueError``) with one line saying what is
wrong and how to fix it.
"""

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ._files import read_json_or_yaml

_REQUIRED = ("layers", "weights", "input", "target", "loss", "learning_rate")
_OPTIONAL = ("name", "description", "notation", "optimizer", "decimals", "sig", "exact",
             "answers", "points", "steps")
_LAYER_KEYS = ("units", "activation", "use_bias", "name", "kernel_regularizer",
               "bias_regularizer", "batch_normalization", "dropout")


class SpecError(ValueError):
    """A malformed spec; the message is one line.

    Examples
    --------
    >>> gn.explanation.load_spec("missing.yaml")
    Traceback (most recent call last):
        ...
    glassnet.explanation.spec.SpecError: missing.yaml: file not found. ...
    """


@dataclass
class Spec:
    """What a spec describes, ready to run: ``explain(spec.model, spec.x, spec.y)``.

    Parameters
    ----------
    model : Model
        Compiled, float64.
    x, y : ndarray
        The inputs ``(m, n_in)`` and targets ``(m, n_out)``.
    notation, sig, exact, answers, points, steps
        As ``explain``.
    name, description : str
    path : Path, optional
        The file it was read from.
    extra : dict
        Other keys of the file.

    Examples
    --------
    >>> spec = gn.explanation.load_spec(gn.explanation.example_spec_path("lab_backprop"))
    >>> spec.notation, spec.x, spec.y
    ('lab', array([[0.35, 0.7 ]]), array([[0.5]]))
    """

    model: object
    x: np.ndarray
    y: np.ndarray
    notation: str = "keras"
    sig: object = None
    exact: bool = False
    answers: object = None
    points: object = None
    steps: int = 1
    name: str = ""
    description: str = ""
    path: object = None
    extra: dict = field(default_factory=dict)


_SPECS = Path(__file__).resolve().parent.parent / "specs"


def _shipped():
    """Names of the shipped example specs, e.g. ``["lab_backprop", "slides_mlp"]``."""
    return sorted(p.stem for p in _SPECS.glob("*.yaml"))


def example_spec_path(name):
    """Path of a shipped example spec: ``"lab_backprop"`` or ``"slides_mlp"``.

    Parameters
    ----------
    name : str

    Examples
    --------
    >>> gn.explanation.example_spec_path("slides_mlp").name
    'slides_mlp.yaml'
    """
    path = _SPECS / f"{name}.yaml"
    if not path.exists():
        raise ValueError(f"No example spec {name!r}; the shipped ones are {_shipped()}.")
    return path


def _fail(path, message):
    raise SpecError(f"{path}: {' '.join(str(message).split())}")


def _read(path):
    if not path.exists():
        _fail(path, f"file not found. Give the path of a .yaml or .json spec, or the name "
                    f"of a shipped example ({', '.join(_shipped())}): 'glassnet explain "
                    "lab_backprop' on the command line, "
                    "load_spec(example_spec_path('lab_backprop')) in Python.")
    try:
        data = read_json_or_yaml(path)
    except ValueError as error:
        _fail(path, error)
    if not isinstance(data, dict):
        _fail(path, f"a spec is a mapping with keys {', '.join(_REQUIRED)}, but the file "
                    f"holds {type(data).__name__}.")
    return data


def _array(path, data, key, ndim_max=2):
    try:
        value = np.asarray(data[key], dtype=np.float64)
    except (TypeError, ValueError):
        _fail(path, f"'{key}' must be a number or a list of numbers, got {data[key]!r}.")
    if value.ndim > ndim_max or not np.all(np.isfinite(value)):
        _fail(path, f"'{key}' must be finite numbers in at most {ndim_max} dimensions, "
                    f"got {data[key]!r}.")
    return value


def _layers(path, data):
    layers = data["layers"]
    if not isinstance(layers, list) or not layers:
        _fail(path, "'layers' must be a non-empty list such as [{units: 2, activation: "
                    "sigmoid}].")
    from .. import activations

    checked = []
    for l, layer in enumerate(layers, start=1):
        if not isinstance(layer, dict) or "units" not in layer:
            _fail(path, f"layer {l} must be a mapping with 'units' (and 'activation', "
                        f"'use_bias'), got {layer!r}.")
        unknown = set(layer) - set(_LAYER_KEYS)
        if unknown:
            _fail(path, f"layer {l} has unknown key(s) {sorted(unknown)}; allowed: "
                        f"{list(_LAYER_KEYS)}.")
        units = layer["units"]
        if isinstance(units, bool) or not isinstance(units, int) or units < 1:
            _fail(path, f"layer {l} 'units' must be a positive integer, got {units!r}.")
        try:
            activations.get(layer.get("activation"))
        except ValueError as error:
            _fail(path, f"layer {l}: {error}")
        if not isinstance(layer.get("use_bias", True), bool):
            _fail(path, f"layer {l} 'use_bias' must be true or false, got "
                        f"{layer['use_bias']!r}.")
        for key in ("kernel_regularizer", "bias_regularizer"):
            if key in layer:
                _penalty(path, l, key, layer[key])
        if layer.get("batch_normalization", False) not in (True, False, "before", "after"):
            _fail(path, f"layer {l} 'batch_normalization' must be true (= before the "
                        f"activation), before, after or false, got "
                        f"{layer['batch_normalization']!r}.")
        if "dropout" in layer:
            _dropout(path, l, layer["dropout"])
        checked.append(layer)
    return checked


def _penalty(path, l, key, value):
    """``{l2: 0.01}``, ``{l1: 0.01, l2: 0.02}`` (or ``l2`` for Keras's default 0.01)."""
    from .. import regularizers

    if isinstance(value, str) and value.lower() in regularizers.REGULARIZERS:
        return regularizers.get(value.lower())
    if isinstance(value, dict) and value and set(value) <= {"l1", "l2"} and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value.values()):
        try:
            if len(value) == 1:  # L1(0.01) or L2(0.01), named as the course names them
                (name, v), = value.items()
                return regularizers.REGULARIZERS[name](float(v))
            return regularizers.L1L2(**{k: float(v) for k, v in value.items()})
        except ValueError as error:
            _fail(path, f"layer {l} '{key}': {error}")
    _fail(path, f"layer {l} '{key}' must be l1, l2, l1_l2 or a mapping such as "
                f"{{l2: 0.01}} or {{l1: 0.01, l2: 0.01}}, got {value!r}.")


def _dropout(path, l, value):
    """``0.5`` or ``{rate: 0.5, seed: 1}`` -> ``(rate, seed)`` (seed 0: the same mask
    every run, as a worked sheet needs)."""
    rate, seed = (value.get("rate"), value.get("seed", 0)) if isinstance(value, dict) else (
        value, 0)
    if (isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate < 1
            or isinstance(seed, bool) or not isinstance(seed, int)
            or isinstance(value, dict) and set(value) - {"rate", "seed"}):
        _fail(path, f"layer {l} 'dropout' must be a rate in [0, 1) or {{rate: 0.5, seed: 1}}, "
                    f"got {value!r}.")
    return float(rate), seed


def _weights(path, data, layers, sizes, notation):
    """Return ``[(W (n_in, n_out), b or None), ...]`` from the spec's weights."""
    weights = data["weights"]
    if not isinstance(weights, dict):
        _fail(path, "'weights' must be a mapping, e.g. {W1: [[...]], b1: [...]} "
                    "(or {'w1,1': 0.2, ...} with notation: lab).")
    from .answers import normalize_key

    def name(key):  # "W_1" -> "w1"; the lab keeps its comma: "w_{1,3}" -> "w1,3"
        return normalize_key(key) if notation == "lab" else normalize_key(key).replace(",", "")

    given = {name(k): v for k, v in weights.items()}
    used, out, offset = set(), [], 0
    for l, layer in enumerate(layers, start=1):
        n_in, n_out = sizes[l - 1], sizes[l]
        use_bias = layer.get("use_bias", True)
        if notation == "lab":
            W = np.zeros((n_in, n_out))
            for i in range(n_in):
                for j in range(n_out):
                    W[i, j] = _lab_weight(path, given, f"w{i + 1},{offset + j + 1}", used)
            b = (np.array([_lab_weight(path, given, f"b{offset + j + 1}", used)
                           for j in range(n_out)]) if use_bias else None)
        else:
            shape = (n_in, n_out) if notation == "keras" else (n_out, n_in)
            W = _matrix(path, given, f"w{l}", shape, used, notation)
            W = W if notation == "keras" else W.T
            b = _matrix(path, given, f"b{l}", (n_out,), used, notation) if use_bias else None
        out.append((W, b))
        offset += n_out
    extra = sorted(k for k in weights if name(k) not in used)
    if extra:
        _fail(path, f"'weights' has entries no layer uses: {extra} (a bias of a layer with "
                    "use_bias: false? a typo?).")
    return out


def _lab_weight(path, given, key, used):
    if key not in given:
        _fail(path, f"'weights' lacks {key!r} (notation lab: w<i>,<j> from unit i of the "
                    "layer below into neuron j, counted among the non-input neurons).")
    used.add(key)
    try:
        return float(given[key])
    except (TypeError, ValueError):
        _fail(path, f"weight {key!r} must be a number, got {given[key]!r}.")


def _matrix(path, given, key, shape, used, notation):
    name = key[0].upper() + key[1:] if key.startswith("w") else key
    if key not in given:
        _fail(path, f"'weights' lacks {name} (shape {shape} in notation {notation}).")
    used.add(key)
    try:
        value = np.asarray(given[key], dtype=np.float64)
    except (TypeError, ValueError):
        _fail(path, f"{name} must be numbers, got {given[key]!r}.")
    if value.size != int(np.prod(shape)) or (value.ndim == 2 and value.shape != shape
                                              and len(shape) == 2):
        _fail(path, f"{name} must have shape {shape} in notation {notation} (n_in = "
                    f"inputs of the layer, n_out = its units), but got shape {value.shape}.")
    return value.reshape(shape)


def load_spec(path):
    """Read and check a spec; return a ``Spec`` with a compiled float64 model.

    Parameters
    ----------
    path : str or Path
        A ``.yaml`` or ``.json`` spec (see ``glassnet/specs/*.yaml``).

    Examples
    --------
    >>> spec = gn.explanation.load_spec(gn.explanation.example_spec_path("lab_backprop"))
    >>> [layer.units for layer in spec.model.layers]
    [2, 1]
    """
    path = Path(path)
    data = _read(path)
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        _fail(path, f"missing key(s) {missing}; a spec needs {list(_REQUIRED)}.")
    unknown = sorted(set(data) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        _fail(path, f"unknown key(s) {unknown}; allowed: {list(_REQUIRED + _OPTIONAL)}.")
    notation = data.get("notation", "keras")
    if notation not in ("keras", "slides", "lab"):
        _fail(path, f"'notation' must be keras, slides or lab, got {notation!r}.")
    layers = _layers(path, data)
    x = _array(path, data, "input")
    X = x.reshape(1, -1) if x.ndim <= 1 else x
    sizes = [X.shape[1]] + [layer["units"] for layer in layers]
    y = _array(path, data, "target")
    Y = y.reshape(1, -1) if y.ndim <= 1 and len(X) == 1 else y
    if Y.ndim == 1:
        Y = Y.reshape(-1, 1)
    if Y.shape != (len(X), sizes[-1]):
        _fail(path, f"'target' must give {sizes[-1]} value(s) per example for {len(X)} "
                    f"example(s), i.e. shape {(len(X), sizes[-1])}, but got shape {y.shape}.")
    weights = _weights(path, data, layers, sizes, notation)
    model = _build(path, data, layers, sizes, weights)
    sig = data.get("sig", data.get("decimals"))
    if sig is not None and (isinstance(sig, bool) or not isinstance(sig, int)
                            or not 1 <= sig <= 17):
        _fail(path, f"'sig' must be a whole number of significant figures from 1 to 17, "
                    f"got {sig!r}.")
    points = data.get("points")
    if points is not None and not isinstance(points, dict):
        _fail(path, f"'points' must be a mapping {{answer name: points}}, got {points!r}.")
    steps = data.get("steps", 1)
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= 100:
        _fail(path, f"'steps' must be a whole number of training steps from 1 to 100, got "
                    f"{steps!r}.")
    return Spec(model=model, x=X, y=Y, notation=notation, sig=sig, steps=steps,
                exact=bool(data.get("exact", False)), points=points,
                answers=_answers(path, data), name=str(data.get("name", path.stem)),
                description=str(data.get("description", "")), path=path)


def _build(path, data, layers, sizes, weights):
    from .. import losses, optimizers
    from ..layers import Activation, BatchNormalization, Dense, Dropout
    from ..models import Sequential

    lr = data["learning_rate"]
    if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not lr >= 0:
        _fail(path, f"'learning_rate' must be a number >= 0, got {lr!r}.")
    opt = data.get("optimizer", "sgd")
    config = dict(opt) if isinstance(opt, dict) else {"name": opt}
    name = str(config.pop("name", "sgd")).lower()
    if name not in optimizers.OPTIMIZERS:
        _fail(path, f"unknown optimizer {name!r}; expected one of {sorted(optimizers.OPTIMIZERS)}.")
    try:
        optimizer = optimizers.OPTIMIZERS[name](learning_rate=float(lr), **config)
        loss = losses.get(data["loss"])
    except (TypeError, ValueError) as error:
        _fail(path, error)
    model = Sequential(name=str(data.get("name", "spec")), dtype="float64")
    for l, (layer, (W, b)) in enumerate(zip(layers, weights, strict=True), start=1):
        name = layer.get("name", f"layer{l}")
        where = layer.get("batch_normalization", False)
        where = "before" if where is True else where
        penalties = {key: _penalty(path, l, key, layer[key])
                     for key in ("kernel_regularizer", "bias_regularizer") if key in layer}
        dense = Dense(layer["units"], activation=None if where == "before" else
                      layer.get("activation"), use_bias=layer.get("use_bias", True),
                      name=name, dtype="float64", **penalties,
                      **({"input_shape": (sizes[0],)} if l == 1 else {}))
        model.add(dense)
        dense.set_weights([W] + ([b] if b is not None else []))
        if where:
            model.add(BatchNormalization(name=f"{name}_bn", dtype="float64"))
        if where == "before":
            model.add(Activation(layer.get("activation") or "linear", name=f"{name}_g",
                                 dtype="float64"))
        if "dropout" in layer:
            rate, seed = _dropout(path, l, layer["dropout"])
            model.add(Dropout(rate, seed=seed, name=f"{name}_dropout", dtype="float64"))
    model.compile(optimizer=optimizer, loss=loss)
    return model


def _answers(path, data):
    answers = data.get("answers")
    if isinstance(answers, str):
        answers = path.parent / answers
        if not answers.exists():
            _fail(path, f"the answers file {str(answers)!r} does not exist.")
    elif answers is not None and not isinstance(answers, dict):
        _fail(path, f"'answers' must be a mapping or a file path, got {answers!r}.")
    return answers
