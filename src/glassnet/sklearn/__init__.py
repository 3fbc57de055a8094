"""scikit-learn estimators built on glassnet: ``GlassnetClassifier``, ``GlassnetRegressor``.

Importing this module imports scikit-learn (``import glassnet`` alone does not)::

    from glassnet.sklearn import GlassnetClassifier
    clf = GlassnetClassifier(hidden_layer_sizes=(32,), epochs=100, random_state=0)
    clf.fit(X_train, y_train).score(X_test, y_test)

They follow scikit-learn's conventions (``clone``, ``Pipeline``, ``GridSearchCV``,
pickling) and pass its estimator checks, listed in ``tests/test_sklearn.py``.
"""

from .classifier import GlassnetClassifier
from .regressor import GlassnetRegressor

__all__ = ["GlassnetClassifier", "GlassnetRegressor"]
