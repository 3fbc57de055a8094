"""Checking a student's answers: right / carried forward / new error / not answered.

The answer sheets below are typical students', written by hand, each with the
verdict every answer must get. The lab's network (seed 001): x = (0.35, 0.7),
w11 = w21 = 0.2, w12 = w22 = 0.3, w13 = 0.3, w23 = 0.9, t = 0.5, sigmoid, η = 1,
no biases. Its exact values, by plain math (``exact_lab``):

    y3 = σ(0.21) = 0.552308,  y4 = σ(0.315) = 0.578105,  y5 = σ(0.685987) = 0.665074
    error = t − y5 = −0.165074
    δ5 = y5(1 − y5)(t − y5) = −0.0367703
    δ3 = y3(1 − y3) w13 δ5 = −0.00272759   δ4 = y4(1 − y4) w23 δ5 = −0.00807143
    Δw13 = δ5 y3 = −0.0203085   w13 ← 0.279691;   Δw23 = δ5 y4 = −0.0212571   w23 ← 0.878743
    Δw11 = δ3 x1 = −0.000954656  w11 ← 0.199045

The lab document (section 6.2) is itself a student's sheet: its numbers are rounded,
δ4 slipped a decimal (−0.0819), Δw11 lost its sign, and the five input-to-hidden and
w13 updated weights are not what its formulas give.
"""

import json
import math

import numpy as np
import pytest

import glassnet as gn
from glassnet.explanation import example_spec_path, load_spec

DOCUMENT = {
    "a1": 0.21, "y3": 0.56, "a2": 0.315, "a3": 0.702, "y5": 0.67, "error": -0.17,
    "δ5": -0.0376, "δ3": -0.0027, "δ4": -0.0819,
    "Δw2,3": -0.022184, "w2,3_new": 0.877816,
    "Δw1,1": 0.000945, "w1,1_new": 0.200945,
    "w1,2_new": 0.273225, "w1,3_new": 0.086615, "w2,1_new": 0.269445, "w2,2_new": 0.18534,
}


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


X1, X2, T = 0.35, 0.7, 0.5
W11, W21, W12, W22, W13, W23 = 0.2, 0.2, 0.3, 0.3, 0.3, 0.9
Y3, Y4 = sigmoid(W11 * X1 + W21 * X2), sigmoid(W12 * X1 + W22 * X2)
Y5 = sigmoid(W13 * Y3 + W23 * Y4)
D5 = Y5 * (1 - Y5) * (T - Y5)
D3, D4 = Y3 * (1 - Y3) * W13 * D5, Y4 * (1 - Y4) * W23 * D5


@pytest.fixture(scope="module")
def lab():
    spec = load_spec(example_spec_path("lab_backprop"))
    return gn.explain(spec.model, spec.x, spec.y, notation="lab")


def verdicts(result):
    return {v.name: v.status for v in result.items}


def test_the_exact_values_in_the_docstring():
    assert (round(Y3, 6), round(Y4, 6), round(Y5, 6)) == (0.552308, 0.578105, 0.665074)
    assert (round(D5, 7), round(D3, 8), round(D4, 8)) == (-0.0367703, -0.00272759, -0.00807143)


def test_the_lab_documents_wrong_answers_are_flagged_exactly(lab):
    result = lab.check(DOCUMENT)
    wrong = {v.name for v in result.items if not v.right}
    assert wrong == {"δ4", "Δw1,1", "w1,1_new", "w1,2_new", "w1,3_new", "w2,1_new",
                     "w2,2_new"}
    assert result["δ4"].expected == pytest.approx(D4, rel=1e-12)
    assert result["w1,1_new"].expected == pytest.approx(W11 + D3 * X1, rel=1e-12)
    # δ4 = −0.0819 is ten times what the document's own δ5 gives: a slipped decimal
    assert result["δ4"].status == "new error" and result["δ4"].slip == "power of ten"
    assert result["δ4"].from_yours == pytest.approx(Y4 * (1 - Y4) * 0.9 * -0.0376)
    # through the skipped y4, recomputed from the document's own a2
    assert {d["name"] for d in result["δ4"].depends_on} == {"δ5", "a2"}
    # Δw11 = η δ3 x1 = 1 × (−0.0027) × 0.35 = −0.000945 from its own δ3: the sign is lost
    assert result["Δw1,1"].status == "new error" and result["Δw1,1"].slip == "sign flip"
    # w11 = 0.2 + 0.000945 follows from that wrong Δw11: carried forward
    assert result["w1,1_new"].status == "carried forward"
    assert [(d["name"], d["status"]) for d in result["w1,1_new"].depends_on] == [
        ("Δw1,1", "new error")]
    assert result.all_right is False and lab.check({"y3": 0.5523}).all_right


def test_student_who_flips_the_sign_of_the_error_term(lab):
    error = Y5 - T  # wrong: y5 − t
    d5 = Y5 * (1 - Y5) * error  # the right formula on their error: +0.0368
    d3 = Y3 * (1 - Y3) * W13 * d5
    sheet = {"y5": 0.665074, "error": error, "δ5": d5, "δ3": d3,
             "Δw2,3": d5 * Y4, "w2,3_new": W23 + d5 * Y4,  # moved the wrong way
             "w1,1_new": W11 + d3 * X1}
    result = lab.check(sheet)
    assert verdicts(result) == {
        "y5": "right", "error": "new error", "δ5": "carried forward",
        "δ3": "carried forward", "Δw2,3": "carried forward", "w2,3_new": "carried forward",
        "w1,1_new": "carried forward"}
    assert result["error"].slip == "sign flip"
    assert [d["name"] for d in result["δ5"].depends_on] == ["y5", "error"]
    assert "error" in result["δ5"].message and "carried forward" in result["δ5"].message
    assert result.total == pytest.approx(1 + 0 + 5 * 0.5)


def test_student_who_forgets_the_activation_derivative(lab):
    d5 = T - Y5  # δ5 without y5(1 − y5)
    sheet = {"δ5": d5, "δ3": Y3 * (1 - Y3) * W13 * d5, "w1,3_new": W13 + d5 * Y3}
    result = lab.check(sheet)
    assert verdicts(result) == {"δ5": "new error", "δ3": "carried forward",
                                "w1,3_new": "carried forward"}
    assert result["δ5"].slip == "missing activation derivative"
    # w13 follows from δ5 through the skipped Δw13 (recomputed from their δ5)
    assert [d["name"] for d in result["w1,3_new"].depends_on] == ["δ5"]


def test_student_who_uses_the_wrong_weight_in_a_hidden_delta(lab):
    sheet = {"δ5": D5, "δ3": Y3 * (1 - Y3) * W23 * D5,  # w2,3 instead of w1,3
             "δ4": Y4 * (1 - Y4) * W13 * D5}           # w1,3 instead of w2,3
    result = lab.check(sheet)
    assert verdicts(result) == {"δ5": "right", "δ3": "new error", "δ4": "new error"}
    assert result["δ3"].slip == result["δ4"].slip == "wrong weight in hidden δ"


def test_student_who_uses_the_updated_weight_in_a_hidden_delta(lab):
    w13_new = W13 + D5 * Y3
    (verdict,) = lab.check({"δ3": Y3 * (1 - Y3) * w13_new * D5}).items
    assert verdict.status == "new error" and verdict.slip == "wrong weight in hidden δ"
    assert "updated" in verdict.message


def test_student_who_skips_the_intermediate_quantities(lab):
    d5 = -0.05  # wrong, and then only new weights: every one follows from it
    sheet = {"δ5": d5, "w2,3_new": W23 + d5 * Y4,
             "w1,1_new": W11 + Y3 * (1 - Y3) * W13 * d5 * X1,   # via skipped δ3, Δw11
             "w2,2_new": 0.3}                                    # the old one copied
    result = lab.check(sheet)
    assert verdicts(result) == {"δ5": "new error", "w2,3_new": "carried forward",
                                "w1,1_new": "carried forward", "w2,2_new": "new error"}
    for name in ("w2,3_new", "w1,1_new"):
        assert [d["name"] for d in result[name].depends_on] == ["δ5"]
    assert result["w2,2_new"].slip == "old value copied"


def test_student_who_rounds_too_early(lab):
    sheet = {"y3": 0.6, "δ5": -0.04, "δ3": Y3 * (1 - Y3) * W13 * -0.04}
    result = lab.check(sheet)
    assert verdicts(result) == {"y3": "new error", "δ5": "new error",
                                "δ3": "carried forward"}
    assert result["y3"].slip == result["δ5"].slip == "rounded too early"
    assert "rounded to 2 decimals" in result["δ5"].message  # −0.0368 → −0.04
    assert "4 significant figures" in result["δ5"].message


def test_student_whose_weight_moves_the_wrong_way(lab):
    (verdict,) = lab.check({"w2,3_new": W23 - D5 * Y4}).items  # 0.9 + 0.0213
    assert verdict.status == "new error" and verdict.slip == "sign flip"
    assert "wrong way" in verdict.message


def test_rounded_values_within_the_tolerance_are_right(lab):
    # a3 = 0.3 × 0.55 + 0.9 × 0.58 = 0.687 from rounded y3, y4; 0.686 within 5%
    result = lab.check({"y3": 0.55, "y4": 0.58, "a3": 0.686})
    assert all(v.right for v in result.items)


def test_no_wrong_answer_is_ever_right(lab):
    """Every checkable quantity, pushed outside the tolerance in several ways, alone
    and all together: never "right"."""
    names = sorted({eq.key for s in lab.sections for eq in s.equations if eq.key})
    exact = {n: lab.check({n: 0.0}).items[0].expected for n in names}
    rng = np.random.default_rng(0)
    for n in names:
        e = exact[n]
        old = e  # an updated weight is judged on its step: push that
        if n.endswith("_new"):
            old = lab.check({n: e}).items[0].expected - (
                lab.check({"d" + n[:-4]: 0.0}).items[0].expected)
        step = e - old if n.endswith("_new") else e
        for wrong in (old + step * 1.2, old + step * 0.8, old - step, old + step + 0.5,
                      old + step * 10):
            if abs(wrong - e) <= 1e-6 + 0.05 * abs(step):
                continue
            (v,) = lab.check({n: wrong}).items
            assert v.status != "right", (n, wrong, e)
    sheet = {n: exact[n] * rng.choice([-1.0, 1.3, 0.5]) + 0.01 for n in names}
    for v in lab.check(sheet).items:
        assert v.status != "right" or abs(sheet[v.name] - v.expected) <= 1e-6 + 0.05 * abs(
            v.expected), v


def test_points_and_partial_credit(lab):
    d5 = -0.05
    result = lab.check({"δ5": d5, "w2,3_new": W23 + d5 * Y4, "y3": Y3},
                       points={"δ5": 2, "w2,3_new": 3, "y3": 1, "y4": 1},
                       carried_forward_credit=0.4)
    assert [(v.name, v.status, v.points, v.max_points) for v in result.items] == [
        ("δ5", "new error", 0.0, 2.0), ("w2,3_new", "carried forward", pytest.approx(1.2), 3.0),
        ("y3", "right", 1.0, 1.0), ("y4", "not answered", 0.0, 1.0)]
    assert (result.total, result.max_total) == (pytest.approx(2.2), 7.0)
    data = result.to_dict()
    assert data["total"] == pytest.approx(2.2) and data["max_total"] == 7.0
    assert data["items"][1]["points"] == pytest.approx(1.2)
    for text in (result.summary(), result.to_text(), result.to_markdown(), result.to_html(),
                 result.to_latex()):
        assert "2.2/7" in text
    with pytest.raises(ValueError, match="carried_forward_credit"):
        lab.check({"y3": Y3}, carried_forward_credit=2)
    with pytest.raises(ValueError, match="points:.*unknown name 'y9'"):
        lab.check({"y3": Y3}, points={"y9": 1})


def test_a_check_never_stops_at_a_bad_answer(lab):
    result = lab.check({"y9": 0.5, "y3": "abc", "δ5": D5, "w1,3_new": [0.1, 0.2],
                        "y4": None, "y5": 0.665})
    assert verdicts(result) == {"y9": "unusable", "y3": "unusable", "δ5": "right",
                                "w1,3_new": "unusable", "y4": "not answered", "y5": "right"}
    assert "unknown name 'y9'" in result["y9"].message and "delta5" in result["y9"].message
    assert "must be a number" in result["y3"].message
    assert "one number" in result["w1,3_new"].message


def test_answer_names_are_read_loosely(lab):
    names = {"δ5": -0.03677, "delta_5": -0.03677, "Δw_{2,3}": -0.021257, "dw23": -0.021257,
             "w_{2,3}(new)": 0.878743, "w23_new": 0.878743, "∂L/∂w_{1,3}": 0.020309,
             "y3": "0.5523", "δ3": "−0.002728"}
    for key, value in names.items():
        (v,) = lab.check({key: value}).items
        assert v.right, key


def test_slides_notation_whole_arrays_single_elements_and_wrong_elements():
    spec = load_spec(example_spec_path("slides_mlp"))
    report = gn.explain(spec.model, spec.x, spec.y, notation="slides")
    # the slides: dL/dW[1] = 0.4 [0.4 0.3 0.2]^T [1 2] = [[0.16, 0.32], [0.12, 0.24], ...]
    result = report.check({
        "dW1": [[0.16, 0.32], [0.12, 0.24], [0.08, 0.16]],
        "W[1]_new[1,2]": 0.168,   # row 1 column 2 of W[1] (n_out × n_in)
        "W2_new": [0.36, 0.22, 0.14],
        "b1_new": [0.084, 0.088, 0.092],
        "dW[1][3,1]": 0.8,        # wrong: 0.08, ten times too big
        "W1_new": [[0.484, 0.168], [0.288, 0.776], [0.592, 0.5]],  # [3,2] wrong
    })
    assert [v.status for v in result.items] == ["right"] * 4 + ["new error"] * 2
    assert result["dW[1][3,1]"].quantity == "dW1[3,1]"
    assert result["W1_new"].wrong_elements == [[3, 2]]
    # the same element in Keras rows is W1[2,1] (n_in × n_out)
    keras = report.view(notation="keras").check({"W1_new[2,1]": 0.168, "W1_new[1,2]": 0.168})
    assert [v.right for v in keras.items] == [True, False]


def test_a_transposed_matrix_is_never_reshaped():
    spec = load_spec(example_spec_path("slides_mlp"))
    report = gn.explain(spec.model, spec.x, spec.y, notation="slides")
    # dW[1] is 3 × 2 in the slides' columns; this is the Keras 2 × 3
    result = report.check({"dW1": [[0.16, 0.12, 0.08], [0.32, 0.24, 0.16]],
                           "W1_new": [0.1] * 5})
    transposed, short = result.items
    assert transposed.status == "new error" and transposed.slip == "transposed"
    assert "2 × 3" in transposed.message and "3 × 2" in transposed.message
    assert "nothing was reshaped" in transposed.message
    assert short.status == "unusable" and "3 × 2" in short.message


def test_a_square_matrix_written_transposed_is_named():
    model = gn.Sequential([gn.layers.Dense(2, activation="tanh", input_shape=(2,),
                                           dtype="float64"), gn.layers.Dense(1, dtype="float64")])
    model.layers[0].set_weights([np.array([[0.5, -0.3], [0.2, 0.8]]), np.zeros(2)])
    model.layers[1].set_weights([np.array([[1.0], [-1.0]]), np.zeros(1)])
    model.compile(optimizer=gn.optimizers.SGD(0.1), loss="mse")
    report = gn.explain(model, [[1.0, 2.0]], [[1.0]])
    dW1 = report.steps[0].dW
    (v,) = report.check({"dW1": dW1.T.tolist()}).items
    assert v.status == "new error" and v.slip == "transposed"
    assert sorted(v.wrong_elements) == [[1, 2], [2, 1]]


def test_error_carried_forward_through_a_matrix_network():
    spec = load_spec(example_spec_path("slides_mlp"))
    report = gn.explain(spec.model, spec.x, spec.y, notation="keras")
    # a1 = [1, 2, 2.5] (wrong third entry), then z2 = 0.4 + 0.6 + 0.5 + 0.1 = 1.6 from it
    result = report.check({"A1": [1.0, 2.0, 2.5], "Z2": 1.6})
    assert [v.status for v in result.items] == ["new error", "carried forward"]
    assert result["A1"].wrong_elements == [[3]]


def test_answers_from_json_and_yaml_files(lab, tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"answers": {"δ4": -0.0819}}))
    (tmp_path / "a.yaml").write_text("y3: 0.5523\n'w1,3_new': 0.2797\n")
    assert [v.status for v in lab.check(tmp_path / "a.json").items] == ["new error"]
    assert all(v.right for v in lab.check(str(tmp_path / "a.yaml")).items)
    with pytest.raises(ValueError, match="does not exist"):
        lab.check(tmp_path / "missing.yaml")
    with pytest.raises(TypeError, match="answers must be a dict"):
        lab.check([0.5])


def test_verdicts_to_dict_keeps_exact_values(lab):
    data = lab.check({"δ5": -0.04}).to_dict()
    item = data["items"][0]
    assert item["expected"] == D5 or item["expected"] == pytest.approx(D5, rel=1e-15)
    assert item["status"] == "new error" and item["right"] is False
    assert item["slip"] == "rounded too early" and data["counts"]["new error"] == 1
    json.dumps(data)
