"""How much code one training step runs: the student's path through the engine.

``scripts/trace_train_step.py`` traces one ``train_on_batch`` of
``Sequential([Input((4,)), Dense(8, "relu"), Dense(1, "sigmoid")])`` with SGD and
binary cross-entropy (after a warm-up step) with ``sys.setprofile`` and counts the
distinct glassnet functions it calls and the files they live in.

Issue 11 asks for at most 25 functions in at most 8 files, and that is the bound.
The budget, file by file (the list the script prints): models/model.py 8 (the step's
public verbs, ``train_on_batch``, ``train_step``, ``_logs``), models/inputs.py 3
(``check_data``, ``check_x``, ``to_array``), layers/base.py 2 (the template's
``forward``/``backward``), layers/dense.py 2, activations/classic.py 3 (ReLU and
sigmoid), losses/base.py 2 + losses/crossentropy.py 2, optimizers/base.py 3 (the
step, the learning rate, SGD's rule). A model with several outputs runs the same
code, with one head per output; the one-output model is that code with one head.
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
    assert n_functions <= 25, listing
    assert n_files <= 8, listing
    # the step is the public verbs, in model.py
    assert {"Model.train_step", "Model.forward", "Model.compute_loss", "Model.backpropagate",
            "Model.backward", "Model.trainable_parameters"} <= seen["models/model.py"]
    assert "Layer.forward" in seen["layers/base.py"]  # the template owns the cache flag
    assert seen["optimizers/base.py"] == {"Optimizer.step", "Optimizer.current_learning_rate",
                                          "SGD.update"}
