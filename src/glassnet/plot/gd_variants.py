"""``gradient_descent_variants``: batch, mini-batch and stochastic gradient descent.

The three differ only in how many examples each update looks at (the slides'
"Different Variants of Gradient Descent"):

- batch GD: all ``m`` examples, one update per epoch;
- mini-batch GD: ``batch_size`` examples, ``ceil(m / batch_size)`` updates per epoch;
- stochastic GD: one example, ``m`` updates per epoch.

Each run starts from the same weights and the data are shuffled every epoch. One
update is ``model.train_on_batch(X_batch, y_batch)``, which returns the loss of that
batch before the update: for SGD it jumps from example to example (the "SGD
fluctuation" picture), for batch GD it falls smoothly.
"""

import numpy as np

from ._common import copies_with_same_start, figure_and_axes_list, integer_epochs


def _train(model, X, y, batch_size, epochs, rng):
    """Shuffle, split into batches, one update per batch; return the two loss records.

    Returns ``epoch_loss`` (the loss on all data at epochs 0, 1, ..., ``epochs``) and
    ``batch_loss`` (the loss of each update's batch, one per update).
    """
    m = len(X)

    def loss_on_all_data():
        return model.evaluate(X, y, batch_size=m, verbose=0, return_dict=True)["loss"]

    epoch_loss = [loss_on_all_data()]
    batch_loss = []
    for _ in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            rows = order[start:start + batch_size]
            logs = model.train_on_batch(X[rows], y[rows], return_dict=True)
            batch_loss.append(logs["loss"])
        epoch_loss.append(loss_on_all_data())
    return np.asarray(epoch_loss, dtype=float), np.asarray(batch_loss, dtype=float)


def gradient_descent_variants(build_model, X, y, epochs=20, batch_size=16,
                              learning_rate=None, seed=0, axes=None):
    """Train the same model with batch, mini-batch and stochastic gradient descent.

    Parameters
    ----------
    build_model : callable
        Returns a new compiled model on each call (use plain ``SGD`` to see the
        variants as on the slides). All runs start from the first model's weights.
    X : array, shape (m, n_in)
    y : array, shape (m,) or (m, n_out)
    epochs : int
        Passes over the data, the same for the three runs.
    batch_size : int
        Mini-batch size of the middle run (batch GD uses ``m``, SGD uses 1).
    learning_rate : float, optional
        Replaces the optimizer's learning rate in all runs.
    seed : int
        Seed of the shuffling, shared by the runs.
    axes : two Axes, optional
        Where to draw (loss vs epochs, loss vs updates); default a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        Left: the loss on the whole training set after each epoch (epoch 0 is the
        starting point). Right: the loss of each update's batch against the number
        of updates (log scale): SGD makes ``m`` updates per epoch, noisily.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> X = np.linspace(-1, 1, 32).reshape(-1, 1)
    >>> y = 2 * X[:, 0] + 0.5
    >>> def build_model():
    ...     model = gn.Sequential([gn.layers.Dense(1, input_shape=(1,))])
    ...     model.compile(optimizer=gn.optimizers.SGD(0.05), loss="mse")
    ...     return model
    >>> fig = gn.plot.gradient_descent_variants(build_model, X, y, epochs=3, batch_size=8)
    >>> len(fig.axes)
    2
    """
    X = np.asarray(X)
    y = np.asarray(y)
    m = len(X)
    if not 1 <= int(batch_size) <= m:
        raise ValueError(f"batch_size must be between 1 and m={m}, but got {batch_size!r}.")
    variants = [(f"batch GD (batch = {m})", m),
                (f"mini-batch GD (batch = {int(batch_size)})", int(batch_size)),
                ("stochastic GD (batch = 1)", 1)]
    models = copies_with_same_start(build_model, X, len(variants))
    fig, (ax_epoch, ax_update) = figure_and_axes_list(2, axes, panel_size=(5.4, 4.0))
    for (label, size), model in zip(variants, models, strict=True):
        if learning_rate is not None:
            model.optimizer.learning_rate = learning_rate
        epoch_loss, batch_loss = _train(model, X, y, size, epochs,
                                        np.random.default_rng(seed))
        ax_epoch.plot(np.arange(epochs + 1), epoch_loss, marker="o", markersize=3,
                      linewidth=2, label=label)
        ax_update.plot(np.arange(1, len(batch_loss) + 1), batch_loss,
                       linewidth=1 if size == 1 else 2, alpha=0.5 if size == 1 else 1,
                       zorder=1 if size == 1 else 3, label=label)
    ax_epoch.set_xlabel("Epoch")
    integer_epochs(ax_epoch)
    ax_epoch.set_ylabel("Loss on the whole training set")
    ax_epoch.set_title("Loss against epochs")
    ax_update.set_xscale("log")
    ax_update.set_xlabel("Parameter updates (log scale)")
    ax_update.set_ylabel("Loss of the batch used for the update")
    ax_update.set_title("Loss against parameter updates")
    for ax in (ax_epoch, ax_update):
        ax.grid(True, alpha=0.3)
        ax.legend()
    return fig
