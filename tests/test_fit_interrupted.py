"""Ctrl-C inside fit: the current step finishes (never half an update), model.history
keeps the epochs done, and KeyboardInterrupt is raised as Keras does (issue 15)."""

import hashlib
import os
import random
import signal
import sys
import threading

import numpy as np
import pytest

import glassnet as gn
from glassnet.layers import BatchNormalization, Dense

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
STEPS = 8  # 64 rows in batches of 8


def fingerprint(model):
    return hashlib.blake2b(b"".join(w.tobytes() for w in model.get_weights())).hexdigest()


def build():
    gn.utils.set_random_seed(0)
    # wide layers: the optimizer's update is most of a step, where a cut would land
    model = gn.Sequential([Dense(256, activation="relu", input_shape=(8,)),
                           BatchNormalization(), Dense(256, activation="relu"),
                           Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model


class Fingerprints(gn.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.seen = [fingerprint(self.model)]

    def on_train_batch_end(self, batch, logs=None):
        self.seen.append(fingerprint(self.model))


def test_ctrl_c_at_random_moments_never_leaves_half_a_step():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(64, 8)), rng.normal(size=64)
    moments = random.Random(15)
    for _ in range(5):  # bounded: a few real SIGINTs at random moments
        model = build()
        timer = threading.Timer(moments.uniform(0.3, 1.5), os.kill,
                                (os.getpid(), signal.SIGINT))
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            model.fit(X, y, epochs=10_000, batch_size=8, verbose=0)
        timer.join()
        done = list(model.history.epoch)
        assert done == list(range(len(done)))  # the epochs done, in order
        # the same run, not interrupted, one step at a time up to where it stopped
        reference, record = build(), Fingerprints()
        reference.fit(X, y, epochs=len(done) + 1, batch_size=8, verbose=0,
                      callbacks=[record])
        assert fingerprint(model) in record.seen, "the weights are half-way through a step"
        steps = record.seen.index(fingerprint(model))
        assert steps // STEPS in (len(done), len(done) + 1)
        np.testing.assert_array_equal(model.history.history["loss"],
                                      reference.history.history["loss"][:len(done)])


def test_a_signal_during_a_deferred_block_acts_after_it():
    from glassnet import _interrupts

    order = []
    with pytest.raises(KeyboardInterrupt):
        with _interrupts.deferred():
            os.kill(os.getpid(), signal.SIGINT)
            order.append("block finished")
    assert order == ["block finished"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
