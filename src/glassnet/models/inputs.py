"""Checking what users pass to fit/evaluate/predict, before any arithmetic.

Plain functions of a model and the user's data. Each returns checked float arrays or
raises a ValueError/TypeError that names the model, says what was received and what
was expected, and how to fix it.

- ``check_x(model, x)``: the inputs, one ``(m, ...)`` array per model input;
- ``check_data(model, x, y, ...)``: the inputs (``check_x``), the targets as
  ``(m, n_out)`` (class indices one-hot) and the per-example weights
  (``check_sample_weight``); ``to_array``: one array.
"""

import math

import numpy as np

from .. import _arguments, backend
from .. import losses as losses_module

_DTYPES = {name: np.dtype(name) for name in ("float32", "float64")}


def describe(x):
    """``"ndarray of shape (3, 2)"``, or the type's name: for error messages."""
    shape = getattr(x, "shape", None)
    return f"{type(x).__name__} of shape {shape}" if shape is not None else type(x).__name__


def to_array(x, what, dtype, allow_nonfinite=False):
    """Return ``x`` (array, list, DataFrame or Series) as a checked float array.

    Raises a ValueError/TypeError naming ``what`` ("x", "y"...) for text columns,
    empty data, and NaN or inf values. A C-ordered array of ``dtype`` comes back as
    it is (no copy), after one pass that checks its values are finite.
    """
    array = x
    if type(x) is not np.ndarray or x.dtype.kind not in "biuf":
        array = _numeric_array(x, what, dtype)
    original = array
    if array.dtype != dtype or not array.flags.c_contiguous:
        with np.errstate(over="ignore"):  # a value too large for dtype becomes inf: below
            array = np.ascontiguousarray(array, dtype=dtype)
    if array.ndim == 0:
        raise ValueError(f"{what} must have one row per example, but got a scalar.")
    if array.size == 0:  # no rows, or rows of nothing
        raise ValueError(f"{what} is empty (shape {array.shape}): there is nothing to use.")
    if allow_nonfinite:
        return array
    if array.size <= 1 << 16:  # small: look at every value (a 64 KiB mask at most)
        finite = np.isfinite(array).all()
    else:  # large: one pass and no copy. The sum is NaN/inf when some value is (or when
        # finite values add up beyond the dtype's range: the search then finds nothing).
        # Wide rows are first added into one row, at memory speed: twice as fast as
        # NumPy's pairwise sum of all the values (11.5 -> 6 ms for MNIST's 60,000 rows).
        rows = array.reshape(len(array), -1)
        with np.errstate(over="ignore", invalid="ignore"):
            total = rows.sum(axis=0).sum() if rows.shape[1] >= 64 else rows.sum()
        finite = math.isfinite(total) or np.isfinite(array).all()
    if not finite:
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        cause = "Remove or impute missing values before training."
        if np.isfinite(original[bad]):
            cause = (f"The value there, {float(original[bad]):g}, is too large for "
                     f"{np.dtype(dtype).name}: rescale the data.")
        raise ValueError(f"{what} contains NaN or inf (first at index {bad}). {cause}")
    return array


def _numeric_array(x, what, dtype):
    """``x`` as an ndarray of numbers: a DataFrame's values, nested lists, text read
    as numbers; a clear error where that cannot be done."""
    if x is None:
        raise ValueError(f"{what} is missing: pass an array, a list or a DataFrame.")
    if hasattr(x, "to_numpy"):  # pandas DataFrame / Series
        x = x.to_numpy()
    try:
        array = np.asarray(x)
    except ValueError as error:  # ragged nested lists
        raise ValueError(
            f"{what} could not be read as an array ({error}). Every row must have the "
            "same number of values."
        ) from None
    if array.dtype == object or array.dtype.kind in "USV":
        try:
            array = array.astype(dtype)
        except (TypeError, ValueError):
            raise TypeError(
                f"{what} must hold numbers, but got values of type {array.dtype} such "
                f"as {array.reshape(-1)[:3].tolist()}. Encode text columns as numbers "
                "(glassnet.datasets.load_csv one-hot encodes them)."
            ) from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{what} must hold numbers, but got dtype {array.dtype}.")
    return array


def check_x(model, x, allow_nonfinite=False):
    """Return the input as a list of checked arrays (one per model input).

    Builds a model that is not built yet for the width of ``x``. With
    ``allow_nonfinite`` (``model(x)``) the values are not scanned for NaN and inf.
    """
    specs = model._input_specs  # (name, batch shape or None) per input
    if not model.layers:
        raise ValueError(f"Model '{model.name}' has no layers; add some first.")
    # The data's dtype: the model's, else that of its (first) layer, else floatx(); as
    # a dtype object, which to_array compares with the array's at no cost.
    dtype = _DTYPES[model.dtype or model.layers[0].dtype or backend.floatx()]
    if (type(x) is np.ndarray and len(specs) == 1 and x.ndim == 2 and model.built
            and x.shape[1:] == specs[0][1][1:]):
        return [to_array(x, "x", dtype, allow_nonfinite)]  # the usual call: one 2-D array
    n_inputs = len(specs)
    if isinstance(x, dict):  # keyed by Input name, as Keras takes them
        names = [name for name, _ in specs]
        if set(x) != set(names):
            raise ValueError(
                f"Model '{model.name}' has inputs named {names}, but x is a dict with "
                f"keys {sorted(x)}. Key each array by its Input's name."
            )
        x = [x[name] for name in names] if n_inputs > 1 else x[names[0]]
    xs = list(x) if isinstance(x, (list, tuple)) and n_inputs > 1 else [x]
    if len(xs) != n_inputs:
        raise ValueError(
            f"Model '{model.name}' has {n_inputs} inputs, but x holds {len(xs)} arrays. "
            "Pass a list with one array per Input."
        )
    arrays = []
    for a, (_, shape) in zip(xs, specs):
        a = to_array(a, "x", dtype, allow_nonfinite)
        if a.ndim == 1 and (shape is None or tuple(shape[1:]) == (1,)):
            a = a[:, None]  # as Keras: 1-D x is one feature per example
        arrays.append(a)
    if len(arrays) > 1 and len({len(a) for a in arrays}) > 1:
        raise ValueError(
            f"All inputs must have the same number of rows, but got {[len(a) for a in arrays]}."
        )
    if not model.built:
        model.build([(None, *a.shape[1:]) for a in arrays] if len(arrays) > 1
                    else (None, *arrays[0].shape[1:]))
    for a, (layer_name, shape) in zip(arrays, model._input_specs):
        if a.shape[1:] != shape[1:]:
            n = shape[1] if len(shape) == 2 else shape[1:]
            raise ValueError(
                f"Model '{model.name}' (input '{layer_name}') expects inputs with "
                f"{n} features per example, shape (m, {', '.join(map(str, shape[1:]))}), "
                f"but got an array of shape {a.shape}. Pass x with the columns the "
                "model was built on."
            )
    return arrays


def check_sample_weight(sample_weight, class_weight, Y):
    """Per-example weights ``(m,)`` from ``sample_weight`` or ``class_weight``, or None.

    As Keras, the two are not given together (combine them into ``sample_weight``).
    """
    sw = None
    m = len(Y)
    if sample_weight is not None and class_weight is not None:
        raise ValueError(
            "You cannot give class_weight and sample_weight at the same time (as in "
            "Keras): multiply each example's weight by its class's weight and pass "
            "that as sample_weight."
        )
    if sample_weight is not None:
        sw = to_array(np.atleast_1d(sample_weight), "sample_weight", Y.dtype).reshape(-1)
        if len(sw) != m:
            raise ValueError(
                f"sample_weight has {len(sw)} values but there are {m} examples."
            )
    if class_weight is not None:
        if Y.ndim != 2:
            raise ValueError("class_weight needs targets of shape (m, n_out).")
        labels = Y.argmax(axis=1) if Y.shape[1] > 1 else (Y[:, 0] > 0.5).astype(int)
        weights = {c: _arguments.real(w, f"class_weight[{c!r}]", "fit()", low=0)
                   for c, w in class_weight.items()}
        sw = np.array([weights.get(int(c), 1.0) for c in labels], dtype=Y.dtype)
    return sw


def _weights_per_output(model, sample_weight, Y):
    """Several outputs: one ``sample_weight`` array for all (``(m,)``), or one per
    output (a list in output order or a dict by output name) side by side, ``(m, K)``:
    column k weighs output k's loss and weighted metrics, as in Keras."""
    names = model.output_names
    if not isinstance(sample_weight, (list, tuple, dict)):
        return check_sample_weight(sample_weight, None, Y)
    if isinstance(sample_weight, dict):
        if set(sample_weight) != set(names):
            raise ValueError(
                f"sample_weight is a dict with keys {sorted(sample_weight)}, but the "
                f"model's outputs are {names}: give one weight array per output name."
            )
        sample_weight = [sample_weight[name] for name in names]
    if len(sample_weight) != len(names):
        raise ValueError(
            f"sample_weight has {len(sample_weight)} arrays, but the model has "
            f"{len(names)} outputs {names}: give one per output (or one for all)."
        )
    return np.stack([check_sample_weight(w, None, Y) for w in sample_weight], axis=1)


def check_data(model, x, y, sample_weight=None, class_weight=None):
    """Checked ``(Xs, Y, sw)``: inputs, targets and sample weights (None: all 1).

    ``Y`` is ``(m, n_out)``, checked against the output's loss (class indices become
    one-hot rows for a sparse loss), in the dtype of ``x``. With several outputs ``y``
    is a list (in output order) or a dict by output name, each checked against its
    own output; the targets come back side by side, ``(m, n_1 + n_2 + ...)``, and
    ``model._heads[k].columns`` says which columns are output k's.
    """
    Xs = check_x(model, x)  # builds the model if it is not built: the heads know their layer
    heads = model._heads
    if not heads:
        raise ValueError(f"Model '{model.name}' is not compiled, so it has no loss to check "
                         "y against: call model.compile(optimizer=..., loss=...) first.")
    ys = [y] if len(heads) == 1 else _targets_per_output(model, y, class_weight)
    m, dtype = len(Xs[0]), Xs[0].dtype
    Ys = []
    for y_k, head in zip(ys, heads):  # each output's targets, checked against its loss
        loss, layer = head.loss, head.layer
        n_out = layer.output_shape[-1]
        Y = to_array(y_k, "y", dtype)
        if len(Y) != m:
            raise ValueError(
                f"x has {m} examples but y has {len(Y)}: give one target per example."
            )
        loss_name = type(loss).name
        if isinstance(loss, losses_module.SparseCategoricalCrossentropy):
            if Y.ndim > 2 or (Y.ndim == 2 and Y.shape[1] != 1):
                raise ValueError(
                    f"sparse_categorical_crossentropy expects y of shape (m,) holding "
                    f"class indices, but got shape {Y.shape}. For one-hot targets "
                    "use loss='categorical_crossentropy'."
                )
            Ys.append(loss.prepare_targets(Y, np.empty((m, n_out), dtype=dtype)))
            continue
        if Y.ndim == 1:
            Y = Y[:, None]
        if Y.ndim != 2 or Y.shape[1] != n_out:
            hint = ""
            if isinstance(loss, losses_module.CategoricalCrossentropy) and Y.shape[1] == 1:
                hint = (" For integer class labels use loss='sparse_categorical_crossentropy', "
                        "or one-hot encode y.")
            raise ValueError(
                f"The model's output layer '{layer.name}' has {n_out} units, so "
                f"{loss_name} expects y of shape (m, {n_out}), but got y of shape "
                f"{Y.shape}.{hint}"
            )
        if isinstance(loss, (losses_module.BinaryCrossentropy,
                             losses_module.CategoricalCrossentropy)):
            if Y.min() < 0 or Y.max() > 1:
                raise ValueError(
                    f"{loss_name} expects targets between 0 and 1, but got values from "
                    f"{Y.min():g} to {Y.max():g}. Encode classes as 0/1 (or one-hot), or "
                    "use a regression loss such as 'mse'."
                )
        Ys.append(Y)
    Y = Ys[0] if len(Ys) == 1 else np.hstack(Ys)
    if sample_weight is None and class_weight is None:
        return Xs, Y, None
    if len(heads) > 1:
        return Xs, Y, _weights_per_output(model, sample_weight, Y)
    return Xs, Y, check_sample_weight(sample_weight, class_weight, Y)


def _targets_per_output(model, y, class_weight):
    """Several outputs: ``y`` (a list in output order, or a dict by output name) as a
    list with one target array per output."""
    names = model.output_names
    if class_weight is not None:
        raise ValueError(
            "class_weight is not supported for a model with several outputs (as in "
            "Keras): give sample_weight instead."
        )
    if isinstance(y, dict):
        if set(y) != set(names):
            raise ValueError(
                f"y is a dict with keys {sorted(y)}, but the model's outputs are "
                f"{names}: give one target array per output name."
            )
        return [y[name] for name in names]
    if not isinstance(y, (list, tuple)) or len(y) != len(names):
        raise ValueError(
            f"The model has {len(names)} outputs {names}, so y must be a list of "
            f"{len(names)} target arrays (or a dict by output name), but got "
            f"{type(y).__name__} {np.shape(y) if not isinstance(y, (list, tuple)) else len(y)}."
        )
    return list(y)


def check_batch_size(batch_size, default=32):
    """``batch_size`` as a positive int (``default`` for None)."""
    if batch_size is None:
        return default
    integer = isinstance(batch_size, (int, np.integer)) and not isinstance(batch_size, bool)
    if not integer or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, but got {batch_size!r}.")
    return int(batch_size)


def check_validation(model, validation_data):
    """Checked ``(Xs, Y, sw)`` from ``(x_val, y_val)`` or ``(x_val, y_val, sw_val)``."""
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
        raise ValueError(
            "validation_data must be a tuple (x_val, y_val) or (x_val, y_val, "
            f"sample_weight_val), but got {type(validation_data).__name__}."
        )
    sw = validation_data[2] if len(validation_data) == 3 else None
    return check_data(model, validation_data[0], validation_data[1], sw)
