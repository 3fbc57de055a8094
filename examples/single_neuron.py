"""Seed 002 (slides): the single neuron, trained by batch, stochastic and mini-batch GD.

Run with ``python examples/single_neuron.py``.

A single Dense unit is the slides' *linear regression unit* (``g(z) = z``, mean
squared error) or *logistic regression unit* (``g(z) = sigmoid(z)``, binary
cross-entropy). The three gradient-descent variants the slides compare differ only in
how many examples each update sees, which in Keras (and glassnet) is ``batch_size``:

- batch gradient descent: ``batch_size = n`` (one update per epoch);
- stochastic gradient descent: ``batch_size = 1`` (n updates per epoch, shuffled);
- mini-batch gradient descent: ``batch_size = 32``.

First one full-batch update is checked against the slides' formulas
(``w <- w - eta (2/n) sum_i (yhat_i - y_i) x_i`` for MSE,
``w <- w - eta (1/n) sum_i (yhat_i - y_i) x_i`` for BCE). Then each variant is
trained on real data (scikit-learn's diabetes set for regression, its breast-cancer
set for classification, standardized) and compared with scikit-learn's own
``LinearRegression`` (the exact least-squares optimum) and ``LogisticRegression``.
With the same learning rate and number of epochs, SGD makes n times more updates
than batch GD: it gets further per epoch but takes more time per epoch, as the
slides say.
"""

# %% [markdown]
# # Seed 002: the single neuron and the three gradient-descent variants

# %%
import time

import numpy as np

import glassnet as gn

VARIANTS = {"batch GD": None, "SGD": 1, "mini-batch GD": 32}  # None: the whole set


def load_data(kind):
    """Standardized train/test split of a scikit-learn data set.

    ``kind="regression"``: diabetes (10 features; the target is standardized too,
    so the losses read as fractions of its variance). ``kind="classification"``:
    breast cancer (30 features, labels 0/1).
    """
    from sklearn.datasets import load_breast_cancer, load_diabetes
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    if kind == "regression":
        X, y = load_diabetes(return_X_y=True)
    else:
        X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.2, random_state=42)
    scaler = StandardScaler().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    if kind == "regression":
        mean, std = y_train.mean(), y_train.std()
        y_train, y_test = (y_train - mean) / std, (y_test - mean) / std
    return X_train, X_test, y_train.astype(float), y_test.astype(float)


def single_neuron(kind, n_features, learning_rate):
    """One Dense unit: linear + MSE, or sigmoid + binary cross-entropy."""
    activation, loss = (("linear", "mse") if kind == "regression"
                        else ("sigmoid", "binary_crossentropy"))
    model = gn.Sequential([
        gn.layers.Dense(1, activation=activation, input_shape=(n_features,)),
    ])
    model.compile(optimizer=gn.optimizers.SGD(learning_rate=learning_rate), loss=loss)
    return model


# %% [markdown]
# ## One update, by the engine and by the slides' formula

# %%
def slide_update(kind, w, b, X, y, learning_rate):
    """The slides' batch gradient-descent update of ``w (n_features,)`` and ``b``."""
    z = X @ w + b
    y_hat = z if kind == "regression" else 1 / (1 + np.exp(-z))
    factor = 2 if kind == "regression" else 1  # MSE: 2/n; BCE: 1/n
    n = len(y)
    w_new = w - learning_rate * factor / n * ((y_hat - y)[:, None] * X).sum(axis=0)
    b_new = b - learning_rate * factor / n * (y_hat - y).sum()
    return w_new, b_new


def check_one_update(kind, learning_rate=0.1):
    """Largest difference between glassnet's step and the slides' formula."""
    gn.backend.set_floatx("float64")
    X_train, _, y_train, _ = load_data(kind)
    model = single_neuron(kind, X_train.shape[1], learning_rate)
    model.build((None, X_train.shape[1]))
    W, b = model.get_weights()
    w_expected, b_expected = slide_update(kind, W[:, 0], b[0], X_train, y_train,
                                          learning_rate)
    model.train_on_batch(X_train, y_train)
    W_new, b_new = model.get_weights()
    return max(np.abs(W_new[:, 0] - w_expected).max(), abs(b_new[0] - b_expected))


# %% [markdown]
# ## The three variants, against the exact optimum

# %%
def reference(kind, X_train, y_train, X_test, y_test):
    """What scikit-learn reaches on the same split, as ``(description, value)``.

    Regression: the exact least-squares optimum of the training MSE (the lowest loss
    a linear unit can reach). Classification: the test accuracy of
    ``LogisticRegression()`` (the training set is linearly separable, so the
    unpenalised optimum of the training loss is 0 and says little).
    """
    from sklearn.linear_model import LinearRegression, LogisticRegression

    if kind == "regression":
        fit = LinearRegression().fit(X_train, y_train)
        return ("optimum training loss (least squares)",
                float(np.mean((fit.predict(X_train) - y_train) ** 2)))
    fit = LogisticRegression(max_iter=10000).fit(X_train, y_train)
    return "test accuracy of LogisticRegression()", float(fit.score(X_test, y_test))


def compare_variants(kind, epochs=50, learning_rate=0.01, seed=0):
    """Train each variant from the same start; return one dict of results per variant."""
    gn.backend.set_floatx("float64")
    X_train, X_test, y_train, y_test = load_data(kind)
    results = []
    for name, batch_size in VARIANTS.items():
        gn.utils.set_random_seed(seed)  # same initial weights, same shuffles
        model = single_neuron(kind, X_train.shape[1], learning_rate)
        batch_size = batch_size or len(X_train)
        start = time.perf_counter()
        history = model.fit(X_train, y_train, batch_size=batch_size, epochs=epochs,
                            verbose=0)
        seconds = time.perf_counter() - start
        A_test = model.predict(X_test)[:, 0]
        if kind == "regression":
            score = 1 - np.mean((A_test - y_test) ** 2) / np.var(y_test)  # R^2
        else:
            score = np.mean((A_test > 0.5) == (y_test > 0.5))  # accuracy
        results.append({
            "variant": name, "batch_size": batch_size,
            "updates": epochs * -(-len(X_train) // batch_size),
            "train_loss": model.evaluate(X_train, y_train, verbose=0),
            "first_epoch_loss": history.history["loss"][0],
            "test_score": float(score), "seconds": seconds,
        })
    return results, reference(kind, X_train, y_train, X_test, y_test)


def print_variants(kind, **kwargs):
    results, (what, value) = compare_variants(kind, **kwargs)
    score_name = "test R^2" if kind == "regression" else "test accuracy"
    print(f"{'variant':<14} {'batch':>5} {'updates':>8} {'loss, epoch 1':>13} "
          f"{'final loss':>10} {score_name:>13} {'time':>7}")
    for r in results:
        print(f"{r['variant']:<14} {r['batch_size']:>5} {r['updates']:>8} "
              f"{r['first_epoch_loss']:>13.4f} {r['train_loss']:>10.4f} "
              f"{r['test_score']:>13.3f} {r['seconds']:>6.2f}s")
    print(f"scikit-learn, {what}: {value:.4f}")


def picture(kind="regression", epochs=50, learning_rate=0.01):
    """The comparison drawn: each variant's loss by epoch and by update."""
    gn.backend.set_floatx("float64")
    X_train, _, y_train, _ = load_data(kind)
    return gn.plot.gradient_descent_variants(
        lambda: single_neuron(kind, X_train.shape[1], learning_rate), X_train, y_train,
        epochs=epochs, batch_size=VARIANTS["mini-batch GD"])


# %%
def main():
    for kind, unit in (("regression", "linear regression unit (MSE)"),
                       ("classification", "logistic regression unit (BCE)")):
        print(f"=== {unit} ===")
        print(f"one batch-GD update, glassnet vs the slides' formula: largest "
              f"difference {check_one_update(kind):.1e}")
        print_variants(kind)
        print()


if __name__ == "__main__":
    main()


# %% [markdown]
# The linear unit's three runs drawn (`gn.plot.gradient_descent_variants`): the loss on
# the whole training set after each epoch, and the loss of each update's batch.

# %% [notebook]
# picture();
