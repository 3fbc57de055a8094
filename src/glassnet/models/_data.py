"""Turning user data into checked float arrays, and slicing it into batches."""

import inspect

import numpy as np

from .. import backend


def _describe(x):
    shape = getattr(x, "shape", None)
    return f"{type(x).__name__} of shape {shape}" if shape is not None else type(x).__name__


def to_array(x, what, dtype, allow_nonfinite=False):
    """Return ``x`` (array, list, DataFrame or Series) as a checked float array.

    Raises a ValueError/TypeError naming ``what`` ("x", "y"...) for text columns,
    empty data, and NaN or inf values.
    """
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
    original = array
    with np.errstate(over="ignore"):  # a value too large for dtype becomes inf: below
        array = np.ascontiguousarray(array, dtype=dtype)
    if array.ndim == 0:
        raise ValueError(f"{what} must have one row per example, but got a scalar.")
    if array.shape[0] == 0 or array.size == 0:
        raise ValueError(f"{what} is empty (shape {array.shape}): there is nothing to use.")
    # min and max are NaN/inf exactly when some value is, and need no temporary array
    if not allow_nonfinite and not (np.isfinite(array.min()) and np.isfinite(array.max())):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        cause = "Remove or impute missing values before training."
        if np.isfinite(original[bad]):
            cause = (f"The value there, {float(original[bad]):g}, is too large for "
                     f"{np.dtype(dtype).name}: rescale the data.")
        raise ValueError(f"{what} contains NaN or inf (first at index {bad}). {cause}")
    return array


def is_batch_source(x):
    """Whether ``x`` yields batches itself (a generator, iterator or Sequence)."""
    if inspect.isgenerator(x) or (hasattr(x, "__next__") and hasattr(x, "__iter__")):
        return True
    return hasattr(x, "__getitem__") and hasattr(x, "__len__") and hasattr(x, "on_epoch_end")


def split_batch(item):
    """Return ``(x, y, sample_weight)`` from a generator's item."""
    if not isinstance(item, tuple) or not 1 <= len(item) <= 3:
        raise ValueError(
            "A batch generator must yield (x, y) or (x, y, sample_weight) tuples, but "
            f"yielded {_describe(item)}."
        )
    return item + (None,) * (3 - len(item))


def num_batches(n, batch_size):
    return (n + batch_size - 1) // batch_size


def shuffle_buffers(arrays, batch_size):
    """One ``(batch_size, ...)`` array per array (None stays None), for ``array_batches``."""
    return [None if a is None else np.empty((batch_size, *a.shape[1:]), a.dtype)
            for a in arrays]


def array_batches(arrays, batch_size, shuffle, buffers=None):
    """Yield tuples of batches cut from aligned ``arrays`` (None entries stay None).

    With ``shuffle`` the rows are permuted by glassnet's generator once per epoch.
    One batch covering all rows is never shuffled: its gradient is the same sum.
    Shuffled rows are gathered into ``buffers`` (from ``shuffle_buffers``; reuse
    them across epochs), so a training step holds one batch, not the previous one
    too: each batch is valid until the next one is drawn.
    """
    n = next(len(a) for a in arrays if a is not None)
    if not shuffle or batch_size >= n:
        for start in range(0, n, batch_size):
            yield tuple(None if a is None else a[start:start + batch_size] for a in arrays)
        return
    order = backend.rng().permutation(n)
    if buffers is None:
        buffers = shuffle_buffers(arrays, batch_size)
    for start in range(0, n, batch_size):
        idx = order[start:start + batch_size]
        yield tuple(None if a is None else np.take(a, idx, axis=0, out=buf[:len(idx)],
                                                   mode="clip")  # "raise" would copy
                    for a, buf in zip(arrays, buffers, strict=True))


class ArrayData:
    """Batches of in-memory (or memory-mapped) arrays."""

    def __init__(self, Xs, Y, sw, batch_size, shuffle):
        self.arrays = [*Xs, Y, sw]
        self.batch_size, self.shuffle = batch_size, shuffle
        self.steps = num_batches(len(Y), batch_size)
        self.n_inputs = len(Xs)
        self._buffers = None

    def batches(self):
        if self.shuffle and self._buffers is None:  # one set for all epochs
            self._buffers = shuffle_buffers(self.arrays, self.batch_size)
        for batch in array_batches(self.arrays, self.batch_size, self.shuffle,
                                         self._buffers):
            yield list(batch[: self.n_inputs]), batch[-2], batch[-1]


class GeneratorData:
    """Batches from a generator or Sequence yielding ``(x, y[, sample_weight])``."""

    def __init__(self, model, source, steps_per_epoch):
        self.model, self.source = model, source
        if steps_per_epoch is None and hasattr(source, "__len__"):
            steps_per_epoch = len(source)
        if steps_per_epoch is None:
            raise ValueError(
                "Training from a generator needs steps_per_epoch: how many batches make "
                "one epoch."
            )
        self.steps = int(steps_per_epoch)
        self.indexable = hasattr(source, "__getitem__") and hasattr(source, "__len__")
        self._iterator = None if self.indexable else iter(source)
        # The first batch is read now, so the model is built before training starts.
        self._pending = self._prepare(self._next(0))

    def _next(self, step):
        if self.indexable:
            return self.source[step % len(self.source)]
        try:
            return next(self._iterator)
        except StopIteration:
            return None

    def _prepare(self, item):
        if item is None:
            return None
        x, y, sw = split_batch(item)
        Xs = self.model._prepare_x(x)
        Y = self.model._prepare_y(y, len(Xs[0]))
        return Xs, Y, self.model._prepare_weights(sw, None, Y, len(Y))

    def batches(self):
        for step in range(self.steps):
            batch, self._pending = self._pending, None
            if batch is None:
                batch = self._prepare(self._next(step))
            if batch is None:  # a finite generator ran out
                return
            yield batch
        if self.indexable and hasattr(self.source, "on_epoch_end"):
            self.source.on_epoch_end()
