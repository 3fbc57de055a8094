"""The differential suite's oracle: real Keras 3 on its PyTorch backend.

``KERAS_BACKEND`` must be set before Keras is first imported; Keras and PyTorch
(CPU, exactly torch==2.13.0) come with the ``test`` extra.

float64: Keras 3.15 rounds the result of many float64 operations (``matmul`` of two
float64 tensors among them) to float32, through ``BIT64_TO_BIT32_DTYPE`` in
``keras/src/backend/common/dtypes.py`` (to match JAX's default). The oracle here
switches that one entry off, so Keras computes in float64 throughout and the float64
comparisons hold to ~1e-12; tests in float32 compare at float32 tolerance instead.
"""

import os

os.environ["KERAS_BACKEND"] = "torch"

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from keras.src.backend.common import dtypes as _keras_dtypes  # noqa: E402

_keras_dtypes.BIT64_TO_BIT32_DTYPE["float64"] = "float64"  # see the module docstring
torch.set_num_threads(1)  # small matrices: threads only add noise and contention


@pytest.fixture(autouse=True)
def _fresh_keras():
    """Each test starts with Keras's default names and float32, as glassnet's do."""
    keras.utils.clear_session()
    keras.config.set_floatx("float32")
    yield
    keras.config.set_floatx("float32")


@pytest.fixture
def float64():
    """Both libraries in float64 for this test."""
    import glassnet as gn

    gn.backend.set_floatx("float64")
    keras.config.set_floatx("float64")
    yield


@pytest.fixture
def rng():
    return np.random.default_rng(0)
