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


def test_without_a_measurement_small_products_get_one_thread():
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


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2", "auto", True])
def test_set_num_threads_refuses_what_is_not_a_thread_count(bad):
    with pytest.raises(ValueError, match="whole number of threads >= 1, \"measure\""):
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
    """Notes the BLAS thread count at the end of each epoch of fit."""

    def __init__(self):
        super().__init__()
        self.seen = []

    def on_epoch_end(self, epoch, logs=None):
        self.seen.append(set(blas_threads()))


class Machine:
    """A stand-in for ``time`` in glassnet.config: a training step takes ``one``
    seconds on one BLAS thread and ``many`` on more (a quiet machine: ``many < one``;
    a busy neighbour: ``many > one``); ``monotonic`` moves only when told to."""

    def __init__(self, one, many):
        self.one, self.many, self.now, self.clock = one, many, 0.0, 0.0

    def perf_counter(self):
        # each reading moves the clock by a step's time at the current thread count:
        # the time from one step's end to the next's is then exactly one step
        threads = config._blas_controllers()[0].get_num_threads()
        self.clock += self.one if threads == 1 else self.many
        return self.clock

    def monotonic(self):
        return self.now


@pytest.fixture
def machine(monkeypatch):
    """Two BLAS threads (also on a one-core machine), nothing measured yet, and the
    simulated clock; ``machine(one, many)`` sets the speeds."""
    from threadpoolctl import threadpool_limits

    monkeypatch.setattr(config, "_timers", {})
    config.set_num_threads("measure")  # (the autouse fixture sets None again)
    made = Machine(1.0, 1.0)
    monkeypatch.setattr(config, "time", made)
    with threadpool_limits(limits=2, user_api="blas"):
        def set_speeds(one, many):
            made.one, made.many = one, many
            return made
        yield set_speeds


def decisions():
    """How many thread counts the step timers have decided so far (one per shape)."""
    return sum(timer.decided_at is not None for timer in config._timers.values())


STEPS = 16  # steps of one epoch in these fits (at batch 200)


def fit_threads(model, batch_size, epochs=1, callbacks=()):
    """The BLAS thread count at the end of each epoch of a fit of ``STEPS`` steps."""
    model.compile(optimizer="adam", loss="mse")
    record = RecordThreads()
    n_in = model.layers[0].params["kernel"].shape[0]
    X = np.random.default_rng(0).standard_normal((STEPS * batch_size, n_in))
    model.fit(X, np.zeros((len(X), 1)), batch_size=batch_size, epochs=epochs, verbose=0,
              callbacks=[record, *callbacks])
    return record.seen


def test_with_a_busy_neighbour_fit_times_its_steps_and_takes_one_thread(machine):
    machine(one=1.0, many=3.0)  # the second thread waits for the busy core
    before = blas_threads()
    # 64-128-1 at batch 200: 200 * 64 * 128 = 1.6M multiply-adds, in the measured range
    assert fit_threads(mlp(64, 128, 1), 200) == [{1}]
    assert decisions() == 1
    assert blas_threads() == before == [2]  # given back


def test_on_a_quiet_machine_fit_times_its_steps_and_keeps_all_threads(machine):
    machine(one=1.0, many=0.7)  # two threads 30% faster
    assert fit_threads(mlp(64, 128, 1), 200) == [{2}]
    timer = config.step_timer((200, 64, 128), "float32")
    # three blocks of two steps on each count, in turns, starting with one thread
    assert timer.steps == {1: 6, None: 6} and timer.blocks == {1: 3, None: 3}
    assert timer.seconds == {1: 6.0, None: pytest.approx(4.2)}
    # the decision holds: the next fit of the same product does not time its steps
    assert fit_threads(mlp(64, 128, 1), 200) == [{2}]
    assert timer.steps == {1: 6, None: 6}


def test_all_threads_must_win_by_the_margin(machine):
    machine(one=1.0, many=0.97)  # 3% faster: not worth a second busy core
    assert fit_threads(mlp(64, 128, 1), 200) == [{1}]


def test_short_fits_add_up_to_one_measurement(machine):
    made = machine(one=1.0, many=3.0)
    model = mlp(64, 128, 1)
    model.compile(optimizer="adam", loss="mse")
    X = np.zeros((4 * 200, 64))  # 4 steps a fit, 3 of them timed
    for _ in range(3):
        model.fit(X, np.zeros((len(X), 1)), batch_size=200, verbose=0)
    assert decisions() == 0
    model.fit(X, np.zeros((len(X), 1)), batch_size=200, verbose=0)  # 12 timed steps
    assert decisions() == 1 and config.step_timer((200, 64, 128), "float32").choice == 1
    assert made.now == 0.0


def test_a_long_fit_measures_again_when_the_decision_expires(machine):
    made = machine(one=1.0, many=0.7)

    class NeighbourArrives(gn.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:  # after the second epoch: a busy neighbour, time passes
                made.many, made.now = 3.0, made.now + config.MEASURE_EVERY

    seen = fit_threads(mlp(64, 128, 1), 200, epochs=4, callbacks=[NeighbourArrives()])
    assert seen == [{2}, {2}, {1}, {1}]


def test_evaluate_and_predict_use_what_fit_decided(machine, monkeypatch):
    made = machine(one=1.0, many=0.7)
    model = mlp(64, 128, 1)
    fit_threads(model, 200)
    seen = []
    forward = model.forward

    def recording_forward(X, training=False):  # the count while the batch is computed
        seen.append(set(blas_threads()))
        return forward(X, training)

    monkeypatch.setattr(model, "forward", recording_forward)
    X = np.zeros((200, 64))
    model.evaluate(X, np.zeros((200, 1)), batch_size=200, verbose=0)
    model.predict(X, batch_size=200, verbose=0)
    assert seen == [{2}, {2}]  # the decision holds: two threads
    made.now += config.MEASURE_EVERY  # expired: they do not measure, they take
    model.evaluate(X, np.zeros((200, 1)), batch_size=200, verbose=0)
    model.predict(X, batch_size=200, verbose=0)
    assert seen[2:] == [{1}, {1}]  # the quiet rule: 1.6M multiply-adds, one thread


def test_the_user_and_the_environment_are_not_second_guessed(machine, monkeypatch):
    machine(one=1.0, many=3.0)
    config.set_num_threads(2)
    assert fit_threads(mlp(64, 128, 1), 200) == [{2}]
    config.set_num_threads("measure")
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
    monkeypatch.setattr(config, "_environment", None)
    assert fit_threads(mlp(64, 128, 1), 200) == [{2}]
    assert config._timers == {}


def test_products_outside_the_measured_range_are_not_measured(machine):
    machine(one=1.0, many=3.0)
    # 4-8-1 at batch 32: 1,024 multiply-adds, which OpenBLAS runs on one thread anyway
    assert fit_threads(mlp(4, 8, 1), 32) == [{2}]
    # 1024-1024-1 at batch 256: 268M multiply-adds, above LARGE_PRODUCT: the library's
    assert fit_threads(mlp(1024, 1024, 1), 256, ) == [{2}]
    assert config._timers == {}


def test_by_default_fit_follows_the_rule_and_measures_nothing(monkeypatch):
    from threadpoolctl import threadpool_limits

    monkeypatch.setattr(config, "_timers", {})
    with threadpool_limits(limits=2, user_api="blas"):
        # 64-128-1 at batch 200: 1.6M multiply-adds, below SMALL_PRODUCT: one thread
        assert fit_threads(mlp(64, 128, 1), 200) == [{1}]
        # 784-256-1 at batch 32: 6.4M (MNIST's first layer), the library's two
        assert fit_threads(mlp(784, 256, 1), 32) == [{2}]
        assert blas_threads() == [2]
    assert config._timers == {}


def test_fit_follows_set_num_threads():
    config.set_num_threads(1)
    assert fit_threads(mlp(256, 512, 1), 256) == [{1}]
