"""Optimizers: each update rule against its published formula, written out here.

The references below are plain-Python loops over scalars (one element at a time),
written from the formulas in the Keras source and the papers, not from glassnet's
code. Every rule is element-wise, so the parameters are flattened into one list.
"""

import math
import tracemalloc

import numpy as np
import pytest

import glassnet as gn
from glassnet.optimizers import SGD, Adagrad, Adam, Adamax, Lion, Nadam, RMSprop, schedules


# --- references: the formulas, one scalar at a time ----------------------------
def ref_sgd(w, grads, lr, momentum=0.0, nesterov=False):
    w, v = list(w), [0.0] * len(w)
    for g in grads:
        for i in range(len(w)):
            if momentum == 0.0:
                w[i] = w[i] - lr * g[i]
                continue
            v[i] = momentum * v[i] - lr * g[i]
            if nesterov:
                w[i] = w[i] + momentum * v[i] - lr * g[i]
            else:
                w[i] = w[i] + v[i]
    return w


def ref_adam(w, grads, lr, beta_1=0.9, beta_2=0.999, eps=1e-7, amsgrad=False,
             weight_decay=0.0):
    # Kingma & Ba, Algorithm 1, with Keras's "epsilon hat" placement:
    # the bias corrections go into the step size alpha. AdamW (Loshchilov & Hutter)
    # first decays each weight: w <- w - lr * weight_decay * w.
    w, m, v, v_max = list(w), [0.0] * len(w), [0.0] * len(w), [0.0] * len(w)
    for t, g in enumerate(grads, start=1):
        alpha = lr * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        for i in range(len(w)):
            w[i] = w[i] - lr * weight_decay * w[i]
            m[i] = beta_1 * m[i] + (1 - beta_1) * g[i]
            v[i] = beta_2 * v[i] + (1 - beta_2) * g[i] ** 2
            v_max[i] = max(v_max[i], v[i])
            denom = math.sqrt(v_max[i] if amsgrad else v[i]) + eps
            w[i] = w[i] - alpha * m[i] / denom
    return w


def ref_rmsprop(w, grads, lr, rho=0.9, momentum=0.0, eps=1e-7, centered=False):
    w, s, g_avg, u = list(w), [0.0] * len(w), [0.0] * len(w), [0.0] * len(w)
    for g in grads:
        for i in range(len(w)):
            s[i] = rho * s[i] + (1 - rho) * g[i] ** 2
            denom = s[i] + eps
            if centered:
                g_avg[i] = rho * g_avg[i] + (1 - rho) * g[i]
                denom = s[i] - g_avg[i] ** 2 + eps
            step = lr * g[i] / math.sqrt(denom)
            if momentum > 0:
                u[i] = momentum * u[i] + step
                w[i] = w[i] - u[i]
            else:
                w[i] = w[i] - step
    return w


def ref_adagrad(w, grads, lr, initial=0.1, eps=1e-7):
    w, G = list(w), [initial] * len(w)
    for g in grads:
        for i in range(len(w)):
            G[i] = G[i] + g[i] ** 2
            w[i] = w[i] - lr * g[i] / math.sqrt(G[i] + eps)
    return w


def ref_nadam(w, grads, lr, beta_1=0.9, beta_2=0.999, eps=1e-7):
    # Dozat (2016), in Keras's form: the momentum schedule mu_t = b1 (1 - 0.5 * 0.96^t)
    # and its running product P_t = mu_1 ... mu_t enter the bias-corrected m_hat.
    w, m, v = list(w), [0.0] * len(w), [0.0] * len(w)
    product = 1.0
    for t, g in enumerate(grads, start=1):
        mu_t = beta_1 * (1 - 0.5 * 0.96**t)
        mu_next = beta_1 * (1 - 0.5 * 0.96 ** (t + 1))
        product *= mu_t
        for i in range(len(w)):
            m[i] = beta_1 * m[i] + (1 - beta_1) * g[i]
            v[i] = beta_2 * v[i] + (1 - beta_2) * g[i] ** 2
            m_hat = mu_next * m[i] / (1 - product * mu_next) + (1 - mu_t) * g[i] / (1 - product)
            v_hat = v[i] / (1 - beta_2**t)
            w[i] = w[i] - lr * m_hat / (math.sqrt(v_hat) + eps)
    return w


def ref_adamax(w, grads, lr, beta_1=0.9, beta_2=0.999, eps=1e-7):
    # Kingma & Ba, Algorithm 2 (the infinity norm), with Keras's epsilon inside.
    w, m, u = list(w), [0.0] * len(w), [0.0] * len(w)
    for t, g in enumerate(grads, start=1):
        for i in range(len(w)):
            m[i] = beta_1 * m[i] + (1 - beta_1) * g[i]
            u[i] = max(beta_2 * u[i], abs(g[i]))
            w[i] = w[i] - lr * m[i] / ((1 - beta_1**t) * (u[i] + eps))
    return w


def ref_lion(w, grads, lr, beta_1=0.9, beta_2=0.99):
    # Chen et al. (2023), Program 1: the step is the sign of an interpolation.
    w, m = list(w), [0.0] * len(w)
    for g in grads:
        for i in range(len(w)):
            c = beta_1 * m[i] + (1 - beta_1) * g[i]
            w[i] = w[i] - lr * ((c > 0) - (c < 0))
            m[i] = beta_2 * m[i] + (1 - beta_2) * g[i]
    return w


CASES = {
    "sgd": (lambda: SGD(0.1), lambda w, g: ref_sgd(w, g, 0.1)),
    "sgd_momentum": (lambda: SGD(0.1, momentum=0.9),
                     lambda w, g: ref_sgd(w, g, 0.1, momentum=0.9)),
    "sgd_nesterov": (lambda: SGD(0.05, momentum=0.8, nesterov=True),
                     lambda w, g: ref_sgd(w, g, 0.05, momentum=0.8, nesterov=True)),
    "adam": (lambda: Adam(0.01), lambda w, g: ref_adam(w, g, 0.01)),
    "adam_betas": (lambda: Adam(0.02, beta_1=0.5, beta_2=0.9, epsilon=1e-3),
                   lambda w, g: ref_adam(w, g, 0.02, 0.5, 0.9, 1e-3)),
    "adamw": (lambda: gn.optimizers.AdamW(0.01, weight_decay=0.05),
              lambda w, g: ref_adam(w, g, 0.01, weight_decay=0.05)),
    "adam_amsgrad": (lambda: Adam(0.01, beta_2=0.5, amsgrad=True),
                     lambda w, g: ref_adam(w, g, 0.01, beta_2=0.5, amsgrad=True)),
    "rmsprop": (lambda: RMSprop(0.01), lambda w, g: ref_rmsprop(w, g, 0.01)),
    "rmsprop_centered": (lambda: RMSprop(0.01, centered=True),
                         lambda w, g: ref_rmsprop(w, g, 0.01, centered=True)),
    "rmsprop_momentum": (lambda: RMSprop(0.01, momentum=0.5),
                         lambda w, g: ref_rmsprop(w, g, 0.01, momentum=0.5)),
    "rmsprop_centered_momentum": (
        lambda: RMSprop(0.01, rho=0.8, momentum=0.5, centered=True),
        lambda w, g: ref_rmsprop(w, g, 0.01, rho=0.8, momentum=0.5, centered=True)),
    "adagrad": (lambda: Adagrad(0.1), lambda w, g: ref_adagrad(w, g, 0.1)),
    "adagrad_init": (lambda: Adagrad(0.1, initial_accumulator_value=0.0, epsilon=1e-3),
                     lambda w, g: ref_adagrad(w, g, 0.1, initial=0.0, eps=1e-3)),
    "nadam": (lambda: Nadam(0.01), lambda w, g: ref_nadam(w, g, 0.01)),
    "nadam_betas": (lambda: Nadam(0.02, beta_1=0.6, beta_2=0.9, epsilon=1e-3),
                    lambda w, g: ref_nadam(w, g, 0.02, 0.6, 0.9, 1e-3)),
    "adamax": (lambda: Adamax(0.01), lambda w, g: ref_adamax(w, g, 0.01)),
    "adamax_betas": (lambda: Adamax(0.02, beta_1=0.5, beta_2=0.8, epsilon=1e-3),
                     lambda w, g: ref_adamax(w, g, 0.02, 0.5, 0.8, 1e-3)),
    "lion": (lambda: Lion(0.01), lambda w, g: ref_lion(w, g, 0.01)),
    "lion_betas": (lambda: Lion(0.003, beta_1=0.5, beta_2=0.7),
                   lambda w, g: ref_lion(w, g, 0.003, 0.5, 0.7)),
}


def test_every_registered_optimizer_has_a_reference_rule_case():
    """A new optimizer in the registry needs its rule written out above, in CASES."""
    covered = {type(make_optimizer()) for make_optimizer, _ in CASES.values()}
    missing = set(gn.optimizers.OPTIMIZERS.values()) - covered
    assert not missing, f"no reference-rule case in CASES for {sorted(c.__name__ for c in missing)}"


def make_problem(n_steps):
    """Two parameters (a vector and a 2x2 matrix) and n_steps known gradients."""
    rng = np.random.default_rng(7)
    params = [np.array([0.5, -1.2, 2.0]), np.array([[0.3, -0.7], [1.1, 0.0]])]
    # Shrinking magnitudes and sign changes, so that amsgrad's max(v) matters.
    grads = [[rng.normal(size=3) * (3.0 / (t + 1)), rng.normal(size=(2, 2)) * (t % 3 + 0.5)]
             for t in range(n_steps)]
    return params, grads


def flat(arrays):
    return [float(x) for a in arrays for x in np.ravel(a)]


@pytest.mark.parametrize("n_steps", [1, 10])
@pytest.mark.parametrize("case", sorted(CASES))
def test_update_matches_published_rule(case, n_steps):
    make_optimizer, reference = CASES[case]
    params, grads = make_problem(n_steps)
    expected = reference(flat(params), [flat(g) for g in grads])
    optimizer = make_optimizer()
    for g in grads:
        optimizer.apply(params, g)
    assert optimizer.iterations == n_steps
    np.testing.assert_allclose(flat(params), expected, rtol=1e-12, atol=1e-14)


def test_amsgrad_differs_from_adam_on_this_problem():
    # Guards the test above: the problem must be one where amsgrad changes the result.
    params, grads = make_problem(10)
    a = ref_adam(flat(params), [flat(g) for g in grads], 0.01, beta_2=0.5)
    b = ref_adam(flat(params), [flat(g) for g in grads], 0.01, beta_2=0.5, amsgrad=True)
    assert max(abs(x - y) for x, y in zip(a, b, strict=True)) > 1e-4


def test_adam_first_step_by_hand():
    # lr = 0.1, g = 2: m = 0.1*2 = 0.2, v = 0.001*4 = 0.004,
    # alpha = 0.1*sqrt(1-0.999)/(1-0.9) = 0.0316227766,
    # step = alpha * 0.2 / (sqrt(0.004) + 1e-7) = 0.0316227766 * 0.2 / 0.0632456532
    #      = 0.0316227766 * 3.16226766 = 0.0999998419  (eps costs 1.6e-6 relative)
    W = np.array([1.0])
    Adam(0.1).apply([W], [np.array([2.0])])
    assert W[0] == pytest.approx(1.0 - 0.0999998419, abs=1e-9)


def test_sgd_momentum_two_steps_by_hand():
    # lr 0.1, mu 0.9, g = 1 then 1:  v1 = -0.1, W1 = 0.9;  v2 = -0.09 - 0.1 = -0.19, W2 = 0.71
    W = np.array([1.0])
    opt = SGD(0.1, momentum=0.9)
    opt.apply([W], [np.array([1.0])])
    assert W[0] == pytest.approx(0.9)
    opt.apply([W], [np.array([1.0])])
    assert W[0] == pytest.approx(0.71)


def test_defaults_are_keras_defaults():
    assert SGD().get_config() == {"learning_rate": 0.01, "momentum": 0.0, "nesterov": False}
    assert Adam().get_config() == {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999,
                                   "epsilon": 1e-7, "amsgrad": False}
    assert RMSprop().get_config() == {"learning_rate": 0.001, "rho": 0.9, "momentum": 0.0,
                                      "epsilon": 1e-7, "centered": False}
    assert Adagrad().get_config() == {"learning_rate": 0.001,
                                      "initial_accumulator_value": 0.1, "epsilon": 1e-7}
    assert Nadam().get_config() == {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999,
                                    "epsilon": 1e-7}
    assert Adamax().get_config() == {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999,
                                     "epsilon": 1e-7}
    assert Lion().get_config() == {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.99}


# --- learning-rate schedules ---------------------------------------------------
def test_schedule_formulas():
    e = schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    assert e(0) == 0.1 and e(10) == pytest.approx(0.05) and e(5) == pytest.approx(0.1 * 0.5**0.5)
    s = schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True)
    assert s(9) == 0.1 and s(10) == pytest.approx(0.05) and s(25) == pytest.approx(0.025)
    i = schedules.InverseTimeDecay(1.0, decay_steps=2, decay_rate=0.5)
    assert i(4) == pytest.approx(1.0 / (1 + 0.5 * 2))
    p = schedules.PiecewiseConstantDecay([3, 6], [1.0, 0.5, 0.1])
    assert [p(k) for k in (0, 3, 4, 6, 7, 100)] == [1.0, 1.0, 0.5, 0.5, 0.1, 0.1]
    poly = schedules.PolynomialDecay(1.0, decay_steps=4, end_learning_rate=0.2, power=2.0)
    assert poly(2) == pytest.approx(0.8 * 0.25 + 0.2) and poly(10) == pytest.approx(0.2)
    cyc = schedules.PolynomialDecay(1.0, 4, 0.0, cycle=True)
    assert cyc(6) == pytest.approx(1 - 6 / 8)  # decay_steps grows to 8
    c = schedules.CosineDecay(1.0, decay_steps=4, alpha=0.1)
    assert c(2) == pytest.approx(0.9 * 0.5 + 0.1) and c(99) == pytest.approx(0.1)
    w = schedules.CosineDecay(0.0, decay_steps=4, warmup_target=1.0, warmup_steps=2)
    assert w(1) == pytest.approx(0.5) and w(2) == pytest.approx(1.0) and w(4) == pytest.approx(0.5)


def test_optimizer_evaluates_schedule_at_each_step():
    # SGD with lr(t) = 0.1 * 0.5^t and g = 1: W = 1 - 0.1 - 0.05 - 0.025 after 3 steps.
    W = np.array([1.0])
    opt = SGD(learning_rate=schedules.ExponentialDecay(0.1, decay_steps=1, decay_rate=0.5))
    assert opt.learning_rate == pytest.approx(0.1)
    for _ in range(3):
        opt.apply([W], [np.array([1.0])])
    assert W[0] == pytest.approx(1.0 - 0.175)
    assert opt.learning_rate == pytest.approx(0.0125)


def test_a_plain_function_learning_rate_is_called_with_no_argument():
    # As Keras: lr() before each step. Steps at 0.1 then 0.3 with g = 1: W = 1 - 0.4.
    current = {"lr": 0.1}
    W = np.array([1.0])
    opt = SGD(learning_rate=lambda: current["lr"])
    opt.apply([W], [np.array([1.0])])
    current["lr"] = 0.3
    opt.apply([W], [np.array([1.0])])
    assert W[0] == pytest.approx(0.6)
    assert opt.learning_rate == pytest.approx(0.3)


def test_learning_rate_can_be_set_between_steps():
    W = np.array([1.0])
    opt = SGD(0.1)
    opt.learning_rate = 0.5
    opt.apply([W], [np.array([1.0])])
    assert W[0] == pytest.approx(0.5)


def test_learning_rate_of_a_schedule_cannot_be_set_to_a_number():
    opt = SGD(schedules.ExponentialDecay(0.1, 10, 0.9))
    with pytest.raises(TypeError, match="created with the learning-rate schedule"):
        opt.learning_rate = 0.01


# --- clipping and weight decay -------------------------------------------------
def test_clipnorm_rescales_each_gradient():
    W, V = np.zeros(2), np.zeros(1)
    g, h = np.array([3.0, 4.0]), np.array([0.5])       # norms 5 and 0.5
    SGD(1.0, clipnorm=1.0).apply([W, V], [g, h])
    np.testing.assert_allclose(W, [-0.6, -0.8])          # 3/5, 4/5
    np.testing.assert_allclose(V, [-0.5])                # below clipnorm: unchanged
    np.testing.assert_array_equal(g, [3.0, 4.0])         # the gradient itself is kept


def test_clipvalue_clips_each_element():
    W = np.zeros(3)
    SGD(1.0, clipvalue=0.5).apply([W], [np.array([2.0, -0.1, -3.0])])
    np.testing.assert_allclose(W, [-0.5, 0.1, 0.5])


def test_global_clipnorm_rescales_all_gradients_together():
    W, V = np.zeros(1), np.zeros(1)
    SGD(1.0, global_clipnorm=1.0).apply([W, V], [np.array([3.0]), np.array([4.0])])
    np.testing.assert_allclose([W[0], V[0]], [-0.6, -0.8])


def test_weight_decay_is_decoupled():
    # Keras: W <- W - W * wd * lr, then the rule: 2 - 2*0.1*0.5 - 0.5*1 = 1.4
    W = np.array([2.0])
    SGD(0.5, weight_decay=0.1).apply([W], [np.array([1.0])])
    assert W[0] == pytest.approx(1.4)


# --- through model.fit ---------------------------------------------------------
@pytest.mark.parametrize("case", ["sgd_momentum", "adam", "rmsprop_centered", "adagrad"])
def test_fit_applies_the_rule_to_a_dense_model(case):
    """Full-batch fit of a linear Dense layer with MSE, against the reference rule
    fed with the analytic gradient dW = X^T (2 (A - Y) / (m n_out)), db = sum."""
    make_optimizer, reference = CASES[case]
    gn.backend.set_floatx("float64")
    X = np.array([[0.5, -1.0, 2.0], [1.5, 0.2, -0.3], [-0.7, 0.8, 0.1], [0.0, 1.0, 1.0]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.5]])
    W0 = np.array([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]])
    b0 = np.array([0.05, -0.05])
    model = gn.Sequential([gn.layers.Dense(2, input_shape=(3,))])
    model.set_weights([W0, b0])
    model.compile(optimizer=make_optimizer(), loss="mse")
    model.fit(X, Y, batch_size=4, epochs=5, shuffle=False, verbose=0)

    W, b = _reference_fit(reference, X, Y, W0, b0, epochs=5)
    W_fit, b_fit = model.get_weights()
    np.testing.assert_allclose(W_fit, W, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(b_fit, b, rtol=1e-10, atol=1e-12)


def _reference_fit(reference, X, Y, W0, b0, epochs):
    """Replay the rule from the start for each step: grads depend on the weights, and
    the reference keeps its state only within one call, so call it with all
    gradients so far; each replay reproduces the same earlier weights."""
    m, n_out = Y.shape
    grads = []
    W, b = W0.copy(), b0.copy()
    for _ in range(epochs):
        dA = 2.0 * (X @ W + b - Y) / (m * n_out)
        grads.append(flat([X.T @ dA, dA.sum(axis=0)]))
        new = reference(flat([W0, b0]), grads)
        W, b = np.array(new[:6]).reshape(3, 2), np.array(new[6:])
    return W, b


# --- names, configs, state -----------------------------------------------------
@pytest.mark.parametrize("name, cls", [("sgd", SGD), ("SGD", SGD), ("adam", Adam),
                                       ("Adam", Adam), ("rmsprop", RMSprop),
                                       ("adagrad", Adagrad), ("nadam", Nadam),
                                       ("Adamax", Adamax), ("lion", Lion)])
def test_lookup_by_name(name, cls):
    assert type(gn.optimizers.get(name)) is cls


def test_unknown_name_is_a_clear_error():
    with pytest.raises(ValueError, match=r"Unknown optimizer 'adamix'.*'adagrad', 'adam'"):
        gn.optimizers.get("adamix")
    model = gn.Sequential([gn.layers.Dense(1, input_shape=(2,))])
    with pytest.raises(ValueError, match="Unknown optimizer 'sgdd'"):
        model.compile(optimizer="sgdd", loss="mse")


@pytest.mark.parametrize("case", sorted(CASES))
def test_config_round_trip(case):
    opt = CASES[case][0]()
    again = gn.optimizers.get(gn.optimizers.serialize(opt))
    assert type(again) is type(opt) and again.get_config() == opt.get_config()


def test_config_round_trip_with_schedule_and_clipping():
    lr = schedules.CosineDecay(0.1, 100, alpha=0.01, warmup_target=0.2, warmup_steps=5)
    opt = Adam(lr, clipnorm=2.0, weight_decay=0.01, name="my_adam")
    again = Adam.from_config(opt.get_config())
    assert isinstance(again._learning_rate, schedules.CosineDecay)
    assert again._learning_rate.get_config() == lr.get_config()
    assert (again.clipnorm, again.weight_decay, again.name) == (2.0, 0.01, "my_adam")


@pytest.mark.parametrize("case", sorted(CASES))
def test_restored_state_continues_identically(case):
    make_optimizer, _ = CASES[case]
    params, grads = make_problem(10)
    first = make_optimizer()
    for g in grads[:5]:
        first.apply(params, g)
    copy_params = [p.copy() for p in params]
    second = type(first).from_config(first.get_config())
    named = [(str(i), W, None) for i, W in enumerate(copy_params)]
    second.set_state({k: a.copy() for k, a in first.get_state().items()}, named)
    assert second.iterations == 5
    for g in grads[5:]:
        first.apply(params, g)
        second.apply(copy_params, g)
    for a, b in zip(params, copy_params, strict=True):
        np.testing.assert_array_equal(a, b)


def test_state_is_kept_by_parameter_name():
    # Two parameters updated in one order, then in the other: each keeps its own
    # momentum, because the state follows the name, not the position in the list.
    a, b = np.array([1.0]), np.array([10.0])
    opt = SGD(0.1, momentum=0.5)
    opt.step([("layer/a", a, np.array([1.0])), ("layer/b", b, np.array([-2.0]))])
    opt.step([("layer/b", b, np.array([0.0])), ("layer/a", a, np.array([0.0]))])
    # v_a = -0.1 then 0.5 * -0.1 = -0.05: a = 1 - 0.1 - 0.05; v_b = 0.2 then 0.1
    np.testing.assert_allclose([a[0], b[0]], [0.85, 10.3], rtol=1e-12)
    assert sorted(opt.get_state()) == ["iterations", "layer/a/velocity", "layer/b/velocity"]


def test_set_state_with_wrong_arrays_is_a_clear_error():
    named = [("dense/kernel", np.zeros(3), None)]
    opt = Adam()
    opt.step([("dense/kernel", np.zeros(3), np.ones(3))])
    state = opt.get_state()
    missing = {k: v for k, v in state.items() if k != "dense/kernel/v"}
    with pytest.raises(ValueError, match=r"state has no 'dense/kernel/v'"):
        Adam().set_state(missing, named)
    bad = dict(state, **{"dense/kernel/m": np.zeros(4)})
    with pytest.raises(ValueError, match=r"state 'dense/kernel/m' has shape \(4,\).*\(3,\)"):
        Adam().set_state(bad, named)
    extra = dict(state, **{"dense_1/kernel/m": np.zeros(3)})
    with pytest.raises(ValueError, match=r"holds \['dense_1/kernel/m'\], which no parameter"):
        Adam().set_state(extra, named)


@pytest.mark.parametrize("make, error, match", [
    (lambda: SGD(-0.1), ValueError, r"SGD expects learning_rate in \[0, inf\), but got -0.1"),
    (lambda: Adam("fast"), TypeError, "Adam expects learning_rate to be a number"),
    (lambda: Adam(float("nan")), ValueError, "learning_rate"),
    (lambda: SGD(momentum=1.5), ValueError, r"momentum in \[0, 1\], but got 1.5"),
    (lambda: Adam(beta_1=1.0), ValueError, r"beta_1 in \[0, 1\), but got 1.0"),
    (lambda: Adam(beta_2=-0.1), ValueError, "beta_2"),
    (lambda: Adam(epsilon=-1e-7), ValueError, "epsilon"),
    (lambda: RMSprop(rho=1.0), ValueError, "rho"),
    (lambda: RMSprop(momentum=-0.5), ValueError, "momentum"),
    (lambda: Adagrad(initial_accumulator_value=-0.1), ValueError, "initial_accumulator_value"),
    (lambda: SGD(clipnorm=0), ValueError, r"clipnorm in \(0, inf\)"),
    (lambda: SGD(clipnorm=1.0, clipvalue=1.0), ValueError, "only one of clipnorm"),
    (lambda: Adam(weight_decay=-1), ValueError, "weight_decay"),
    (lambda: Adam(lr=0.1), TypeError, r"unexpected keyword argument\(s\) \['lr'\]"),
    (lambda: schedules.ExponentialDecay(0.1, 0, 0.5), ValueError, "decay_steps > 0"),
])
def test_bad_arguments_give_clear_errors(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_setting_a_negative_learning_rate_later_is_an_error():
    opt = Adam()
    with pytest.raises(ValueError, match="learning_rate"):
        opt.learning_rate = -1.0


# --- memory: in-place updates --------------------------------------------------
MEMORY_CASES = ["sgd_nesterov", "adam_amsgrad", "rmsprop_centered_momentum", "adagrad"]


@pytest.mark.parametrize("case", MEMORY_CASES)
def test_update_needs_no_full_size_temporary(case):
    """A step on a float32 parameter of 8 chunks allocates at most two chunks of
    scratch beyond the state built before: no full-size temporaries at all."""
    from glassnet.optimizers.base import CHUNK

    opt = CASES[case][0]()
    W = np.zeros(8 * CHUNK, dtype=np.float32)
    dW = np.full(8 * CHUNK, 0.5, dtype=np.float32)
    opt.apply([W], [dW])  # builds the state
    tracemalloc.start()
    tracemalloc.reset_peak()
    opt.apply([W], [dW])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak <= 2 * CHUNK * W.itemsize + 65536  # a quarter of W's size
    assert W.dtype == np.float32 and all(s.dtype == np.float32 for s in opt.slots["0"])


@pytest.mark.parametrize("case", sorted(CASES))
def test_large_parameters_updated_in_chunks_give_the_same_result(case, monkeypatch):
    # Rules are element-wise, so slices give bit-identical results to one whole update
    # (which the reference tests above check).
    rng = np.random.default_rng(1)
    W0 = rng.normal(size=(300, 701))  # 210,300 elements: 3 chunks and a remainder
    grads = [rng.normal(size=W0.shape) for _ in range(3)]
    chunked, whole = W0.copy(), W0.copy()
    opt = CASES[case][0]()
    for g in grads:
        opt.apply([chunked], [g])
    monkeypatch.setattr(gn.optimizers.base, "CHUNK", W0.size)
    opt = CASES[case][0]()
    for g in grads:
        opt.apply([whole], [g])
    np.testing.assert_array_equal(chunked, whole)


def test_fit_with_adam_on_wide_inputs_stays_within_budget():
    """Peak memory of training a Dense layer on 262,144-feature inputs with Adam:
    params + grads + everything fit allocates <= 1.5 x (params + Adam state + batch)."""
    n_in, units, m, batch = 1 << 18, 4, 96, 32
    X = np.random.default_rng(0).standard_normal((m, n_in), dtype=np.float32)
    y = np.zeros((m, units), dtype=np.float32)
    model = gn.Sequential([gn.layers.Dense(units, input_shape=(n_in,))])
    model.compile(optimizer=Adam(), loss="mse")
    params = sum(w.nbytes for w in model.get_weights())
    tracemalloc.start()
    tracemalloc.reset_peak()
    model.fit(X, y, batch_size=batch, epochs=2, verbose=0)  # shuffled, as by default
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    budget = params + 2 * params + batch * n_in * 4       # params + (m, v) + one batch
    assert params + params + peak <= 1.5 * budget         # + the gradients, built before


def test_adamw_is_adam_after_decoupled_weight_decay():
    # One step by hand: W <- W (1 - lr * wd), then Adam's first step (t = 1):
    # m = (1 - b1) g, v = (1 - b2) g^2, alpha = lr sqrt(1 - b2) / (1 - b1), so the step
    # is alpha m / (sqrt(v) + eps) = lr sqrt(1 - b2) g / (sqrt(1 - b2) |g| + eps).
    W = np.array([1.0, -2.0])
    g = np.array([0.5, -0.25])
    opt = gn.optimizers.get("adamw")
    assert opt.weight_decay == 0.004 and opt.learning_rate == 0.001
    opt.apply([W], [g])
    decayed = np.array([1.0, -2.0]) * (1 - 0.001 * 0.004)
    root = np.sqrt(1 - 0.999)
    step = 0.001 * root * g / (root * np.abs(g) + 1e-7)
    np.testing.assert_allclose(W, decayed - step, rtol=1e-12)
