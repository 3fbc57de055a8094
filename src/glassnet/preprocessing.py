"""Standardizer: put every feature on the same scale, with training statistics.

For each column ``j`` of the training data ``X`` (shape (m, n))::

    mean_j  = (1/m) sum_i X_ij
    scale_j = sqrt((1/m) sum_i (X_ij - mean_j)^2)     (1 where that is 0)
    Z_ij    = (X_ij - mean_j) / scale_j

as ``sklearn.preprocessing.StandardScaler`` (population standard deviation). The
statistics come from the training split only and are saved with the model
(``get_config``), so new data is transformed exactly as the training data was.
"""

import numpy as np

from .datasets.numbers import check_finite


class Standardizer:
    """Per-column standardization ``Z = (X - mean) / scale``.

    Attributes
    ----------
    mean_ : ndarray of shape (n,)
    scale_ : ndarray of shape (n,)
        Standard deviation of each column, or 1 for a constant column (so it maps
        to 0 instead of dividing by zero).

    Examples
    --------
    Column 0 has mean 2 and standard deviation 1; column 1 is constant (scale 1):

    >>> from glassnet.preprocessing import Standardizer
    >>> scaler = Standardizer().fit([[1.0, 10.0], [3.0, 10.0]])
    >>> scaler.mean_, scaler.scale_
    (array([ 2., 10.]), array([1., 1.]))
    >>> scaler.transform([[1.0, 10.0], [4.0, 11.0]])
    array([[-1.,  0.],
           [ 2.,  1.]])
    >>> scaler.inverse_transform([[2.0, 1.0]])
    array([[ 4., 11.]])
    """

    def __init__(self):
        self.mean_ = None
        self.scale_ = None

    @staticmethod
    def _as_2d(X, what):
        X = np.asarray(X, dtype=np.float64)
        if X.ndim == 1:
            X = X[:, None]
        if X.ndim != 2 or X.shape[0] == 0:
            raise ValueError(
                f"Standardizer.{what} expects a non-empty array of shape (m, n), but got "
                f"shape {X.shape}."
            )
        try:  # NaN, inf and numbers beyond float32's range (1e300) are refused
            check_finite(X)
        except ValueError as error:
            raise ValueError(f"Standardizer.{what}: {error}") from None
        return X

    def fit(self, X):
        """Compute each column's mean and standard deviation; returns ``self``."""
        X = self._as_2d(X, "fit")
        return self._set(X.mean(axis=0), X.std(axis=0))

    @classmethod
    def from_moments(cls, mean, var):
        """A fitted Standardizer from each column's mean and population variance,
        as ``fit`` would compute them from the whole ``X`` (e.g. summed over chunks
        of a file too large for memory)."""
        return cls()._set(np.asarray(mean, dtype=np.float64),
                          np.sqrt(np.asarray(var, dtype=np.float64)))

    def _set(self, mean, std):
        self.mean_ = mean
        tiny = 10 * np.finfo(np.float64).eps * np.maximum(np.abs(self.mean_), 1.0)
        self.scale_ = np.where(std > tiny, std, 1.0)
        return self

    def _check_fitted(self, X, what):
        if self.mean_ is None:
            raise RuntimeError(f"Call Standardizer.fit(X_train) before {what}().")
        X2 = self._as_2d(X, what)
        if X2.shape[1] != len(self.mean_):
            raise ValueError(
                f"This Standardizer was fitted on {len(self.mean_)} columns, but got an "
                f"array of shape {np.shape(X)}. Pass data with the training columns."
            )
        return X2

    def transform(self, X):
        """``Z = (X - mean) / scale``; a 1-D input gives a 1-D result."""
        Z = (self._check_fitted(X, "transform") - self.mean_) / self.scale_
        return Z.reshape(-1) if np.ndim(X) == 1 else Z

    def fit_transform(self, X):
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        """``X = Z * scale + mean``: back to the original units."""
        X = self._check_fitted(Z, "inverse_transform") * self.scale_ + self.mean_
        return X.reshape(-1) if np.ndim(Z) == 1 else X

    def get_config(self):
        """JSON-ready statistics: ``{"mean": [...], "scale": [...]}``."""
        if self.mean_ is None:
            raise RuntimeError("This Standardizer has not been fitted; nothing to save.")
        return {"mean": self.mean_.tolist(), "scale": self.scale_.tolist()}

    @classmethod
    def from_config(cls, config):
        """Rebuild a fitted Standardizer from ``get_config()``."""
        scaler = cls()
        scaler.mean_ = np.asarray(config["mean"], dtype=np.float64)
        scaler.scale_ = np.asarray(config["scale"], dtype=np.float64)
        if scaler.mean_.shape != scaler.scale_.shape or scaler.mean_.ndim != 1:
            raise ValueError("Standardizer config needs 'mean' and 'scale' lists of one length.")
        return scaler

    def __repr__(self):
        n = "unfitted" if self.mean_ is None else f"{len(self.mean_)} columns"
        return f"Standardizer({n})"


__all__ = ["Standardizer"]
