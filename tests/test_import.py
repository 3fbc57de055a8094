"""`import glassnet` stays light: the heavy libraries load only when a feature needs them."""

import subprocess
import sys


def test_import_glassnet_loads_only_numpy():
    code = (
        "import sys, glassnet as gn; "
        "gn.Sequential([gn.layers.Dense(2, input_shape=(3,))]); "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'sklearn', 'rich', 'click', "
        "'yaml', 'scipy', 'torch') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_keras_style_imports_work():
    code = (
        "import glassnet as keras\n"
        "from glassnet import Input, Model, Sequential\n"
        "from glassnet.layers import Dense, Dropout\n"
        "from glassnet.optimizers import SGD\n"
        "from glassnet.models import load_model\n"
        "m = keras.Sequential([keras.layers.Dense(1, input_shape=(2,))])\n"
        "m.compile(optimizer=SGD(learning_rate=0.01), loss='mean_squared_error')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_tf_keras_alias_runs_the_slides_code():
    # The slides' TensorFlow code (seeds/002), with only the import changed.
    code = (
        "import sys\n"
        "import numpy as np\n"
        "import glassnet as tf\n"
        "from glassnet.keras import Input, Model\n"
        "from glassnet.keras.layers import Dense\n"
        "from glassnet.keras.optimizers import SGD\n"
        "from glassnet.keras.optimizers.schedules import ExponentialDecay\n"
        "X_train = np.random.default_rng(0).normal(size=(40, 3))\n"
        "y_train = (X_train[:, 0] > 0).astype(float)\n"
        "model = tf.keras.Sequential([\n"
        "    tf.keras.layers.Dense(units=1, activation='sigmoid',"
        " input_shape=(X_train.shape[1],))\n"
        "])\n"
        "model.compile(optimizer=SGD(learning_rate=0.01), loss='binary_crossentropy',"
        " metrics=['accuracy'])\n"
        "history = model.fit(X_train, y_train, epochs=3, verbose=0, batch_size=10,"
        " validation_split=0.1)\n"
        "inputs = Input(shape=(X_train.shape[1],))\n"
        "outputs = Dense(units=1, activation='linear')(inputs)\n"
        "model = Model(inputs=inputs, outputs=outputs)\n"
        "model.compile(optimizer=tf.keras.optimizers.Adam(), loss='mse')\n"
        "assert tf.keras.layers.Dense is tf.layers.Dense\n"
        "assert tf.keras.callbacks.EarlyStopping is tf.callbacks.EarlyStopping\n"
        "assert 'keras' not in sys.modules and 'torch' not in sys.modules\n"
        "print(sorted(history.history))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "['accuracy', 'loss', 'val_accuracy', 'val_loss']"
