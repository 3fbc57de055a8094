"""glassnet.config: the BLAS thread policy and the user's say over it."""

import numpy as np
import pytest
from threadpoolctl import threadpool_info

import glassnet as gn
from glassnet import config


def blas_threads():
    """Threads of NumPy's BLAS (the one glassnet's products use; a BLAS that another
    library loads later, such as SciPy's own OpenBLAS, is not glassnet's concern)."""
    return [p["num_threads"] for p in threadpool_info()
            if p["user_api"] == "blas" and "numpy" in p["filepath"]]


@pytest.fixture(autouse=True)
def _policy_back(monkeypatch):
    for name in config.THREAD_VARIABLES:  # as a user who set none of them
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(config, "_environment", None)
    yield
    config.set_num_threads(None)


def mlp(n_in, hidden, n_out):
    return gn.Sequential([gn.layers.Dense(hidden, activation="relu", input_shape=(n_in,)),
                          gn.layers.Dense(n_out)])


def test_largest_product_is_batch_times_the_widest_kernel():
    # 784-256-10: the first kernel is 784 x 256, so 32 * 784 * 256 multiply-adds
    assert config.largest_product(mlp(784, 256, 10), 32) == 32 * 784 * 256
    assert config.largest_product(gn.Sequential([gn.layers.Dropout(0.1, input_shape=(3,))]),
                                  32) == 0


def test_the_policy_gives_one_thread_to_small_products_only():
    assert config.threads_for(config.SMALL_PRODUCT - 1) == 1
    assert config.threads_for(config.SMALL_PRODUCT) is None
    # below OpenBLAS's own single-thread size there is nothing to switch
    assert config.threads_for(config.BLAS_SINGLE_THREADED) is None


def test_the_user_decides(monkeypatch):
    config.set_num_threads(2)
    assert config.get_num_threads() == 2
    assert config.threads_for(10) == 2 and config.threads_for(10**12) == 2
    config.set_num_threads(None)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")  # the environment's choice is kept
    monkeypatch.setattr(config, "_environment", None)  # as in a program started so
    assert config.threads_for(config.SMALL_PRODUCT // 2) is None


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2", True])
def test_set_num_threads_refuses_what_is_not_a_thread_count(bad):
    with pytest.raises(ValueError, match="whole number of threads >= 1, or None"):
        config.set_num_threads(bad)


def test_blas_threads_sets_and_restores():
    before = blas_threads()
    with config.blas_threads(1):
        assert set(blas_threads()) == {1}
    assert blas_threads() == before
    with pytest.raises(RuntimeError), config.blas_threads(1):
        raise RuntimeError("inside the block")
    assert blas_threads() == before  # also after an error inside the block


def test_the_thread_count_does_not_change_the_numbers():
    rng = np.random.default_rng(0)
    A, B = rng.standard_normal((300, 400)), rng.standard_normal((400, 300))
    with config.blas_threads(1):
        one = A @ B
    many = A @ B
    np.testing.assert_allclose(one, many, rtol=1e-13, atol=1e-12)


class RecordThreads(gn.callbacks.Callback):
    """Notes the BLAS thread count while fit is running."""

    def on_epoch_end(self, epoch, logs=None):
        self.seen = blas_threads()


def fit_threads(model, batch_size):
    model.compile(optimizer="adam", loss="mse")
    record = RecordThreads()
    X = np.random.default_rng(0).standard_normal((batch_size, model.layers[0].params["kernel"]
                                                  .shape[0]))
    model.fit(X, np.zeros((batch_size, 1)), batch_size=batch_size, epochs=1, verbose=0,
              callbacks=[record])
    return record.seen


def test_fit_uses_one_thread_for_a_small_network_and_restores_the_count():
    before = blas_threads()
    # 64-128-1 at batch 200: 200 * 64 * 128 = 1.6M multiply-adds, a small product
    assert set(fit_threads(mlp(64, 128, 1), 200)) == {1}
    assert blas_threads() == before


def test_fit_leaves_large_products_to_the_library():
    before = blas_threads()
    # 256-512-1 at batch 256: 33.5M multiply-adds, above SMALL_PRODUCT
    assert fit_threads(mlp(256, 512, 1), 256) == before


def test_fit_follows_set_num_threads():
    config.set_num_threads(1)
    assert set(fit_threads(mlp(256, 512, 1), 256)) == {1}
