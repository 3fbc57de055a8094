"""``glassnet.keras``: the Keras namespace, so code written for ``tf.keras`` runs.

Change one import and the slides' TensorFlow code runs on glassnet::

    import glassnet as tf                      # instead of: import tensorflow as tf

    model = tf.keras.Sequential([
        tf.keras.layers.Dense(1, activation="sigmoid", input_shape=(30,)),
    ])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.01), loss="binary_crossentropy")

``from glassnet.keras.layers import Dense`` and ``from glassnet.keras import Input,
Model`` work too (for ``from tensorflow.keras... import ...``). Every name here is
glassnet's own object: ``glassnet.keras.layers`` *is* ``glassnet.layers``.

Examples
--------
>>> import glassnet as tf
>>> tf.keras.layers.Dense is tf.layers.Dense
True
"""

import sys

from . import (
    activations,
    backend,
    callbacks,
    initializers,
    layers,
    losses,
    metrics,
    models,
    optimizers,
    regularizers,
    utils,
)
from .layers import Input
from .models import Model, Sequential

# ``import glassnet.keras.layers`` and ``from glassnet.keras.optimizers import SGD``
# find the submodules under their Keras names.
for _module in (activations, backend, callbacks, initializers, layers, losses, metrics,
                models, optimizers, regularizers, utils):
    sys.modules[f"{__name__}.{_module.__name__.rsplit('.', 1)[-1]}"] = _module
sys.modules[f"{__name__}.optimizers.schedules"] = optimizers.schedules

__all__ = [
    "Input", "Model", "Sequential", "activations", "backend", "callbacks",
    "initializers", "layers", "losses", "metrics", "models", "optimizers",
    "regularizers", "utils",
]
