"""One file per model: the architecture as JSON, the weights and the optimizer state.

The file is a NumPy ``.npz`` archive (a zip) read with ``allow_pickle=False``:

- ``glassnet.json``: a UTF-8 JSON document (format version, model config, compile
  config) stored as bytes,
- ``weight_0 ... weight_k``: the model's weights in ``get_weights`` order,
- ``optimizer_0 ...``: the optimizer's state (step counter, then slots).

Writing goes to a temporary file in the same folder that is moved into place only
when complete, so an interrupted save never leaves a half-written model behind.
"""

import json
import os
import tempfile
import zipfile

import numpy as np

FORMAT = "glassnet-model"
VERSION = 1


def atomic_write(filepath, write, text=False):
    """Write a file through ``write(f)`` so that it appears complete or not at all.

    ``f`` is a temporary file in the same folder (binary, or UTF-8 text when
    ``text``), moved into place only once ``write`` has returned; on any failure
    or interruption it is removed and an existing file at ``filepath`` is untouched.
    The file gets the usual permissions (those of the umask).
    """
    filepath = os.fspath(filepath)
    folder = os.path.dirname(os.path.abspath(filepath))
    if not os.path.isdir(folder):
        raise FileNotFoundError(
            f"Cannot write {filepath!r}: the folder {folder!r} does not exist. Create it first."
        )
    handle, tmp = tempfile.mkstemp(dir=folder, prefix=".glassnet-", suffix=".tmp")
    try:
        mode = {"mode": "w", "encoding": "utf-8", "newline": ""} if text else {"mode": "wb"}
        with os.fdopen(handle, **mode) as f:
            write(f)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files owner-only
        os.replace(tmp, filepath)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _atomic_savez(filepath, arrays):
    atomic_write(filepath, lambda f: np.savez(f, **arrays))


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _header(doc):
    return np.frombuffer(json.dumps(doc).encode("utf-8"), dtype=np.uint8)


def _read(filepath):
    """Return ``(header dict, arrays dict)``; clear errors for foreign or broken files."""
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"No model file at {filepath!r}.")
    if os.path.isfile(filepath) and not zipfile.is_zipfile(filepath):
        raise ValueError(
            f"{filepath!r} is not a glassnet model file (it is not the zip archive that "
            "model.save writes). Give the path of a saved model."
        )
    try:
        with np.load(filepath, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise ValueError(
            f"{filepath!r} is not a glassnet model file (it could not be read as one: "
            f"{error}). Save models with model.save(path)."
        ) from None
    raw = arrays.pop("glassnet.json", None)
    try:
        doc = json.loads(bytes(raw).decode("utf-8")) if raw is not None else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        doc = None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(
            f"{filepath!r} is not a glassnet model file (no glassnet header). Save "
            "models with model.save(path)."
        )
    if doc.get("version", 0) > VERSION:
        raise ValueError(
            f"{filepath!r} was written by a newer glassnet (format {doc['version']}); "
            "upgrade glassnet to read it."
        )
    return doc, arrays


def _ordered(arrays, prefix):
    keys = sorted((k for k in arrays if k.startswith(prefix)), key=lambda k: int(k[len(prefix):]))
    return [arrays[k] for k in keys]


def to_record(model, include_optimizer=True, extra=None):
    """Everything a model file holds, in memory: ``(doc, weights, optimizer_state)``.

    ``doc`` is the JSON-ready header (architecture, compile settings, ``extra``);
    ``weights`` the arrays of ``get_weights``; ``optimizer_state`` the optimizer's
    arrays (empty when it has taken no step or ``include_optimizer`` is False).
    """
    from . import losses, metrics, optimizers

    model._require_built("save")
    doc = {"format": FORMAT, "version": VERSION, "model": model.get_config_with_class()}
    if model.compiled:
        doc["compile"] = {
            "optimizer": optimizers.serialize(model.optimizer),
            "loss": losses.serialize(model.loss),
            "metrics": [m if isinstance(m, str) else metrics.serialize(m)
                        for m in model._metric_ids],
        }
    if extra:
        doc["extra"] = extra
    state = []
    if include_optimizer and model.compiled and model.optimizer.slots is not None:
        state = model.optimizer.get_state()
    return doc, model.get_weights(), state


def from_record(doc, weights, optimizer_state, compile=True, source="the model record"):
    """Rebuild the model ``to_record`` described: same predictions, same training state."""
    from . import losses, metrics, optimizers
    from .models import Model, Sequential

    spec = doc["model"]
    classes = {"Sequential": Sequential, "Model": Model}
    try:
        model = classes[spec["class_name"]].from_config(spec["config"])
    except (KeyError, TypeError) as error:
        raise ValueError(f"{source} holds a model config glassnet cannot read: {error}.") from None
    model.set_weights(weights)
    if compile and "compile" in doc:
        c = doc["compile"]
        model.compile(
            optimizer=optimizers.get(c["optimizer"]),
            loss=losses.get(c["loss"]),
            metrics=[m if isinstance(m, str) else metrics.get(m) for m in c["metrics"]],
        )
        if len(optimizer_state):
            model._collect_parameters()
            model.optimizer.set_state(optimizer_state, model._params)
    model.saved_extra = doc.get("extra", {})
    return model


def save_model(model, filepath, include_optimizer=True, extra=None):
    """Write ``model`` to ``filepath`` (see the module docstring for the format)."""
    doc, weights, state = to_record(model, include_optimizer, extra)
    arrays = {"glassnet.json": _header(doc)}
    arrays.update({f"weight_{i}": w for i, w in enumerate(weights)})
    arrays.update({f"optimizer_{i}": a for i, a in enumerate(state)})
    _atomic_savez(filepath, arrays)


def load_model(filepath, compile=True):
    """Rebuild a model saved by ``model.save``: same predictions, same training state."""
    doc, arrays = _read(filepath)
    return from_record(doc, _ordered(arrays, "weight_"), _ordered(arrays, "optimizer_"),
                       compile, source=repr(filepath))


def save_weights(model, filepath):
    """Write only the weights (and a header naming their shapes)."""
    model._require_built("save_weights")
    weights = model.get_weights()
    doc = {"format": FORMAT, "version": VERSION, "weights_only": True,
           "shapes": [list(w.shape) for w in weights]}
    arrays = {"glassnet.json": _header(doc)}
    arrays.update({f"weight_{i}": w for i, w in enumerate(weights)})
    _atomic_savez(filepath, arrays)


def load_weights(model, filepath):
    """Load weights written by ``save_weights`` or ``save`` into ``model``."""
    _, arrays = _read(filepath)
    model.set_weights(_ordered(arrays, "weight_"))
