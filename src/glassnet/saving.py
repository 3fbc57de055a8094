"""One file per model: the architecture as JSON, the weights and the optimizer state.

The file is a NumPy ``.npz`` archive (a zip) read with ``allow_pickle=False``:

- ``glassnet.json``: a UTF-8 JSON document (format version, model config, compile
  config) stored as bytes,
- ``weight_0 ... weight_k``: the model's weights in ``get_weights`` order (format 1
  files of functional models: layers in the order glassnet listed them before it
  followed Keras, inputs first then producers first; they are reordered on loading),
- ``optimizer_0 ...``: the optimizer's state arrays, named in the header's
  ``"optimizer_state"`` list (``"iterations"``, then ``"dense/kernel/m"``...: each
  parameter's state by layer and parameter name). Files written before the state
  had names (no such list) hold the step counter, then the slots parameter by
  parameter in the order of ``model.trainable_parameters()``; they load too.

Writing goes to a temporary file in the same folder that is moved into place only
when complete, so an interrupted save never leaves a half-written model behind.
"""

import contextlib
import json
import math
import os
import tempfile
import zipfile

import numpy as np

from . import _arguments, backend

FORMAT = "glassnet-model"
VERSION = 2  # 2: a functional model's weights in Keras's layer order


def atomic_write(filepath, write, text=False):
    """Write a file through ``write(f)`` so that it appears complete or not at all.

    ``f`` is a temporary file in the same folder (binary, or UTF-8 text when
    ``text``), moved into place only once ``write`` has returned; on any failure
    or interruption it is removed and an existing file at ``filepath`` is untouched.
    The file gets the usual permissions (those of the umask).

    Parameters
    ----------
    filepath : str or path-like
        Its folder must exist.
    write : callable
        ``write(f)`` writes the whole content to the open file ``f``.
    text : bool, default False
        Open ``f`` as UTF-8 text instead of binary.

    Examples
    --------
    >>> from glassnet.saving import atomic_write
    >>> atomic_write("notes.txt", lambda f: f.write("w = 0.3"), text=True)
    >>> open("notes.txt").read()
    'w = 0.3'
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


MAX_HEADER_BYTES = 64 * 2**20  # the JSON header: architecture, compile, extra (64 MiB)
_NUMBERS = "biuf"  # the dtype kinds a model file may hold: bool, int, unsigned, float


class ModelFileError(ValueError):
    """A file that is not a readable glassnet model file (foreign, damaged, hostile).

    Examples
    --------
    >>> _ = open("notes.glassnet", "w").write("not a model")
    >>> gn.models.load_model("notes.glassnet")
    Traceback (most recent call last):
        ...
    glassnet.saving.ModelFileError: 'notes.glassnet' is not a glassnet model file ...
    """


class _Archive:
    """A model file opened for reading, every size checked before it is allocated.

    ``doc`` is the parsed JSON header (at most ``MAX_HEADER_BYTES``). ``arrays``
    reads the ``prefix_0, prefix_1...`` arrays after checking, from each array's
    own ``.npy`` header, that its dtype is numeric, its shape the one expected (or
    its size within ``max_bytes``) and that the zip member holds exactly that many
    bytes, so a zip bomb or a header declaring ``10**12`` values allocates nothing.
    Any other damage (a flipped bit: a bad CRC, a broken zip directory) is a
    ``ModelFileError`` naming the file.
    """

    def __init__(self, filepath):
        self.path = os.fspath(filepath)
        if not os.path.exists(self.path):
            raise FileNotFoundError(f"No model file at {self.path!r}.")
        if not os.path.isfile(self.path):
            raise ModelFileError(f"{self.path!r} is a folder or a device, not a model file.")
        with self._reading("it is not the zip archive that model.save writes"):
            self.zip = zipfile.ZipFile(self.path)
        try:
            self.members = {info.filename: info for info in self.zip.infolist()}
            if "glassnet.json.npy" not in self.members:
                raise self._error("no glassnet header")
            raw = self._array("glassnet.json", max_bytes=MAX_HEADER_BYTES)
            with self._reading("its header is not JSON"):
                doc = json.loads(raw.tobytes().decode("utf-8"))
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                raise self._error("no glassnet header")
            version = doc.get("version", 0)
            if not isinstance(version, int) or isinstance(version, bool):
                raise self._error(f"its format version is {version!r}")
            if version > VERSION:
                raise ModelFileError(
                    f"{self.path!r} was written by a newer glassnet (format {version}); "
                    "upgrade glassnet to read it."
                )
            self.doc = doc
        except BaseException:
            self.zip.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.zip.close()

    def _error(self, why):
        return ModelFileError(
            f"{self.path!r} is not a glassnet model file ({why}). Save models with "
            "model.save(path); a file damaged on disk or in transfer must be saved again."
        )

    @contextlib.contextmanager
    def _reading(self, why):
        """Any error of the zip, npy or JSON readers on damaged bytes -> ModelFileError."""
        try:
            yield
        except (ModelFileError, MemoryError, KeyboardInterrupt):
            raise
        except Exception as error:  # zipfile/zlib/struct/json raise many kinds on bad bytes
            raise self._error(f"{why}: {type(error).__name__}: {error}") from None

    def count(self, prefix):
        n = 0
        while f"{prefix}{n}.npy" in self.members:
            n += 1
        return n

    def arrays(self, prefix, shapes=None, max_bytes=None):
        """The arrays ``prefix0, prefix1...``: of ``shapes`` if given (same count)."""
        n = self.count(prefix)
        if shapes is not None and n != len(shapes):
            raise ModelFileError(
                f"{self.path!r} holds {n} weight arrays, but the model it describes has "
                f"{len(shapes)} ({[tuple(s) for s in shapes]}). The file is damaged or was "
                "written for another architecture."
            )
        return [self._array(f"{prefix}{i}", None if shapes is None else tuple(shapes[i]),
                            max_bytes) for i in range(n)]

    def _array(self, key, shape=None, max_bytes=None):
        info = self.members[key + ".npy"]
        with self._reading(f"its array {key!r} cannot be read"), self.zip.open(info) as f:
            version = np.lib.format.read_magic(f)
            if version == (1, 0):
                declared, fortran, dtype = np.lib.format.read_array_header_1_0(f)
            elif version == (2, 0):
                declared, fortran, dtype = np.lib.format.read_array_header_2_0(f)
            else:
                raise self._error(f"its array {key!r} has npy format {version}")
            if dtype.hasobject or dtype.kind not in _NUMBERS:
                raise self._error(f"its array {key!r} holds {dtype} values, not numbers")
            if shape is not None and tuple(declared) != shape:
                raise ModelFileError(
                    f"{self.path!r}: the array {key!r} has shape {tuple(declared)}, but the "
                    f"model needs {shape}: the file was written for another architecture, "
                    "or it is damaged."
                )
            nbytes = math.prod(declared) * dtype.itemsize
            if max_bytes is not None and nbytes > max_bytes:
                raise self._error(f"its array {key!r} declares {nbytes:,} bytes, more than "
                                  f"the {max_bytes:,} it may hold")
            if f.tell() + nbytes != info.file_size:
                raise self._error(f"its array {key!r} declares {nbytes:,} bytes of data but "
                                  f"the archive holds {info.file_size - f.tell():,}")
            data = f.read()  # exactly nbytes (checked above); the CRC is checked at the end
        order = "F" if fortran else "C"
        return np.frombuffer(data, dtype=dtype).reshape(declared, order=order).copy()


def to_record(model, include_optimizer=True, extra=None):
    """Everything a model file holds, in memory: ``(doc, weights, optimizer_state)``.

    ``doc`` is the JSON-ready header (architecture, compile settings, ``extra``);
    ``weights`` the arrays of ``get_weights``; ``optimizer_state`` the optimizer's
    named arrays, ``optimizer.get_state()`` (empty when it has taken no step or
    ``include_optimizer`` is False).

    Parameters
    ----------
    model : Model
        Built.
    include_optimizer : bool, default True
    extra : dict, optional
        JSON-ready data kept in the header.

    Examples
    --------
    >>> import numpy as np
    >>> model = gn.Sequential([gn.Input((3,)), gn.layers.Dense(2)])
    >>> doc, weights, optimizer_state = gn.saving.to_record(model)
    >>> doc["format"], [w.shape for w in weights], optimizer_state
    ('glassnet-model', [(3, 2), (2,)], {})
    """
    model._require_built("save")
    doc = {"format": FORMAT, "version": VERSION, "model": model.get_config_with_class()}
    if model.compiled:
        doc["compile"] = model.get_compile_config()
    if extra:
        doc["extra"] = extra
    doc["random"] = _random_state(model)
    if getattr(model, "pipeline", None) is not None:  # a TabularPipeline: JSON state
        doc["pipeline"] = model.pipeline.get_config()
    state = {}
    if include_optimizer and model.compiled and model.optimizer.slots is not None:
        state = model.optimizer.get_state()
    return doc, model.get_weights(), state


def from_record(doc, weights, optimizer_state, compile=True, source="the model record"):
    """Rebuild the model ``to_record`` described: same predictions, same training state.

    Parameters
    ----------
    doc, weights, optimizer_state
        What ``to_record`` returns.
    compile : bool, default True
        Restore the optimizer, loss and metrics too.
    source : str
        What the record is called in error messages.

    Examples
    --------
    >>> import numpy as np
    >>> model = gn.Sequential([gn.Input((3,)), gn.layers.Dense(2)])
    >>> same = gn.saving.from_record(*gn.saving.to_record(model))
    >>> x = np.ones((1, 3))
    >>> bool((same.predict(x, verbose=0) == model.predict(x, verbose=0)).all())
    True
    """
    model = _build(doc, source)
    _restore(model, doc, weights, optimizer_state, compile, source)
    return model


def _build(doc, source):
    """The model of ``doc``'s architecture, built, its weights not yet set.

    Built with a throwaway generator: loading draws nothing from glassnet's global
    one, so a run that loads a model goes on drawing the numbers it would have drawn.
    """
    from .models import MODELS as classes
    spec = doc.get("model")
    if not isinstance(spec, dict) or spec.get("class_name") not in classes \
            or not isinstance(spec.get("config"), (dict, list)):
        raise ModelFileError(f"{source} holds no Sequential or functional model config.")
    try:
        with backend.use_generator(np.random.default_rng(0)):
            return classes[spec["class_name"]].from_config(spec["config"])
    except (MemoryError, KeyboardInterrupt):
        raise
    except Exception as error:  # a damaged or hand-made config: any kind, one message
        raise ModelFileError(
            f"{source} holds a model config glassnet cannot read "
            f"({type(error).__name__}: {error})."
        ) from None


def _custom(identifier, custom_objects):
    """A saved ``{"name"/"class_name": ..., "config": ...}`` of a class in ``custom_objects``."""
    if isinstance(identifier, dict) and custom_objects:
        by_name = {**{getattr(c, "name", k): c for k, c in custom_objects.items()},
                   **custom_objects}  # Keras's class name, or the loss's own name
        cls = by_name.get(identifier.get("name", identifier.get("class_name")))
        if cls is not None:
            config = identifier.get("config", {})
            return cls.from_config(config) if hasattr(cls, "from_config") else cls(**config)
    return identifier


def _restore(model, doc, weights, optimizer_state, compile, source, custom_objects=None):
    """Set the weights, compile as saved and restore the optimizer's state."""
    model.set_weights(weights)
    if compile and "compile" in doc:
        try:
            config = dict(doc["compile"])  # classes of your own, from custom_objects

            def custom(item):  # one identifier, or a list of them (per output)
                if isinstance(item, list):
                    return [custom(i) for i in item]
                return _custom(item, custom_objects)

            for key in ("loss", "metrics", "weighted_metrics"):
                if config.get(key) is not None:
                    config[key] = custom(config[key])
            model.compile_from_config(config)
        except (MemoryError, KeyboardInterrupt):
            raise
        except Exception as error:
            raise ModelFileError(
                f"{source} holds compile settings glassnet cannot read "
                f"({type(error).__name__}: {error}). Load it with compile=False."
            ) from None
        if len(optimizer_state):
            parameters = model.trainable_parameters()
            if not isinstance(optimizer_state, dict):
                optimizer_state = _positional_state(model.optimizer, optimizer_state,
                                                    parameters)
            model.optimizer.set_state(optimizer_state, parameters)
    layers = _random_section(doc).get("layers")
    layers = layers if isinstance(layers, dict) else {}
    for layer in model.layers:
        if getattr(layer, "rng", None) is not None and layer.name in layers:
            _set_generator_state(layer.rng, layers[layer.name], source)
    model._training_position = model._resume_position = _position(doc, source)
    extra = doc.get("extra", {})
    model.saved_extra = extra if isinstance(extra, dict) else {}
    if "pipeline" in doc:  # a TabularPipeline: how tables become inputs (JSON state)
        from .datasets.pipeline import TabularPipeline

        model.pipeline = TabularPipeline.from_config(doc["pipeline"])


def _random_state(model):
    """Every generator state training draws from, JSON-ready, so that a loaded model
    goes on exactly as the saved one would have: glassnet's global generator (the
    shuffling order, unseeded Dropout), unless one is lent with ``use_generator``,
    and each layer's own (a seeded Dropout)."""
    layers = {layer.name: layer.rng.bit_generator.state for layer in model.layers
              if getattr(layer, "rng", None) is not None}
    own = backend.rng().bit_generator.state if backend.owns_generator() else None
    position = getattr(model, "_training_position", None)  # fit updates it at each step
    return {"global": own, "layers": layers,
            "position": None if position is None else dict(position)}


def _random_section(doc):
    random = doc.get("random")
    return random if isinstance(random, dict) else {}


def _position(doc, source):
    """Where the saved run stood in its epoch (``fit`` resumes there), checked."""
    position = _random_section(doc).get("position")
    if position is None:
        return None
    from .models._data import generator_in

    keys = ("epoch", "step", "steps", "rows", "batch_size")  # rows: None for a generator
    try:
        if not all(isinstance(position[k], int) and position[k] >= 0 or
                   k == "rows" and position[k] is None for k in keys):
            raise ValueError("not whole numbers")
        if position.get("order") is not None:
            generator_in(position["order"])
    except (TypeError, ValueError, KeyError, OverflowError) as error:
        raise ModelFileError(f"{source} holds a training position glassnet cannot use "
                             f"({type(error).__name__}: {error}).") from None
    return position


def _set_generator_state(generator, state, source):
    try:
        generator.bit_generator.state = state
    except (TypeError, ValueError, KeyError, OverflowError) as error:
        raise ModelFileError(f"{source} holds a random generator state glassnet cannot "
                             f"use ({type(error).__name__}: {error}).") from None


def _positional_state(optimizer, arrays, parameters):
    """Name the state of an older file: ``[iterations, slots of parameter 0, ...]``."""
    arrays = list(arrays)
    names = ["iterations"] + [f"{key}/{slot}" for key, _, _ in parameters
                              for slot in optimizer.slot_names]
    if len(arrays) != len(names):
        raise ModelFileError(
            f"{type(optimizer).__name__} state holds {len(arrays)} arrays, but this "
            f"model needs {len(names)} (the step counter, then {optimizer.slot_names} for "
            f"each of {len(parameters)} parameters)."
        )
    return dict(zip(names, arrays, strict=True))


def _refuse_non_finite(model, filepath):
    """A model with NaN or inf weights could not be loaded back: refuse to write it."""
    for layer in model.layers:
        for name, value in (*layer.params.items(), *layer.state.items()):
            if not np.all(np.isfinite(value)):
                raise ValueError(
                    f"Not saving model '{model.name}' to {os.fspath(filepath)!r}: the "
                    f"weight {layer.name}/{name} holds NaN or inf, so the file could not "
                    "be loaded back. Training diverged: lower the learning rate or scale "
                    "the inputs, and save a model from before (ModelCheckpoint keeps the "
                    "last good one)."
                )


def _is_keras_file(filepath):
    return os.fspath(filepath).lower().endswith(".keras")


def save_model(model, filepath, include_optimizer=True, extra=None):
    """Write ``model`` to ``filepath`` (see the module docstring for the format).

    A path ending in ``.keras`` gets Keras 3's format instead (``interchange``).
    Refuses (ValueError) a model whose weights hold NaN or inf.

    Parameters
    ----------
    model : Model
        Built (compiled or not).
    filepath : str or path-like
        ``.glassnet`` (any name but ``.keras``), or ``.keras`` for Keras 3's format.
    include_optimizer : bool, default True
        Save the optimizer's state too, so training goes on where it stopped.
    extra : dict, optional
        JSON-ready data kept in the header.

    Examples
    --------
    >>> import numpy as np
    >>> model = gn.Sequential([gn.Input((3,)), gn.layers.Dense(2)])
    >>> gn.saving.save_model(model, "model.glassnet")  # what model.save("model.glassnet") does
    >>> np.load("model.glassnet", allow_pickle=False).files
    ['glassnet.json', 'weight_0', 'weight_1']
    """
    model._require_built("save")
    filepath = _arguments.path(filepath, "filepath", "save()")
    include_optimizer = _arguments.flag(include_optimizer, "include_optimizer", "save()")
    _refuse_non_finite(model, filepath)
    if _is_keras_file(filepath):
        from .interchange.keras_file import save_keras

        return save_keras(model, filepath, include_optimizer)
    doc, weights, state = to_record(model, include_optimizer, extra)
    doc["optimizer_state"] = list(state)
    arrays = {"glassnet.json": _header(doc)}
    arrays.update({f"weight_{i}": w for i, w in enumerate(weights)})
    arrays.update({f"optimizer_{i}": state[name] for i, name in enumerate(state)})
    _atomic_savez(filepath, arrays)


def load_model(filepath, compile=True, custom_objects=None):
    """Rebuild a model saved by ``model.save``: same predictions, same training state.

    The random generators are put back as they were when the model was saved
    (glassnet's global one, unless a generator is lent with ``use_generator``, and
    each layer's), so that training the loaded model goes on bit for bit as the
    saved one would have; loading itself draws no random number. A file saved
    inside an epoch (``ModelCheckpoint(save_freq=N)``) also records the epoch's
    shuffling order and the batch reached: ``fit(..., initial_epoch=E)`` with E that
    epoch (counted from 0: the ``{epoch}`` field minus 1) and the same data and
    ``batch_size`` goes on from the next batch, in the same order.

    A ``.keras`` file (Keras 3's format, from Keras or glassnet) is read too.
    ``custom_objects`` maps the class names of your own layers, losses and metrics
    to their classes, as in Keras.
    Raises FileNotFoundError for a missing file and ``ModelFileError`` (a
    ValueError) for anything that is not a complete glassnet model file.

    Parameters
    ----------
    filepath : str or path-like
        A file written by ``model.save``.
    compile : bool
        Restore the optimizer (with its state), the loss and the metrics, so training
        continues where it stopped.
    custom_objects : dict, optional
        Class name -> class, for layers, losses and metrics of your own.

    Returns
    -------
    Model

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.layers.Dense(2, activation="relu", input_shape=(3,)),
    ...                        gn.layers.Dense(1)])
    >>> model.compile(optimizer="adam", loss="mse")
    >>> model.save("model.glassnet")
    >>> same = gn.models.load_model("model.glassnet")
    >>> x = np.ones((1, 3))
    >>> bool((same.predict(x, verbose=0) == model.predict(x, verbose=0)).all())
    True
    """
    filepath = _arguments.path(filepath, "filepath", "load_model()")
    compile = _arguments.flag(compile, "compile", "load_model()")
    if _is_keras_file(filepath):
        from .interchange.keras_file import load_keras

        return load_keras(filepath, compile=compile, custom_objects=custom_objects)
    from .layers import custom_object_scope

    with _Archive(filepath) as archive, custom_object_scope(custom_objects):
        source = repr(archive.path)
        model = _build(archive.doc, source)
        weights = _read_weights(archive, model)
        shapes = [w.shape for w in weights]
        # the optimizer's slots are the size of a weight; the step counter a scalar
        largest = max([8 * math.prod(s) for s in shapes] + [8])
        state = archive.arrays("optimizer_", max_bytes=largest)
        names = archive.doc.get("optimizer_state")  # older files: the state by position
        if names is not None:
            if not isinstance(names, list) or len(names) != len(state) \
                    or not all(isinstance(n, str) for n in names):
                raise ModelFileError(
                    f"{source} names {names!r} as its optimizer state but holds "
                    f"{len(state)} state arrays. Load it with compile=False."
                )
            state = dict(zip(names, state, strict=True))
        _restore(model, archive.doc, weights, state, compile, source, custom_objects)
    saved = _random_section(archive.doc).get("global")
    if saved is not None and backend.owns_generator():  # training goes on where it was
        _set_generator_state(backend.rng(), saved, source)
    return model


def save_weights(model, filepath):
    """Write only the weights (and a header naming their shapes).

    Parameters
    ----------
    model : Model
        Built.
    filepath : str or path-like

    Examples
    --------
    >>> import numpy as np
    >>> model = gn.Sequential([gn.Input((3,)), gn.layers.Dense(2)])
    >>> gn.saving.save_weights(model, "weights.glassnet")
    >>> other = gn.Sequential([gn.Input((3,)), gn.layers.Dense(2)])
    >>> gn.saving.load_weights(other, "weights.glassnet")
    >>> all((a == b).all() for a, b in zip(other.get_weights(), model.get_weights()))
    True
    """
    model._require_built("save_weights")
    _refuse_non_finite(model, filepath)
    weights = model.get_weights()
    doc = {"format": FORMAT, "version": VERSION, "weights_only": True,
           "shapes": [list(w.shape) for w in weights]}
    arrays = {"glassnet.json": _header(doc)}
    arrays.update({f"weight_{i}": w for i, w in enumerate(weights)})
    _atomic_savez(filepath, arrays)


def load_weights(model, filepath):
    """Load weights written by ``save_weights`` or ``save`` into ``model``.

    Parameters
    ----------
    model : Model
        Built, with the architecture whose weights the file holds.
    filepath : str or path-like

    Examples
    --------
    >>> import numpy as np
    >>> model = gn.Sequential([gn.Input((3,)), gn.layers.Dense(2)])
    >>> model.save("model.glassnet")
    >>> other = gn.Sequential([gn.Input((3,)), gn.layers.Dense(2)])
    >>> gn.saving.load_weights(other, "model.glassnet")
    >>> bool((other.layers[0].get_weights()[0] == model.layers[0].get_weights()[0]).all())
    True
    """
    model._require_built("load_weights")
    with _Archive(filepath) as archive:
        shapes = [w.shape for w in model.weights]
        if archive.count("weight_") != len(shapes):
            raise ValueError(
                f"Model '{model.name}' has {len(shapes)} weight arrays ({shapes}), but "
                f"{archive.path!r} holds {archive.count('weight_')}."
            )
        weights = _read_weights(archive, model)
    model.set_weights(weights)


def _read_weights(archive, model):
    """The file's weight arrays, in ``model.get_weights()`` order.

    Format 1 files of functional models list the layers as glassnet did then: the
    inputs' layers, then every layer in the order a depth-first walk from the outputs
    finishes them (each once). Read in that order, then put in Keras's order.
    """
    from .models.functional import Functional

    layers = model.layers
    if archive.doc.get("version", 0) < 2 and isinstance(model, Functional):
        layers = []
        for layer in [t.layer for t in model.inputs] + [t.layer for t in model._nodes]:
            if not any(layer is seen for seen in layers):
                layers.append(layer)
    shapes = [w.shape for layer in layers for w in layer.weights]
    arrays, by_layer = iter(archive.arrays("weight_", shapes)), {}
    for layer in layers:
        by_layer[id(layer)] = [next(arrays) for _ in layer.weights]
    return [w for layer in model.layers for w in by_layer[id(layer)]]


__all__ = ["save_model", "load_model", "save_weights", "load_weights", "ModelFileError",
           "to_record", "from_record", "atomic_write"]
