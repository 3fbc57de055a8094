"""The glassnet command, run as a user runs it: click's CliRunner and a real subprocess,
on CSV files written here (good and malformed)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import glassnet as gn
from glassnet.cli import _report, cli

COMMANDS = ["train", "evaluate", "predict", "summary", "demo", "explain", "datasets", "exercise",
            "grade"]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def classes_csv(path, m=60, seed=0, shuffle=False):
    """label = big when x1 + x2 > 0; a text column; an id column with leading zeros."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, 2))
    lines = ["id,x1,x2,group,label"]
    for i, (a, b) in enumerate(X):
        lines.append(f"{i:03d},{a:.4f},{b:.4f},{'uv'[i % 2]},{'big' if a + b > 0 else 'small'}")
    body = lines[1:]
    if shuffle:
        body = [body[i] for i in rng.permutation(len(body))]
    path.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    return path


def assert_one_line_error(result, phrase):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert phrase in lines[0], lines[0]


# --- help everywhere ---------------------------------------------------------------
@pytest.mark.parametrize("command", [[], *[[c] for c in COMMANDS]])
def test_help_at_every_level(command):
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Usage: glassnet" in result.output


def test_no_command_shows_the_help():
    result = run()
    assert result.exit_code == 0 and "train" in result.output and "datasets" in result.output


def test_datasets_lists_every_builtin():
    result = run("datasets")
    assert result.exit_code == 0
    for name in gn.datasets.list_datasets():
        assert name in result.output


# --- train / evaluate / predict / summary on a CSV ---------------------------------
def test_train_writes_everything_and_predictions_apply_the_saved_transform(tmp_path):
    data = classes_csv(tmp_path / "points.csv")
    out = tmp_path / "run"
    result = run("train", data, "--target", "label", "--layers", "8", "--epochs", "20",
                 "--no-early-stopping", "--out", out)
    assert result.exit_code == 0, result.output
    assert "task: binary classification of big, small" in result.output
    assert "Ignored column 'id'" in result.output and "Confusion matrix" in result.output
    for name in ("model.glassnet", "history.csv", "history.json", "metrics.json",
                 "history.png"):
        assert (out / name).exists(), name
    assert not (out / "decision_boundary.png").exists()  # 4 inputs: no 2-D picture
    history = json.loads((out / "history.json").read_text())
    assert history["epoch"] == list(range(1, 21)) and len(history["val_loss"]) == 20
    header = (out / "history.csv").read_text().splitlines()[0]
    assert header == "epoch,accuracy,loss,val_accuracy,val_loss"  # Keras 3's key order
    assert not [p for p in os.listdir(out) if p.startswith(".glassnet")]

    # Predictions, recomputed by hand from the saved statistics and the raw columns.
    pred = run("predict", out / "model.glassnet", data, "--out", tmp_path / "p.csv")
    assert pred.exit_code == 0, pred.output
    import pandas as pd

    table = pd.read_csv(tmp_path / "p.csv", dtype={"id": str})
    raw = pd.read_csv(data, dtype={"id": str})
    model = gn.models.load_model(out / "model.glassnet")
    stats = model.pipeline.x_scaler
    X = np.column_stack([raw.x1, raw.x2, raw.group == "u", raw.group == "v"]).astype(float)
    Z = (X - stats.mean_) / stats.scale_
    p_small = model.predict(Z)[:, 0]  # classes sorted: big = 0, small = 1 (the sigmoid unit)
    np.testing.assert_allclose(table["probability_small"], p_small, atol=2e-6)
    np.testing.assert_allclose(table["probability_big"], 1 - p_small, atol=2e-6)
    assert list(table["predicted_label"]) == ["small" if p > 0.5 else "big" for p in p_small]
    assert list(table["id"]) == list(raw["id"])  # "000", "001"... kept as written

    # evaluate's accuracy is the share of rows where predicted_label == label
    accuracy = np.mean(table["predicted_label"] == table["label"])
    result = run("evaluate", out / "model.glassnet", data)
    assert result.exit_code == 0
    assert f"accuracy {accuracy:.4f}" in result.output

    summary = run("summary", out / "model.glassnet")
    assert summary.exit_code == 0 and "group=u" in summary.output and "Classes: big, small" \
        in summary.output


def test_predict_keeps_row_order_and_columns_without_a_target(tmp_path):
    classes_csv(tmp_path / "train.csv")
    out = tmp_path / "run"
    assert run("train", tmp_path / "train.csv", "--epochs", "2", "--out", out).exit_code == 0
    new = classes_csv(tmp_path / "new.csv", m=15, seed=5, shuffle=True)
    text = new.read_text().replace(",label", "").splitlines()
    no_target = tmp_path / "no_target.csv"
    no_target.write_text("\n".join(line.rsplit(",", 1)[0] if i else line
                                   for i, line in enumerate(text)) + "\n")
    result = run("predict", out / "model.glassnet", no_target)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "id,x1,x2,group,probability_big,probability_small,predicted_label"
    given = no_target.read_text().splitlines()
    assert [line.split(",")[:4] for line in lines[1:]] == [g.split(",") for g in given[1:]]


def test_regression_reports_mae_rmse_r2_as_scikit_learn_computes_them(tmp_path):
    from sklearn.metrics import r2_score

    rng = np.random.default_rng(1)
    X = rng.uniform(-1, 1, size=(80, 2))
    y = 3 * X[:, 0] - 2 * X[:, 1] + 10
    rows = "\n".join(f"{a:.5f},{b:.5f},{t:.5f}" for (a, b), t in zip(X, y, strict=True))
    data = tmp_path / "r.csv"
    data.write_text("a,b,value\n" + rows + "\n")
    out = tmp_path / "run"
    result = run("train", data, "--layers", "16", "--epochs", "40", "--learning-rate", "0.01",
                 "--out", out)
    assert result.exit_code == 0, result.output
    assert "task: regression" in result.output and "R²" in result.output
    pred = run("predict", out / "model.glassnet", data)
    import io

    import pandas as pd

    table = pd.read_csv(io.StringIO(pred.stdout))
    r2 = r2_score(table["value"], table["predicted_value"])
    assert r2 > 0.8  # a linear target: even 40 epochs get most of the variance
    result = run("evaluate", out / "model.glassnet", data)
    assert f"R² {r2:.4f}" in result.output


def test_report_metrics_match_scikit_learn():
    from sklearn import metrics

    rng = np.random.default_rng(2)
    y, p = rng.integers(0, 3, 50), rng.integers(0, 3, 50)
    np.testing.assert_array_equal(_report.confusion_matrix(y, p, 3),
                                  metrics.confusion_matrix(y, p, labels=[0, 1, 2]))
    assert _report.classification_metrics(y, p, 3)["accuracy"] == metrics.accuracy_score(y, p)
    t, q = rng.normal(size=30), rng.normal(size=30)
    got = _report.regression_metrics(t, q)
    assert got["mae"] == pytest.approx(metrics.mean_absolute_error(t, q))
    assert got["rmse"] == pytest.approx(np.sqrt(metrics.mean_squared_error(t, q)))
    assert got["r2"] == pytest.approx(metrics.r2_score(t, q))


# --- built-in data -----------------------------------------------------------------
def test_train_without_data_uses_breast_cancer(tmp_path):
    result = run("train", "--epochs", "2", "--out", tmp_path / "run")
    assert result.exit_code == 0, result.output
    assert "breast_cancer, 569 rows" in result.output and "accuracy" in result.output
    assert "341 train / 114 validation / 114 test" in result.output


def test_train_builtin_multiclass_and_gate(tmp_path):
    result = run("train", "iris", "--epochs", "2", "--early-stopping", "1",
                 "--out", tmp_path / "iris")
    assert result.exit_code == 0, result.output
    assert "setosa, versicolor, virginica" in result.output
    result = run("train", "moons", "--epochs", "2", "--out", tmp_path / "moons")
    assert result.exit_code == 0 and (tmp_path / "moons" / "decision_boundary.png").exists()
    result = run("train", "xor", "--epochs", "2", "--out", tmp_path / "xor")
    assert result.exit_code == 0 and "Only 4 rows" in result.output
    assert run("evaluate", tmp_path / "iris" / "model.glassnet", "iris").exit_code == 0


# --- demos: the seeds' numbers -------------------------------------------------------
def test_demo_and_prints_the_seed_costs(tmp_path):
    # The first seed's SimpleANN, with its own arithmetic (examples in columns).
    np.random.seed(42)
    W1, b1 = np.random.randn(4, 2) * 0.1, np.zeros((4, 1))
    W2, b2 = np.random.randn(1, 4) * 0.1, np.zeros((1, 1))
    X, Y = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], float), np.array([[0, 0, 0, 1]], float)
    costs = []
    for _ in range(1001):
        Z1 = W1 @ X + b1
        A1 = np.maximum(0, Z1)
        A2 = 1 / (1 + np.exp(-(W2 @ A1 + b2)))
        costs.append(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))
        dZ2 = A2 - Y
        dW2, db2 = dZ2 @ A1.T / 4, dZ2.sum(axis=1, keepdims=True) / 4
        dZ1 = (W2.T @ dZ2) * (Z1 > 0)
        dW1, db1 = dZ1 @ X.T / 4, dZ1.sum(axis=1, keepdims=True) / 4
        W1, b1, W2, b2 = W1 - 0.1 * dW1, b1 - 0.1 * db1, W2 - 0.1 * dW2, b2 - 0.1 * db2
    result = run("demo", "and", "--epochs", "1001")
    assert result.exit_code == 0, result.output
    assert f"Epoch 0: Cost = {costs[0]:.6f}" in result.output
    assert f"Epoch 1000: Cost = {costs[1000]:.6f}" in result.output
    full = run("demo")  # 10,000 epochs, as the seed
    assert "Predictions: [[0 0 0 1]]" in full.output


def test_demo_xor_follows_the_lab_update():
    rng = np.random.RandomState(42)
    W1, W2 = rng.randn(2, 4), rng.randn(4, 1)
    b1, b2 = np.zeros((1, 4)), np.zeros((1, 1))
    X, y = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float), np.array([[0], [1], [1], [0]])
    s = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    losses = {}
    for epoch in range(4001):  # the lab's loop: W += lr * A_prev.T @ delta
        H = s(X @ W1 + b1)
        out = s(H @ W2 + b2)
        losses[epoch] = np.mean(np.square(y - out))
        d_out = (y - out) * out * (1 - out)
        d_hid = d_out @ W2.T * H * (1 - H)
        W2 += H.T @ d_out * 0.1
        b2 += d_out.sum(axis=0, keepdims=True) * 0.1
        W1 += X.T @ d_hid * 0.1
        b1 += d_hid.sum(axis=0, keepdims=True) * 0.1
    result = run("demo", "xor", "--epochs", "4001")
    assert result.exit_code == 0, result.output
    printed = {int(line.split(",")[0].split()[1]): float(line.split("Loss:")[1])
               for line in result.output.splitlines() if line.startswith("Epoch")}
    assert sorted(printed) == [0, 4000]
    for epoch, value in printed.items():
        assert value == pytest.approx(losses[epoch], rel=1e-9)


# --- explain wiring ----------------------------------------------------------------
def test_explain_options_and_exit_codes(tmp_path):
    right = tmp_path / "right.yaml"
    right.write_text("y3: 0.5523\ndelta5: -0.03677\n")
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("y3: 0.5523\ndelta4: -0.0819\n")
    unusable = tmp_path / "unusable.yaml"
    unusable.write_text("y9: 1\ny3: 0.5523\n")
    # δ5 = y5(1 − y5)(t − y5) = −0.0367703 to 6 figures; 3 figures: −0.0368
    result = run("explain", "lab_backprop", "--notation", "lab", "--sig", "3")
    assert result.exit_code == 0 and "−0.0368" in result.output
    assert "0.552308" not in result.output
    exact = run("explain", "lab_backprop", "--notation", "lab", "--exact")
    assert "0.5523079095743253" in exact.output
    ok = run("explain", "lab_backprop", "--answers", str(right), "--verdicts-only")
    assert ok.exit_code == 0 and ok.output.splitlines()[-1].startswith("Total: 2/2")
    assert "Forward pass" not in ok.output  # the verdicts only
    bad = run("explain", "lab_backprop", "--answers", str(wrong), "--verdicts-only")
    assert bad.exit_code == 1 and "delta4: new error" in bad.output
    full = run("explain", "lab_backprop", "--answers", str(wrong))
    assert full.output.index("Your answers") < full.output.index("Forward pass")
    odd = run("explain", "lab_backprop", "--answers", str(unusable), "--verdicts-only")
    assert odd.exit_code == 2 and "y9: unusable" in odd.output and "y3: right" in odd.output
    missing = tmp_path / "missing.yaml"
    assert_one_line_error(run("explain", str(missing)), "file not found")
    assert_one_line_error(run("explain", "lab_backprop", "--verdicts-only"),
                          "--verdicts-only needs answers")


def test_explain_the_shipped_lab_spec_shows_the_lab_numbers():
    result = run("explain", "lab_backprop", "--notation", "lab", "--format", "markdown")
    assert result.exit_code == 0, result.output
    # the lab: x = (0.35, 0.7), w11 = w21 = 0.2, so a1 = 0.21 and y3 = sigma(0.21)
    y3 = 1 / (1 + np.exp(-(0.2 * 0.35 + 0.2 * 0.7)))
    assert f"{y3:.6f}"[:7] in result.output
    assert_one_line_error(run("explain", "no_such_spec"), "no shipped example")


# --- bad input: one line, exit status 2 ----------------------------------------------
BAD_FILES = {
    "empty.csv": "",
    "header.csv": "a,b,c\n",
    "short.csv": "a,b,c\n1,2,3\n4,5\n",
    "long.csv": "a,b,c\n1,2,3\n4,5,6,7\n",
    "nohead.csv": "1,2,3\n4,5,6\n",
    "missing.csv": "a,b,y\n1,,0\n2,3,1\n",
    "words.csv": "a,y\n1,cat\n2,dog\n3,cow\n",
    "semicolons.csv": "a;b;y\n1;2;3\n",
}


@pytest.mark.parametrize("args, phrase", [
    (["train", "nothing-here"], "neither a file nor a built-in data set"),
    (["train", "{tmp}/gone.csv"], "No file at"),
    (["train", "{tmp}"], "is a folder"),
    (["train", "{tmp}/empty.csv"], "empty.csv is empty"),
    (["train", "{tmp}/header.csv"], "but no data rows"),
    (["train", "{tmp}/short.csv"], "line 3 has 2 values but the header has 3"),
    (["train", "{tmp}/long.csv"], "line 3 has 4 values but the header has 3"),
    (["train", "{tmp}/nohead.csv"], "no header row"),
    (["train", "{tmp}/semicolons.csv"], "does not seem to be comma-separated"),
    (["train", "{tmp}/missing.csv", "--impute", "none"],
     "Column 'b' has 1 missing value (line 2)"),
    (["train", "{tmp}/words.csv", "--target", "nope"], "There is no column 'nope'"),
    (["train", "{tmp}/words.csv", "--task", "regression"], "cannot be a regression target"),
    (["train", "{tmp}/words.csv", "--task", "binary"], "has 3 classes"),
    (["train", "iris", "--target", "petal"], "leave --target out"),
    (["train", "--epochs", "0"], "Invalid value for '--epochs'"),
    (["train", "--epochs", "many"], "Invalid value for '--epochs'"),
    (["train", "--dropout", "1"], "Invalid value for '--dropout'"),
    (["train", "--layers", "64,-2"], "--layers expects positive whole numbers"),
    (["train", "--validation-split", "0.6", "--test-split", "0.5"], "add up to 1.1"),
    (["train", "--optimizer", "magic"], "Invalid value for '--optimizer'"),
    (["train", "--learning-rate", "1e12", "--epochs", "2"], "learning rate that is too large"),
    (["evaluate", "{tmp}/no.glassnet", "iris"], "No model file"),
    (["evaluate", "{tmp}/words.csv", "iris"], "is not a glassnet model file"),
    (["summary", "{tmp}/words.csv"], "is not a glassnet model file"),
    (["predict", "{tmp}/plain.glassnet", "iris"], "holds no data pipeline"),
    (["demo", "xnor"], "Invalid value"),
    (["frobnicate"], "No such command"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, phrase):
    for name, text in BAD_FILES.items():
        (tmp_path / name).write_text(text)
    plain = gn.Sequential([gn.layers.Dense(1, input_shape=(4,))])
    plain.compile(loss="mse")
    plain.save(tmp_path / "plain.glassnet")
    args = [a.format(tmp=tmp_path) for a in args]
    assert_one_line_error(run(*args, "--out", tmp_path / "o") if args[0] == "train"
                          else run(*args), phrase)
    assert not (tmp_path / "o").exists()  # a failed run leaves no output folder


def test_unwritable_out_is_reported_before_training(tmp_path):
    (tmp_path / "file.txt").write_text("not a folder")
    result = run("train", "iris", "--out", tmp_path / "file.txt" / "run")
    assert_one_line_error(result, "is not writable")
    assert "Epoch" not in result.output and "Network" not in result.output


def test_columns_that_do_not_match_the_model(tmp_path):
    out = tmp_path / "run"
    assert run("train", classes_csv(tmp_path / "t.csv"), "--epochs", "1", "--out", out) \
        .exit_code == 0
    other = tmp_path / "other.csv"
    other.write_text("id,x1,colour,label\n1,0.5,u,big\n")
    assert_one_line_error(run("predict", out / "model.glassnet", other),
                          "lacks the column(s) 'x2', 'group'")
    bad_value = tmp_path / "bad_value.csv"
    bad_value.write_text("x1,x2,group\n0.5,0.1,w\n")
    assert_one_line_error(run("predict", out / "model.glassnet", bad_value),
                          "'w' that the model never saw")
    assert_one_line_error(run("evaluate", out / "model.glassnet", bad_value.parent / "x.csv"),
                          "No file at")


# --- a failed or interrupted run overwrites nothing --------------------------------------
def _old_results(folder):
    folder.mkdir()
    (folder / "model.glassnet").write_bytes(b"old model")
    (folder / "history.csv").write_text("old history")


def _unchanged(folder):
    assert (folder / "model.glassnet").read_bytes() == b"old model"
    assert (folder / "history.csv").read_text() == "old history"
    assert sorted(os.listdir(folder)) == ["history.csv", "model.glassnet"]


def test_diverging_run_overwrites_nothing(tmp_path):
    _old_results(tmp_path / "run")
    result = run("train", "--learning-rate", "1e12", "--epochs", "3", "--out", tmp_path / "run")
    assert result.exit_code == 2
    _unchanged(tmp_path / "run")


def test_interrupted_run_overwrites_nothing(tmp_path, monkeypatch):
    import glassnet.cli.train_cmd as train_module

    _old_results(tmp_path / "run")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(train_module, "_fit", interrupted)
    result = run("train", "--epochs", "1", "--out", tmp_path / "run")
    assert result.exit_code == 130 and "Interrupted" in result.output
    _unchanged(tmp_path / "run")


def test_failure_while_writing_leaves_the_old_files(tmp_path, monkeypatch):
    import glassnet.cli.train_cmd as train_module

    _old_results(tmp_path / "run")

    def disk_full(history, folder):
        raise OSError("No space left on device")

    monkeypatch.setattr(train_module, "_save_history", disk_full)
    result = run("train", "--epochs", "1", "--out", tmp_path / "run")
    assert_one_line_error(result, "No space left on device")
    _unchanged(tmp_path / "run")
    monkeypatch.undo()
    assert run("train", "--epochs", "1", "--out", tmp_path / "run").exit_code == 0
    assert (tmp_path / "run" / "model.glassnet").read_bytes() != b"old model"


# --- the installed entry point ---------------------------------------------------------
def _script():
    script = Path(sys.executable).parent / "glassnet"
    found = str(script) if script.exists() else shutil.which("glassnet")
    assert found, "install glassnet (pip install -e .) to get the glassnet command"
    return found


def test_installed_command_trains_and_fails_cleanly(tmp_path):
    data = classes_csv(tmp_path / "points.csv")
    done = subprocess.run([_script(), "train", str(data), "--epochs", "3", "--out",
                           str(tmp_path / "run")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Test rows" in done.stdout and (tmp_path / "run" / "model.glassnet").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n3\n")
    failed = subprocess.run([_script(), "predict", str(tmp_path / "run" / "model.glassnet"),
                             str(bad)], capture_output=True, text=True)
    assert failed.returncode == 2
    assert failed.stderr.strip() == ("Error: bad.csv line 3 has 1 values but the header has 2 "
                                     "columns (a, b). Every row needs one value per column: "
                                     "fix or remove that line.")
    assert failed.stdout == ""


def test_predictions_file_gets_the_usual_permissions(tmp_path):
    # Written through the same atomic writer as model files: the umask decides the mode.
    import os
    import stat

    data = tmp_path / "moons.csv"
    X, y = gn.datasets.load("moons")
    data.write_text("a,b,label\n" + "\n".join(f"{a},{b},{int(c)}" for (a, b), c in zip(X, y)))
    runner = CliRunner()
    assert runner.invoke(cli, ["train", str(data), "--target", "label", "--epochs", "2",
                                "--out", str(tmp_path / "run")]).exit_code == 0
    out = tmp_path / "preds.csv"
    result = runner.invoke(cli, ["predict", str(tmp_path / "run" / "model.glassnet"),
                                  str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o666 & ~mask
