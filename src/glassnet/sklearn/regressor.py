"""GlassnetRegressor: a glassnet MLP as a scikit-learn regressor."""

import numpy as np
from sklearn.base import RegressorMixin
from sklearn.utils.validation import column_or_1d

from ._base import GlassnetEstimator
from .classifier import _PARAMETERS


class GlassnetRegressor(RegressorMixin, GlassnetEstimator):
    __doc__ = (
        """A glassnet multi-layer perceptron as a scikit-learn regressor.

    One linear output per target and, by default, the mean squared error
    ``L = (1/m) sum_i (1/n_outputs) sum_j (A_ij - Y_ij)^2``. ``y`` may be ``(m,)`` or
    ``(m, n_outputs)`` (several targets at once). The network learns each target
    standardized, ``z = (y - mean) / std`` (training rows' statistics), and
    ``predict`` returns ``A * std + mean``, in the target's units.
    """
        + _PARAMETERS
        + """    loss : str or glassnet.losses.Loss, default="mse"
        The regression loss: "mse", "mae", or any glassnet regression loss.
    scale_target : bool, default=True
        Standardize the target for training (an unscaled target such as prices in
        thousands makes the first steps huge and training fail).

    Attributes
    ----------
    n_outputs_ : int
        Number of targets.
    model_ : glassnet.Sequential or glassnet.Model
        The trained glassnet model.
    history_ : dict of list
        ``{"loss": [...], "val_loss": [...]}`` per epoch, over fit and partial_fit.
    loss_curve_ : list of float
        The training loss of each epoch, ``history_["loss"]``.
    n_iter_ : int
        Epochs run.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when X was a DataFrame with string column names.
    best_validation_loss_ : float
        Best validation loss (with early stopping only).
    y_mean_, y_scale_ : ndarray of shape (n_outputs,)
        The target's mean and standard deviation (0 and 1 without ``scale_target``).

    Examples
    --------
    A network without hidden layers is linear regression; it finds ``y = 2x + 1``:

    >>> import numpy as np
    >>> from glassnet.sklearn import GlassnetRegressor
    >>> X = np.linspace(-1, 1, 50)[:, None]
    >>> y = 2 * X[:, 0] + 1
    >>> reg = GlassnetRegressor(hidden_layer_sizes=(), learning_rate=0.1, random_state=0)
    >>> reg.fit(X, y).predict([[0.5]]).round(3)
    array([2.])
    >>> round(reg.score(X, y), 3)
    1.0
    """
    )

    _y_numeric = True

    def __init__(self, hidden_layer_sizes=(100,), activation="relu", optimizer="adam",
                 learning_rate=0.001, batch_size="auto", epochs=200, dropout=0.0, l2=0.0,
                 early_stopping=False, validation_fraction=0.1, n_iter_no_change=10,
                 tol=1e-4, random_state=None, verbose=0, model=None, callbacks=None,
                 loss="mse", scale_target=True):
        super().__init__(hidden_layer_sizes, activation, optimizer, learning_rate,
                         batch_size, epochs, dropout, l2, early_stopping,
                         validation_fraction, n_iter_no_change, tol, random_state, verbose,
                         model, callbacks)
        self.loss = loss
        self.scale_target = scale_target

    def fit(self, X, y, sample_weight=None, validation_data=None):
        """Train a new model on ``X (m, n_features)`` and ``y (m,)`` or ``(m, n_outputs)``.

        ``sample_weight (m,)`` weighs each example's loss. ``validation_data=(X_val,
        y_val)``: its loss is recorded each epoch and early stopping watches it.
        Returns ``self``.
        """
        return self._fit(X, y, sample_weight, validation_data=validation_data)

    def partial_fit(self, X, y, sample_weight=None):
        """Train one epoch on ``(X, y)``, continuing from the current weights.

        ``early_stopping`` applies to ``fit`` only. Returns ``self``.
        """
        return self._fit(X, y, sample_weight, incremental=True)

    def _encode_targets(self, y, first_call, classes=None):
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        Y = y.reshape(len(y), -1)
        if first_call:
            self.n_outputs_ = Y.shape[1]
        elif Y.shape[1] != self.n_outputs_:
            raise ValueError(
                f"y has {Y.shape[1]} targets, but the model was fitted on "
                f"{self.n_outputs_}. Pass y with the same columns as in the first fit."
            )
        return Y

    def _scale_targets(self, Y, first_call, sw=None):
        """``Z = (Y - mean) / std`` with the first fit's statistics (1 for a constant).

        With sample weights ``w``: ``mean = sum w y / sum w`` and ``std^2 = sum w (y -
        mean)^2 / sum w``, so a row of weight 2 counts as that row twice.
        """
        if first_call:
            self.y_mean_, self.y_scale_ = np.zeros(Y.shape[1]), np.ones(Y.shape[1])
            if self.scale_target:
                w = np.ones(len(Y)) if sw is None else np.asarray(sw, dtype=np.float64)
                self.y_mean_ = w @ Y / w.sum()
                std = np.sqrt(w @ (Y - self.y_mean_) ** 2 / w.sum())
                self.y_scale_ = np.where(std > 1e-12 * np.maximum(1, np.abs(self.y_mean_)),
                                         std, 1.0)
        return (Y - self.y_mean_) / self.y_scale_

    def _output_activation_and_loss(self):
        from .. import losses

        try:
            loss = losses.get(self.loss)
        except (ValueError, TypeError) as error:
            raise ValueError(f"loss must be a glassnet regression loss such as 'mse' or "
                             f"'mae': {error}") from None
        if isinstance(loss, (losses.BinaryCrossentropy, losses.CategoricalCrossentropy)):
            raise ValueError(f"loss={self.loss!r} is a classification loss; use "
                             "GlassnetClassifier, or a regression loss ('mse', 'mae').")
        return "linear", self.loss

    def predict(self, X):
        """Predicted targets: ``(m,)`` for one target, ``(m, n_outputs)`` for several,
        in the target's units (``A * y_scale_ + y_mean_``)."""
        A = self._outputs(X)
        A = (A * self.y_scale_ + self.y_mean_).astype(A.dtype, copy=False)
        return A.ravel() if self.n_outputs_ == 1 else A

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags
