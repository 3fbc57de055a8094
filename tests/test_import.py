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
