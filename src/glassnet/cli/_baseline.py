"""Simple models trained on the same split, so that the network has a yardstick.

Classification: logistic regression and scikit-learn's HistGradientBoostingClassifier;
regression: ridge regression (its penalty chosen by cross-validation on the training
rows) and HistGradientBoostingRegressor. Each learns from the same standardized
training inputs and targets as the network and is scored on the same held-out rows,
in the target's own units.
"""

import time
import warnings

import numpy as np


def _models(task, seed):
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
    from sklearn.linear_model import LogisticRegression, RidgeCV

    if task == "regression":
        return [("ridge regression", RidgeCV(alphas=np.logspace(-3, 3, 13))),
                ("HistGradientBoosting", HistGradientBoostingRegressor(random_state=seed))]
    return [("logistic regression", LogisticRegression(max_iter=2000)),
            ("HistGradientBoosting", HistGradientBoostingClassifier(random_state=seed))]


def baselines(task, Z_train, Y_train, Z_held, to_units, seed=0):
    """``[(name, predictions on Z_held, seconds to fit)]``.

    ``Y_train`` is what the network learns (class indices, or the standardized
    target); ``to_units`` turns regression predictions back into the target's units.
    """
    from threadpoolctl import threadpool_limits

    results = []
    for name, model in _models(task, seed):
        start = time.perf_counter()
        # one thread: OpenMP's many threads on a busy machine take 50x longer
        with warnings.catch_warnings(), threadpool_limits(1):
            warnings.simplefilter("ignore")  # a baseline's convergence notes are not ours
            model.fit(Z_train, Y_train)
        seconds = time.perf_counter() - start
        predicted = model.predict(Z_held)
        results.append((name, to_units(predicted) if task == "regression" else predicted,
                        seconds))
    return results
