"""Regenerate the pictures in docs/images/ that the README shows.

Run from the repository root::

    python scripts/make_figures.py

Every picture is drawn by ``glassnet.plot`` from models trained here, with fixed
seeds, so running it again gives the same figures.
"""

import pathlib

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

import glassnet as gn  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / "docs" / "images"


def save(fig, name):
    import matplotlib.pyplot as plt

    path = OUT / name
    fig.savefig(path, dpi=110)
    plt.close(fig)
    print("wrote", path.relative_to(OUT.parent.parent))


def moons_model():
    model = gn.Sequential([
        gn.layers.Dense(16, activation="tanh", input_shape=(2,)),
        gn.layers.Dense(16, activation="tanh"),
        gn.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=gn.optimizers.Adam(0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    gn.utils.set_random_seed(0)

    # Loss and accuracy curves, then the boundary the same model learned.
    X, y = gn.datasets.make_moons(300, noise=0.15, seed=0)
    gn.utils.clear_session()
    model = moons_model()
    history = model.fit(X, y, epochs=150, batch_size=32, validation_split=0.25, verbose=0)
    save(gn.plot.history(history), "history.png")
    save(gn.plot.decision_boundary(model, X, y), "decision_boundary_moons.png")

    # Three classes with softmax.
    X3, y3 = gn.datasets.make_blobs(300, centers=[[-2.0, 0.0], [2.0, 1.0], [0.0, 3.0]],
                                    cluster_std=0.8, seed=0)
    model3 = gn.Sequential([
        gn.layers.Dense(8, activation="relu", input_shape=(2,)),
        gn.layers.Dense(3, activation="softmax"),
    ])
    model3.compile(optimizer=gn.optimizers.Adam(0.02), loss="sparse_categorical_crossentropy")
    model3.fit(X3, y3, epochs=60, verbose=0)
    save(gn.plot.decision_boundary(model3, X3, y3), "decision_boundary_3_classes.png")

    # Regression on one input: the fitted curve.
    rng = np.random.default_rng(1)
    x = rng.uniform(-3, 3, (200, 1))
    t = np.sin(x[:, 0]) + 0.1 * rng.normal(size=200)
    reg = gn.Sequential([
        gn.layers.Dense(32, activation="tanh", input_shape=(1,)),
        gn.layers.Dense(1),
    ])
    reg.compile(optimizer=gn.optimizers.Adam(0.01), loss="mse")
    reg.fit(x, t, epochs=200, verbose=0)
    save(gn.plot.decision_boundary(reg, x, t), "regression_curve.png")

    save(gn.plot.activations(), "activations.png")

    # The learning-rate picture: a small tanh network fitted by batch SGD on the
    # mean squared error, on standardized inputs.
    Xs = (X - X.mean(axis=0)) / X.std(axis=0)

    def small_mse_network():
        model = gn.Sequential([gn.layers.Dense(8, activation="tanh", input_shape=(2,)),
                               gn.layers.Dense(1)])
        model.compile(optimizer=gn.optimizers.SGD(), loss="mse")
        return model

    save(gn.plot.learning_rates(small_mse_network, Xs, y, rates=[0.001, 0.01, 0.1, 0.5, 3.0],
                                epochs=60, batch_size=len(Xs)), "learning_rates.png")

    # Gradient descent variants: logistic regression (one sigmoid neuron) with SGD.
    def logistic():
        model = gn.Sequential([gn.layers.Dense(1, activation="sigmoid", input_shape=(2,))])
        model.compile(optimizer=gn.optimizers.SGD(0.05), loss="binary_crossentropy")
        return model

    save(gn.plot.gradient_descent_variants(logistic, Xs, y, epochs=20, batch_size=16),
         "gradient_descent_variants.png")

    # The lab's 2-2-1 network with its weights (no biases), and a larger one.
    gn.utils.clear_session()
    lab = gn.Sequential([
        gn.layers.Dense(2, activation="sigmoid", use_bias=False, input_shape=(2,)),
        gn.layers.Dense(1, activation="sigmoid", use_bias=False),
    ], name="lab")
    lab.set_weights([np.array([[0.2, 0.3], [0.2, 0.3]]), np.array([[0.3], [0.9]])])
    save(gn.plot.network(lab), "network_lab_2_2_1.png")
    save(gn.plot.network(model), "network_moons.png")

    # Vanishing gradients: a deep sigmoid network's first layers learn slowly.
    from glassnet.callbacks import GradientDiagnostics

    gn.utils.clear_session()  # layer names dense, dense_1, ... in the legend
    deep = gn.Sequential(
        [gn.layers.Dense(16, activation="sigmoid", input_shape=(2,))]
        + [gn.layers.Dense(16, activation="sigmoid") for _ in range(4)]
        + [gn.layers.Dense(1, activation="sigmoid")]
    )
    deep.compile(optimizer=gn.optimizers.SGD(0.1), loss="binary_crossentropy")
    diagnostics = GradientDiagnostics()
    deep.fit(X, y, epochs=30, verbose=0, callbacks=[diagnostics])
    save(gn.plot.gradient_norms(diagnostics), "gradient_norms.png")


if __name__ == "__main__":
    main()
