"""custom_objects: layer and loss classes of your own travel in model files, as in Keras."""

import numpy as np
import pytest

import glassnet as gn


class Scale(gn.layers.Layer):
    """``A = factor * A_prev``; backward ``dA_prev = factor * dA``."""

    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = float(factor)

    def call(self, A_prev, training=False):
        return self.factor * A_prev

    def call_backward(self, dA):
        return self.factor * dA

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


class DoubledMSE(gn.losses.MeanSquaredError):
    name = "doubled_mse"

    def per_example(self, Y, A):
        return 2 * super().per_example(Y, A)


def test_custom_layer_and_loss_load_with_custom_objects(tmp_path):
    model = gn.Sequential([gn.Input(shape=(2,)), gn.layers.Dense(3), Scale(3.0, name="scale")])
    model.compile(optimizer="sgd", loss=DoubledMSE())
    model.save(tmp_path / "m.glassnet")
    with pytest.raises(ValueError, match=r"custom_objects=\{'Scale': Scale\}"):
        gn.models.load_model(tmp_path / "m.glassnet")
    loaded = gn.models.load_model(tmp_path / "m.glassnet",
                                  custom_objects={"Scale": Scale, "DoubledMSE": DoubledMSE})
    X = np.array([[1.0, -2.0]])
    assert loaded.layers[-1].factor == 3.0
    np.testing.assert_array_equal(loaded.predict(X, verbose=0), model.predict(X, verbose=0))
    assert isinstance(loaded.loss, DoubledMSE)
    # the scope ends with the call: a later load without custom_objects fails again
    with pytest.raises(ValueError, match="Unknown layer class 'Scale'"):
        gn.models.load_model(tmp_path / "m.glassnet")
