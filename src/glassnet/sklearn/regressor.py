"""GlassnetRegressor: a glassnet MLP as a scikit-learn regressor."""

from sklearn.base import RegressorMixin
from sklearn.utils.validation import column_or_1d

from ._base import GlassnetEstimator
from .classifier import _PARAMETERS


class GlassnetRegressor(RegressorMixin, GlassnetEstimator):
    __doc__ = (
        """A glassnet multi-layer perceptron as a scikit-learn regressor.

    One linear output per target and the mean squared error
    ``L = (1/m) sum_i (1/n_outputs) sum_j (A_ij - Y_ij)^2``. ``y`` may be ``(m,)`` or
    ``(m, n_outputs)`` (several targets at once). Targets are not rescaled: scale
    them (``TransformedTargetRegressor``) when they are large.
    """
        + _PARAMETERS
        + """
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
    """
    )

    _y_numeric = True

    def fit(self, X, y, sample_weight=None):
        """Train a new model on ``X (m, n_features)`` and ``y (m,)`` or ``(m, n_outputs)``.

        ``sample_weight (m,)`` weighs each example's loss. Returns ``self``.
        """
        return self._fit(X, y, sample_weight)

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

    def _output_activation_and_loss(self):
        return "linear", "mse"

    def predict(self, X):
        """Predicted targets: ``(m,)`` for one target, ``(m, n_outputs)`` for several."""
        A = self._outputs(X)
        return A.ravel() if self.n_outputs_ == 1 else A

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags
