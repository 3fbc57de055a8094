"""The parts of GlassnetClassifier and GlassnetRegressor that are the same.

An estimator turns its parameters into a glassnet ``Sequential`` model in ``fit``
(or calls the user's ``model`` function), trains it with glassnet's own ``fit`` and
predicts with glassnet's own ``predict``: there is no second training loop here.
Subclasses say how targets become the output array ``Y (m, n_outputs)``, which
output activation and loss fit that array, and how outputs become predictions.
"""

import copy
import numbers

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from .. import backend, layers, optimizers, regularizers, saving
from ..callbacks import EarlyStopping
from ..models import Model, Sequential

_PREDICT_BATCH = 4096  # rows per forward pass in predict: large, but bounded memory


class GlassnetEstimator(BaseEstimator):
    """Base class; see GlassnetClassifier and GlassnetRegressor for the parameters."""

    def __init__(self, hidden_layer_sizes=(100,), activation="relu", optimizer="adam",
                 learning_rate=0.001, batch_size="auto", epochs=200, dropout=0.0, l2=0.0,
                 early_stopping=False, validation_fraction=0.1, n_iter_no_change=10,
                 tol=1e-4, random_state=None, verbose=0, model=None, callbacks=None):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.epochs = epochs
        self.dropout = dropout
        self.l2 = l2
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.random_state = random_state
        self.verbose = verbose
        self.model = model
        self.callbacks = callbacks

    # --- what a subclass provides ----------------------------------------------
    _y_numeric = False  # True for regressors: y must hold numbers

    def _encode_targets(self, y, first_call, classes=None):
        """Return ``Y (m, n_outputs)`` for glassnet from scikit-learn's ``y``."""
        raise NotImplementedError

    def _output_activation_and_loss(self):
        """Return ``(activation, loss)`` names for the output layer and compile."""
        raise NotImplementedError

    def _stratify(self, y):
        """Labels to stratify the early-stopping split by, or None."""
        return None

    def _sample_weights(self, sample_weight, y):
        """The per-example weights of the loss before normalising (None: all 1)."""
        return sample_weight

    def _scale_targets(self, Y, first_call, sw=None):
        """The array the network learns (the regressor standardizes it)."""
        return Y

    # --- checking the parameters (in fit, never in __init__) ---------------------
    def _check_params(self):
        sizes = self.hidden_layer_sizes
        sizes = [sizes] if isinstance(sizes, numbers.Integral) else list(sizes)
        if any(isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1
               for n in sizes):
            raise ValueError(
                f"hidden_layer_sizes must be positive integers, one per hidden layer, "
                f"e.g. (100,) or (64, 32), but got {self.hidden_layer_sizes!r}."
            )
        _check_number("epochs", self.epochs, 1, None, integer=True)
        if isinstance(self.batch_size, str) and self.batch_size != "auto":
            raise ValueError(
                f"batch_size must be a positive integer or 'auto' (min(200, n_samples)), "
                f"but got {self.batch_size!r}."
            )
        if self.batch_size != "auto":
            _check_number("batch_size", self.batch_size, 1, None, integer=True)
        _check_number("dropout", self.dropout, 0, 1, high_open=True)
        _check_number("l2", self.l2, 0, None)
        _check_number("learning_rate", self.learning_rate, 0, None)
        _check_number("validation_fraction", self.validation_fraction, 0, 1,
                      low_open=True, high_open=True)
        _check_number("n_iter_no_change", self.n_iter_no_change, 1, None, integer=True)
        _check_number("tol", self.tol, 0, None)
        if self.callbacks is not None and (
                isinstance(self.callbacks, (str, bytes)) or not all(
                    hasattr(c, "set_model") for c in self.callbacks)):
            raise TypeError(
                "callbacks must be a list of glassnet callbacks (glassnet.callbacks."
                f"Callback instances), but got {self.callbacks!r}."
            )
        if self.model is not None and not callable(self.model):
            raise TypeError(
                "model must be a function that builds a glassnet model, called as "
                "model(n_features_in, n_outputs), but got "
                f"{type(self.model).__name__}. Wrap a ready model in a function."
            )
        return [int(n) for n in sizes]

    # --- building ----------------------------------------------------------------
    def _make_optimizer(self):
        if isinstance(self.optimizer, optimizers.Optimizer):
            return copy.deepcopy(self.optimizer)  # never train the parameter itself
        if not isinstance(self.optimizer, str):
            raise TypeError(
                f"optimizer must be a name such as 'adam' or 'sgd', or a "
                f"glassnet.optimizers.Optimizer, but got {type(self.optimizer).__name__}."
            )
        optimizer = optimizers.get(self.optimizer)
        optimizer.learning_rate = self.learning_rate
        return optimizer

    def _make_model(self, sizes, n_features, n_outputs, dtype):
        """Build and compile the glassnet model for inputs ``(m, n_features)``."""
        output_activation, loss = self._output_activation_and_loss()
        if self.model is not None:
            model = self._user_model(n_features, n_outputs)
        else:
            model = Sequential(dtype=dtype)
            model.add(layers.Input((n_features,)))
            for units in sizes:
                model.add(layers.Dense(units, activation=self.activation,
                                       kernel_regularizer=self._penalty()))
                if self.dropout:
                    model.add(layers.Dropout(self.dropout))
            model.add(layers.Dense(n_outputs, activation=output_activation,
                                   kernel_regularizer=self._penalty()))
        if not model.compiled:
            model.compile(optimizer=self._make_optimizer(), loss=loss)
        return model

    def _penalty(self):
        """``l2 * sum W^2`` on each kernel (biases are not penalised), or None."""
        return regularizers.L2(self.l2) if self.l2 else None

    def _user_model(self, n_features, n_outputs):
        model = self.model(n_features, n_outputs)
        if not isinstance(model, Model):
            raise TypeError(
                "The model function must return a glassnet model (Sequential or "
                f"Model), but returned {type(model).__name__}."
            )
        if not model.built:
            model.build((None, n_features))
        units = model.output_layer.output_shape[-1]
        if units != n_outputs:
            raise ValueError(
                f"The model function built a model with {units} output units, but y "
                f"needs {n_outputs} (one per class for several classes, one for two "
                "classes, one per target in regression). Use the n_outputs argument."
            )
        return model

    # --- training ------------------------------------------------------------------
    def _fit(self, X, y, sample_weight=None, incremental=False, classes=None,
             validation_data=None):
        first_call = not (incremental and hasattr(self, "model_"))
        sizes = self._check_params()
        X, y = validate_data(self, X, y, reset=first_call, multi_output=True,
                             dtype=(np.float64, np.float32),
                             y_numeric=self._y_numeric)
        Y = self._encode_targets(y, first_call, classes)
        sw = self._normalised_weights(self._sample_weights(sample_weight, y), X)
        Y = self._scale_targets(Y, first_call, sw)
        given = self._validation(validation_data, X.dtype)
        if first_call:
            self._rng = _generator_from(self.random_state)
            with backend.use_generator(self._rng):
                self.model_ = self._make_model(sizes, X.shape[1], Y.shape[1], X.dtype.name)
            self.history_ = {}
        callbacks, validation_data = [], given
        early_stopping = self.early_stopping and not incremental
        if early_stopping:
            if given is None:  # hold out validation_fraction of the rows
                X, Y, sw, validation_data = self._split_validation(X, Y, sw, y)
            # as MLPClassifier(early_stopping=True): the weights of the best epoch
            callbacks.append(EarlyStopping("val_loss", min_delta=self.tol,
                                           patience=self.n_iter_no_change,
                                           restore_best_weights=True))
        batch_size = min(200, len(X)) if self.batch_size == "auto" else int(self.batch_size)
        with backend.use_generator(self._rng):
            history = self.model_.fit(
                X, Y, batch_size=batch_size, epochs=1 if incremental else self.epochs,
                verbose=int(self.verbose), sample_weight=sw,
                callbacks=[*callbacks, *(self.callbacks or [])],
                validation_data=validation_data,
            )
        for name, values in history.history.items():
            self.history_.setdefault(name, []).extend(float(v) for v in values)
        self.loss_curve_ = list(self.history_["loss"])
        self.n_iter_ = len(self.loss_curve_)
        if early_stopping:
            self.best_validation_loss_ = float(callbacks[0].best)
        if not incremental and not (early_stopping and callbacks[0].stopped_epoch):
            self._warn_unconverged()
        return self

    def _validation(self, validation_data, dtype):
        """``(X_val, Y_val)`` from the user's ``(X_val, y_val)``, encoded as ``y``, or None."""
        if validation_data is None:
            return None
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            raise ValueError(
                "validation_data must be a pair (X_val, y_val), but got "
                f"{type(validation_data).__name__}."
            )
        X_val, y_val = validation_data
        X_val, y_val = validate_data(self, X_val, y_val, reset=False, multi_output=True,
                                     dtype=dtype, y_numeric=self._y_numeric)
        return X_val, self._scale_targets(self._encode_targets(y_val, False), False)

    def _warn_unconverged(self):
        """A ConvergenceWarning when ``fit`` used every epoch while the training loss
        still fell by more than ``tol`` within the last ``n_iter_no_change`` epochs (as
        MLPClassifier warns at ``max_iter``)."""
        from sklearn.exceptions import ConvergenceWarning

        loss, n = self.history_["loss"], self.n_iter_no_change
        if len(loss) < self.epochs:
            return
        if len(loss) > n:
            gain, where = min(loss[:-n]) - min(loss[-n:]), f"within the last {n} epochs"
        else:  # a run no longer than n_iter_no_change: how far it fell in all
            gain, where = loss[0] - min(loss), f"over all {len(loss)} epochs"
        if gain > self.tol:
            import warnings

            warnings.warn(
                f"{type(self).__name__}: training used all {self.epochs} epochs while the "
                f"loss was still falling ({gain:.3g} lower {where}, "
                f"more than tol={self.tol:g}): the network has not converged. Raise "
                "epochs or the learning rate, or set early_stopping=True.",
                ConvergenceWarning, stacklevel=3,
            )

    def _normalised_weights(self, sample_weight, X):
        """Weights scaled to mean 1, or None.

        glassnet's loss is ``sum_i w_i l_i / m``; with weights of mean 1 this is the
        weighted mean ``sum_i w_i l_i / sum_i w_i`` that ``MLPClassifier`` minimises,
        so multiplying every weight by the same number changes nothing.
        """
        if sample_weight is None:
            return None
        sw = _check_sample_weight(sample_weight, X, dtype=X.dtype, ensure_non_negative=True)
        total = sw.sum()
        if not total > 0:
            raise ValueError(
                "sample_weight sums to 0, so no example counts in the loss. Give at "
                "least one example a positive weight."
            )
        return sw * (len(sw) / total)

    def _split_validation(self, X, Y, sw, y):
        from sklearn.model_selection import train_test_split

        arrays = [X, Y] if sw is None else [X, Y, sw]
        seed = int(self._rng.integers(np.iinfo(np.int32).max))
        parts = train_test_split(*arrays, test_size=self.validation_fraction,
                                 random_state=seed, stratify=self._stratify(y))
        X_train, X_val, Y_train, Y_val = parts[:4]
        sw_train, sw_val = (parts[4], parts[5]) if sw is not None else (None, None)
        validation = (X_val, Y_val) if sw is None else (X_val, Y_val, sw_val)
        return X_train, Y_train, sw_train, validation

    # --- pickling --------------------------------------------------------------------
    def __getstate__(self):
        state = dict(super().__getstate__())  # a copy: never change self here
        if "model_" in state and self.model is None:
            state["model_"] = _PickledModel(saving.to_record(state["model_"]))
        return state

    def __setstate__(self, state):
        if isinstance(state.get("model_"), _PickledModel):
            state["model_"] = saving.from_record(*state["model_"].state)
        super().__setstate__(state)

    # --- predicting ------------------------------------------------------------------
    def _outputs(self, X):
        """The model's output ``A (m, n_outputs)`` for ``X``, after the usual checks."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=(np.float64, np.float32))
        A = self.model_.predict(X, batch_size=max(1, min(len(X), _PREDICT_BATCH)))
        # A copy (the layers keep A as their cache), in X's dtype as scikit-learn
        # expects, even from a float32 model built by a user's function.
        return np.array(A, dtype=X.dtype)


class _PickledModel:
    """A model the estimator built, pickled as what a model file holds.

    ``state`` is ``glassnet.saving.to_record(model)``: config, weights, compile
    settings and optimizer state, without the arrays the layers keep from their last
    training pass; unpickling rebuilds the model from it (same predictions, and
    ``partial_fit`` continues exactly). A model from the user's ``model`` function is
    pickled as it is (its layers may be the user's own classes).
    """

    def __init__(self, state):
        self.state = state


def _generator_from(random_state):
    """A NumPy ``Generator`` seeded from scikit-learn's ``random_state`` convention.

    ``None`` gives fresh randomness, an int a fixed stream, a ``RandomState`` the
    next number it draws (as scikit-learn estimators read it).
    """
    from sklearn.utils import check_random_state

    seed = check_random_state(random_state).randint(np.iinfo(np.int32).max)
    return np.random.default_rng(seed)


def _check_number(name, value, low, high, integer=False, low_open=False,
                  high_open=False):
    """Raise a ValueError naming ``name`` unless ``value`` lies in its range."""
    kind = numbers.Integral if integer else numbers.Real
    ok = isinstance(value, kind) and not isinstance(value, bool)
    if ok:
        ok = (value > low if low_open else value >= low) and (
            high is None or (value < high if high_open else value <= high))
    if not ok:
        left = "(" if low_open else "["
        right = "inf)" if high is None else (f"{high})" if high_open else f"{high}]")
        what = "an integer" if integer else "a number"
        raise ValueError(f"{name} must be {what} in {left}{low}, {right}, but got {value!r}.")
