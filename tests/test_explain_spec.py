"""Specs (JSON/YAML networks) and what ``glassnet explain SPEC`` runs."""

import json

import numpy as np
import pytest

import glassnet as gn
from glassnet.explanation import SpecError, example_spec_path, load_spec, run_cli


def test_slides_mlp_spec_reproduces_the_slides_numbers():
    spec = load_spec(example_spec_path("slides_mlp"))
    report = gn.explain(spec.model, spec.x, spec.y)
    first, second = report.steps
    # The slides (seed 002): z[1] = W[1] x + b[1] = [1.0, 2.0, 1.5], a[2] = 1.4,
    # W[2] <- [0.4 0.3 0.2] - 0.1 * 0.4 * [1.0 2.0 1.5] = [0.36 0.22 0.14],
    # b[2] <- 0.1 - 0.1 * 0.4 = 0.06, W[1] <- W[1] - 0.1 * 0.4 * W[2]^T x^T.
    np.testing.assert_allclose(first.Z, [[1.0, 2.0, 1.5]], rtol=1e-12)
    np.testing.assert_allclose(second.A, [[1.4]], rtol=1e-12)
    np.testing.assert_allclose(second.W_new.T, [[0.36, 0.22, 0.14]], rtol=1e-12)
    np.testing.assert_allclose(second.b_new, [0.06], rtol=1e-12)
    np.testing.assert_allclose(first.W_new.T, [[0.484, 0.168], [0.288, 0.776],
                                               [0.592, 0.384]], rtol=1e-12)
    np.testing.assert_allclose(first.b_new, [0.084, 0.088, 0.092], rtol=1e-12)
    assert spec.notation == "slides" and spec.model.layers[0].kernel.dtype == np.float64


def test_lab_spec_holds_the_labs_network():
    spec = load_spec(example_spec_path("lab_backprop"))
    W1, W2 = (layer.kernel for layer in spec.model.layers)
    np.testing.assert_array_equal(W1, [[0.2, 0.3], [0.2, 0.3]])  # w11 w12 / w21 w22
    np.testing.assert_array_equal(W2, [[0.3], [0.9]])  # w13, w23
    assert not spec.model.layers[0].use_bias
    assert spec.model.optimizer.learning_rate == 1.0
    np.testing.assert_array_equal(spec.x, [[0.35, 0.7]])
    np.testing.assert_array_equal(spec.y, [[0.5]])


GOOD = {
    "input": [1, 2], "target": [1], "loss": "half_squared_error", "learning_rate": 0.1,
    "layers": [{"units": 1, "activation": "linear"}],
    "weights": {"W1": [[0.5], [0.2]], "b1": [0.1]},
}


def write(tmp_path, data, name="spec.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


@pytest.mark.parametrize("change,message", [
    ({"weights": None}, r"missing key\(s\) \['weights'\]"),
    ({"layers": [{"units": 1, "activation": "swoosh"}]}, "layer 1: Unknown activation 'swoosh'"),
    ({"layers": [{"units": 0}]}, "'units' must be a positive integer"),
    ({"layers": [{"units": 1, "droput": 0.5}]}, r"unknown key\(s\) \['droput'\]"),
    ({"layers": [{"units": 1, "dropout": 1.5}]}, r"'dropout' must be a rate in \[0, 1\)"),
    ({"layers": [{"units": 1, "kernel_regularizer": {"l3": 1}}]},
     "'kernel_regularizer' must be l1, l2, l1_l2 or a mapping"),
    ({"layers": [{"units": 1, "batch_normalization": "middle"}]},
     "'batch_normalization' must be true"),
    ({"weights": {"W1": [[0.5, 0.2]], "b1": [0.1]}}, r"W1 must have shape \(2, 1\) in notation "
                                                     r"keras.*got shape \(1, 2\)"),
    ({"weights": {"W1": [[0.5], [0.2]]}}, "lacks b1"),
    ({"weights": {"W1": [[0.5], [0.2]], "b1": [0.1], "W2": [[1.0]]}}, "no layer uses"),
    ({"target": [1, 2]}, r"'target' must give 1 value\(s\) per example"),
    ({"input": "abc"}, "'input' must be a number or a list of numbers"),
    ({"loss": "hinj"}, "Unknown loss 'hinj'"),
    ({"optimizer": "lbfgs"}, "unknown optimizer 'lbfgs'"),
    ({"learning_rate": -1}, "'learning_rate' must be a number >= 0"),
    ({"notation": "rows"}, "'notation' must be keras, slides or lab"),
    ({"epochs": 3}, r"unknown key\(s\) \['epochs'\]"),
])
def test_malformed_specs_get_one_clear_line(tmp_path, change, message):
    data = {**GOOD, **change}
    data = {k: v for k, v in data.items() if v is not None}
    with pytest.raises(SpecError, match=message) as info:
        load_spec(write(tmp_path, data))
    assert "\n" not in str(info.value) and str(info.value).startswith(str(tmp_path))
    assert isinstance(info.value, ValueError)


def test_unreadable_files(tmp_path):
    with pytest.raises(SpecError, match=r"not valid YAML \(line 2"):
        load_spec(write(tmp_path, "input: [1, 2\nloss: mse\n", "bad.yaml"))
    with pytest.raises(SpecError, match=r"not valid JSON \(line 1"):
        load_spec(write(tmp_path, "{input: 1}", "bad.json"))
    with pytest.raises(SpecError, match="holds list"):
        load_spec(write(tmp_path, "- 1\n- 2\n", "list.yaml"))
    # users have no glassnet/specs folder: the message names the shipped examples
    with pytest.raises(SpecError, match=r"file not found.*shipped example \(lab_backprop, "
                       r"slides_mlp\): 'glassnet explain lab_backprop'.*"
                       r"load_spec\(example_spec_path\('lab_backprop'\)\)") as error:
        load_spec(tmp_path / "nope.yaml")
    assert "glassnet/specs" not in str(error.value)


def test_lab_notation_weights_need_every_w(tmp_path):
    data = {**GOOD, "notation": "lab", "layers": [{"units": 1, "use_bias": False}],
            "weights": {"w1,1": 0.5}}
    with pytest.raises(SpecError, match="lacks 'w2,1'"):
        load_spec(write(tmp_path, data))


def test_run_cli_formats_and_exit_codes(tmp_path):
    lab = example_spec_path("lab_backprop")
    text, code = run_cli(lab, sig=3)
    assert code == 0 and "δ5" in text and "−0.0368" in text
    for fmt, start in (("markdown", "# One training step"), ("latex", r"\documentclass"),
                       ("html", "<div"), ("json", "{")):
        out, code = run_cli(lab, fmt=fmt)
        assert code == 0 and out.lstrip().startswith(start), fmt
    assert json.loads(run_cli(lab, fmt="json")[0])["notation"] == "lab"
    out, code = run_cli(lab, fmt="json", notation="slides")
    assert json.loads(out)["notation"] == "slides"
    answers = write(tmp_path, {"δ4": -0.0819, "δ3": -0.0027}, "answers.json")
    out, code = run_cli(lab, answers=str(answers))
    assert code == 1 and "new error" in out
    out, code = run_cli(lab, answers={"δ3": -0.0027})
    assert code == 0 and "right" in out


def test_run_cli_errors_are_one_line_with_code_2(tmp_path):
    bad = write(tmp_path, {**GOOD, "loss": "hinj"})
    out, code = run_cli(bad)
    assert code == 2 and out.startswith("error: ") and "\n" not in out
    out, code = run_cli(example_spec_path("lab_backprop"), fmt="pdf")
    assert code == 2 and "unknown format" in out
    # an unusable answer gets its verdict (the others are still checked), exit 2
    out, code = run_cli(example_spec_path("lab_backprop"), answers={"y9": 1, "δ3": -0.0027},
                        verdicts_only=True)
    assert code == 2 and "y9: unusable" in out and "unknown name 'y9'" in out
    assert "δ3: right" in out


def test_a_malformed_answers_file_is_one_line_with_where(tmp_path):
    # The same reader as specs: a ValueError with line and column, which the command
    # line prints as one error line with exit status 2.
    from click.testing import CliRunner

    from glassnet.cli import cli
    from glassnet.explanation.answers import read_answers

    bad = tmp_path / "answers.yaml"
    bad.write_text("delta5: -0.0376\ny3: [0.55\n")
    with pytest.raises(ValueError, match=r"answers.yaml' is not valid YAML \(line 3"):
        read_answers(bad)
    result = CliRunner().invoke(cli, ["explain", "lab_backprop", "--answers", str(bad)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "not valid YAML (line 3" in lines[0], result.output


def test_a_spec_with_batch_normalization_dropout_and_a_penalty(tmp_path):
    """The layers a spec may add, checked by hand: BN before relu, dropout, L2 on W1."""
    data = {"notation": "slides", "input": [[0.35, 0.7], [1.0, -0.5], [0.2, 0.1]],
            "target": [[0.5], [0.1], [0.9]], "loss": "mse", "learning_rate": 0.1,
            "layers": [{"units": 2, "activation": "relu", "batch_normalization": True,
                        "kernel_regularizer": {"l2": 0.01}, "dropout": 0.5},
                       {"units": 1}],
            "weights": {"W1": [[0.2, 0.2], [0.3, 0.3]], "b1": [0, 0], "W2": [[0.3, 0.9]],
                        "b2": [0]}}
    spec = load_spec(write(tmp_path, data))
    kinds = [type(layer).__name__ for layer in spec.model.layers]
    assert kinds == ["Dense", "BatchNormalization", "Activation", "Dropout", "Dense"]
    report = gn.explain(spec.model, spec.x, spec.y, notation=spec.notation)
    s = report.steps[0]
    X = np.array(data["input"])
    Z = X @ np.array([[0.2, 0.3], [0.2, 0.3]])  # the slides' W[1] transposed
    Zhat = (Z - Z.mean(axis=0)) / np.sqrt(Z.var(axis=0) + 1e-3)
    A = np.maximum(Zhat, 0) * s.values["mask"] / 0.5
    A2 = A @ np.array([[0.3], [0.9]])
    np.testing.assert_allclose(report.steps[1].A, A2, rtol=1e-10)
    penalty = 0.01 * (np.array([[0.2, 0.2], [0.3, 0.3]]) ** 2).sum()
    np.testing.assert_allclose(report.loss, np.mean((A2 - data["target"]) ** 2) + penalty,
                               rtol=1e-12)
    # the mask is the same every run (seed 0 by default): a sheet can be handed out
    again = gn.explain(load_spec(write(tmp_path, data)).model, spec.x, spec.y)
    np.testing.assert_array_equal(again.steps[0].values["mask"], s.values["mask"])
