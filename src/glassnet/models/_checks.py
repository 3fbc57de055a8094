"""Checking what users pass to fit/evaluate/predict, before any arithmetic.

Every check raises a ValueError/TypeError that names the model, says what was
received and what was expected, and how to fix it.
"""

import numpy as np

from .. import backend
from .. import losses as losses_module
from . import _data


class InputChecks:
    """Turns ``x``, ``y`` and sample weights into checked arrays for a model."""

    def _dtype(self):
        """The dtype data is cast to: the model's, else that of its weights."""
        if self.dtype:
            return self.dtype
        for layer in self.layers:
            if layer.built and layer.dtype:
                return layer.dtype
        return backend.floatx()

    def _prepare_x(self, x):
        """Return the input as a list of checked arrays (one per model input)."""
        xs = list(x) if isinstance(x, (list, tuple)) and self._n_inputs() > 1 else [x]
        if len(xs) != self._n_inputs():
            raise ValueError(
                f"Model '{self.name}' has {self._n_inputs()} inputs, but x holds "
                f"{len(xs)} arrays. Pass a list with one array per Input."
            )
        arrays = [_data.to_array(a, "x", self._dtype()) for a in xs]
        if len({len(a) for a in arrays}) > 1:
            raise ValueError(
                f"All inputs must have the same number of rows, but got {[len(a) for a in arrays]}."
            )
        if not self.built:
            self.build([(None, *a.shape[1:]) for a in arrays] if len(arrays) > 1
                       else (None, *arrays[0].shape[1:]))
        for a, shape, layer_name in zip(arrays, self._input_shapes(), self._input_names()):
            if tuple(a.shape[1:]) != tuple(shape[1:]):
                n = shape[1] if len(shape) == 2 else shape[1:]
                raise ValueError(
                    f"Model '{self.name}' (input '{layer_name}') expects inputs with "
                    f"{n} features per example, shape (m, {', '.join(map(str, shape[1:]))}), "
                    f"but got an array of shape {a.shape}. Pass x with the columns the "
                    "model was built on."
                )
        return arrays

    def _prepare_y(self, y, m):
        """Return the targets as an ``(m, n_out)`` array checked against the loss."""
        n_out = self.output_layer.output_shape[-1]
        y_raw = _data.to_array(y, "y", self._dtype())
        if len(y_raw) != m:
            raise ValueError(
                f"x has {m} examples but y has {len(y_raw)}: give one target per example."
            )
        loss_name = type(self.loss).name
        if isinstance(self.loss, losses_module.SparseCategoricalCrossentropy):
            if y_raw.ndim > 2 or (y_raw.ndim == 2 and y_raw.shape[1] != 1):
                raise ValueError(
                    f"sparse_categorical_crossentropy expects y of shape (m,) holding "
                    f"class indices, but got shape {y_raw.shape}. For one-hot targets "
                    "use loss='categorical_crossentropy'."
                )
            A_like = np.empty((m, n_out), dtype=self._dtype())
            return self.loss.prepare_targets(y_raw, A_like)
        if y_raw.ndim == 1:
            y_raw = y_raw[:, None]
        if y_raw.ndim != 2 or y_raw.shape[1] != n_out:
            hint = ""
            if isinstance(self.loss, losses_module.CategoricalCrossentropy) and y_raw.shape[1] == 1:
                hint = (" For integer class labels use loss='sparse_categorical_crossentropy', "
                        "or one-hot encode y.")
            raise ValueError(
                f"The model's output layer '{self.output_layer.name}' has {n_out} units, "
                f"so {loss_name} expects y of shape (m, {n_out}), but got y of shape "
                f"{y_raw.shape}.{hint}"
            )
        if isinstance(self.loss, (losses_module.BinaryCrossentropy,
                                  losses_module.CategoricalCrossentropy)):
            if y_raw.min() < 0 or y_raw.max() > 1:
                raise ValueError(
                    f"{loss_name} expects targets between 0 and 1, but got values from "
                    f"{y_raw.min():g} to {y_raw.max():g}. Encode classes as 0/1 (or "
                    "one-hot), or use a regression loss such as 'mse'."
                )
        return y_raw

    def _prepare_weights(self, sample_weight, class_weight, Y, m):
        sw = None
        if sample_weight is not None:
            sw = _data.to_array(sample_weight, "sample_weight", self._dtype()).reshape(-1)
            if len(sw) != m:
                raise ValueError(
                    f"sample_weight has {len(sw)} values but there are {m} examples."
                )
        if class_weight is not None:
            labels = Y.argmax(axis=1) if Y.shape[1] > 1 else (Y[:, 0] > 0.5).astype(int)
            cw = np.array([class_weight.get(int(c), 1.0) for c in labels], dtype=self._dtype())
            sw = cw if sw is None else sw * cw
        return sw

    def _check_batch_size(self, batch_size, default=32):
        if batch_size is None:
            return default
        integer = isinstance(batch_size, (int, np.integer)) and not isinstance(batch_size, bool)
        if not integer or batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, but got {batch_size!r}.")
        return int(batch_size)

    def _prepare_validation(self, validation_data):
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
            raise ValueError(
                "validation_data must be a tuple (x_val, y_val) or (x_val, y_val, "
                f"sample_weight_val), but got {type(validation_data).__name__}."
            )
        xv, yv = validation_data[0], validation_data[1]
        Xs = self._prepare_x(xv)
        Y = self._prepare_y(yv, len(Xs[0]))
        swv = validation_data[2] if len(validation_data) == 3 else None
        return Xs, Y, self._prepare_weights(swv, None, Y, len(Y))

    def _prepare_call(self, what, x, y, sample_weight, class_weight=None):
        """Checked ``(Xs, Y, sw)`` for evaluate/train_on_batch/test_on_batch."""
        self._require_compiled(what)
        Xs = self._prepare_x(x)
        Y = self._prepare_y(y, len(Xs[0]))
        sw = self._prepare_weights(sample_weight, class_weight, Y, len(Y))
        self._collect_parameters()
        self._resolve_metrics()
        return Xs, Y, sw
