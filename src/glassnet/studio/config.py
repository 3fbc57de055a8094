"""The studio's configuration: one flat dict that also lives in the page's URL.

    {"dataset": "moons", "points": 200, "noise": 0.1, "test_split": 0.3, "seed": 0,
     "features": ["x1", "x2"], "layers": [[4, "tanh"], [2, "tanh"]],
     "loss": "binary_crossentropy", "optimizer": "sgd", "learning_rate": 0.03,
     "l1": 0.0, "l2": 0.0, "batch_size": 10}

``parse(values)`` checks every entry and returns a complete config (defaults filled
in); a wrong value raises ``ValueError`` with one sentence saying what was received,
what was expected and how to fix it. ``to_query`` / ``from_query`` are the URL form
(``layers=4-tanh,2-tanh``, ``features=x1,x2,x1x2``), so a set-up can be shared as a link.
"""

import math

DATASETS = {
    "moons": "two interleaving half moons",
    "circles": "a circle inside a circle",
    "blobs": "two Gaussian blobs",
    "spirals": "two interleaved spirals",
    "xor_quadrants": "XOR by quadrant: four Gaussian clouds",
    "and": "the AND gate (4 points)",
    "or": "the OR gate (4 points)",
    "xor": "the XOR gate (4 points)",
    "nand": "the NAND gate (4 points)",
    "csv": "your CSV file (two feature columns and a label)",
}
FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2")
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear", "leaky_relu", "elu")
LOSSES = ("binary_crossentropy", "mean_squared_error", "half_squared_error")
OPTIMIZERS = ("sgd", "momentum", "adam", "rmsprop", "adagrad")
MAX_UNITS, MAX_LAYERS, MAX_POINTS = 16, 6, 2000

DEFAULTS = {
    "dataset": "moons", "points": 200, "noise": 0.1, "test_split": 0.3, "seed": 0,
    "features": ["x1", "x2"], "layers": [[4, "tanh"], [2, "tanh"]],
    "loss": "binary_crossentropy", "optimizer": "sgd", "learning_rate": 0.03,
    "l1": 0.0, "l2": 0.0, "batch_size": 10,
}
DATA_KEYS = ("dataset", "points", "noise", "test_split", "seed")
NETWORK_KEYS = ("features", "layers")


def _number(values, key, low, high, integer=False):
    value = values.get(key, DEFAULTS[key])
    kind = "a whole number" if integer else "a number"
    try:
        if isinstance(value, bool):
            raise ValueError
        number = float(value)
        if integer and number != int(number):
            raise ValueError
    except (TypeError, ValueError):
        raise ValueError(f"{key.replace('_', ' ')} must be {kind} from {low:g} to {high:g}, "
                         f"but got {value!r}.") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"{key.replace('_', ' ')} must be {kind} from {low:g} to {high:g}, "
                         f"but got {value!r}.")
    return int(number) if integer else number


def _choice(values, key, choices):
    value = values.get(key, DEFAULTS[key])
    if value not in choices:
        raise ValueError(f"{key.replace('_', ' ')} must be one of {', '.join(choices)}, "
                         f"but got {value!r}.")
    return value


def _layers(value):
    if not isinstance(value, (list, tuple)) or len(value) > MAX_LAYERS:
        raise ValueError(f"layers must be a list of at most {MAX_LAYERS} hidden layers "
                         f"[units, activation], but got {value!r}.")
    layers = []
    for l, layer in enumerate(value, start=1):
        if not isinstance(layer, (list, tuple)) or len(layer) != 2:
            raise ValueError(f"hidden layer {l} must be [units, activation], such as "
                             f"[4, 'tanh'], but got {layer!r}.")
        units, activation = layer
        try:
            ok = not isinstance(units, bool) and float(units) == int(float(units))
        except (TypeError, ValueError):
            ok = False
        if not ok or not 1 <= int(float(units)) <= MAX_UNITS:
            raise ValueError(f"hidden layer {l} must have from 1 to {MAX_UNITS} units, but got "
                             f"{units!r}. Give a whole number of neurons.")
        if activation not in ACTIVATIONS:
            raise ValueError(f"hidden layer {l}'s activation must be one of "
                             f"{', '.join(ACTIVATIONS)}, but got {activation!r}.")
        layers.append([int(float(units)), activation])
    return layers


def _features(value):
    if not isinstance(value, (list, tuple)) or not value:
        raise ValueError(f"features must be a non-empty list chosen from {', '.join(FEATURES)}, "
                         f"but got {value!r}. Tick at least one input.")
    unknown = [f for f in value if f not in FEATURES]
    if unknown:
        raise ValueError(f"unknown input feature {unknown[0]!r}; the inputs are "
                         f"{', '.join(FEATURES)}.")
    return [f for f in FEATURES if f in value]  # the canonical order


def parse(values=None):
    """A complete, checked config from ``values`` (missing keys take the defaults)."""
    values = dict(values or {})
    unknown = sorted(set(values) - set(DEFAULTS))
    if unknown:
        raise ValueError(f"unknown setting {unknown[0]!r}; the settings are "
                         f"{', '.join(DEFAULTS)}.")
    return {
        "dataset": _choice(values, "dataset", tuple(DATASETS)),
        "points": _number(values, "points", 4, MAX_POINTS, integer=True),
        "noise": _number(values, "noise", 0, 1),
        "test_split": _number(values, "test_split", 0, 0.9),
        "seed": _number(values, "seed", 0, 2**31 - 1, integer=True),
        "features": _features(values.get("features", DEFAULTS["features"])),
        "layers": _layers(values.get("layers", DEFAULTS["layers"])),
        "loss": _choice(values, "loss", LOSSES),
        "optimizer": _choice(values, "optimizer", OPTIMIZERS),
        "learning_rate": _positive_rate(values),
        "l1": _number(values, "l1", 0, 10),
        "l2": _number(values, "l2", 0, 10),
        "batch_size": _number(values, "batch_size", 1, MAX_POINTS, integer=True),
    }


def _positive_rate(values):
    rate = _number(values, "learning_rate", 0, 10)
    if rate == 0:
        raise ValueError("learning rate must be above 0 (such as 0.03), but got 0.")
    return rate


def to_query(config):
    """The config as URL query parameters (strings)."""
    query = {k: str(v) for k, v in config.items() if k not in ("features", "layers")}
    query["features"] = ",".join(config["features"])
    query["layers"] = ",".join(f"{units}-{activation}" for units, activation in config["layers"])
    return query


def from_query(query):
    """Inverse of ``to_query``: URL parameters (strings) -> values for ``parse``."""
    values = dict(query)
    if "features" in values:
        values["features"] = [f for f in str(values["features"]).split(",") if f]
    if "layers" in values:
        layers = []
        for part in [p for p in str(values["layers"]).split(",") if p]:
            units, _, activation = part.partition("-")
            layers.append([units, activation])
        values["layers"] = layers
    return values
