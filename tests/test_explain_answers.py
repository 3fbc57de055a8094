"""Checking a student's answers: right / carried forward / new error.

The lab document (seed 001, section 6.2) is a student's answer sheet here: its
numbers are rounded (and it even uses y3 = 0.57 in a3), and some are wrong. The exact
values, by plain math with x = (0.35, 0.7), w11 = w21 = 0.2, w12 = w22 = 0.3,
w13 = 0.3, w23 = 0.9, t = 0.5, lr = 1:

    y3 = σ(0.21) = 0.55231,  y4 = σ(0.315) = 0.57811,  a3 = 0.68599,  y5 = 0.66507
    δ5 = y5(1 − y5)(t − y5) = −0.036770
    δ3 = y3(1 − y3) w13 δ5 = −0.0027276     δ4 = y4(1 − y4) w23 δ5 = −0.0080715
    w23 ← 0.9 + δ5 y4 = 0.87874            w11 ← 0.2 + δ3 x1 = 0.19905

So δ4 (document: −0.0819, a slipped decimal), Δw11 (document: +0.000945, the sign
lost) and every input-to-hidden updated weight it lists are wrong; the rest is right
up to rounding.
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


def exact_lab():
    y3, y4 = sigmoid(0.2 * 0.35 + 0.2 * 0.7), sigmoid(0.3 * 0.35 + 0.3 * 0.7)
    y5 = sigmoid(0.3 * y3 + 0.9 * y4)
    d5 = y5 * (1 - y5) * (0.5 - y5)
    d3, d4 = y3 * (1 - y3) * 0.3 * d5, y4 * (1 - y4) * 0.9 * d5
    return {"y3": y3, "y4": y4, "y5": y5, "δ5": d5, "δ3": d3, "δ4": d4,
            "w1,1_new": 0.2 + d3 * 0.35, "w2,1_new": 0.2 + d3 * 0.7,
            "w1,2_new": 0.3 + d4 * 0.35, "w2,2_new": 0.3 + d4 * 0.7,
            "w1,3_new": 0.3 + d5 * y3, "w2,3_new": 0.9 + d5 * y4, "Δw1,1": d3 * 0.35}


@pytest.fixture
def lab():
    spec = load_spec(example_spec_path("lab_backprop"))
    return gn.explain(spec.model, spec.x, spec.y, notation="lab")


def test_the_lab_documents_wrong_answers_are_flagged_exactly(lab):
    exact = exact_lab()
    # the plain math above agrees with the document where the document is right...
    assert abs(exact["δ5"] - (-0.0376)) < 0.001 and abs(exact["δ3"] - (-0.0027)) < 0.0001
    # ...and not where it is wrong
    assert abs(exact["δ4"] - (-0.0819)) > 0.07 and exact["Δw1,1"] < 0 < DOCUMENT["Δw1,1"]
    report = lab.check(DOCUMENT)
    wrong = {m.key for m in report.marks if not m.right}
    assert wrong == {"δ4", "Δw1,1", "w1,1_new", "w1,2_new", "w1,3_new", "w2,1_new",
                     "w2,2_new"}
    marks = {m.key: m for m in report.marks}
    for key in ("δ4", "w1,1_new", "w1,2_new", "w1,3_new", "w2,1_new", "w2,2_new"):
        assert marks[key].correct == pytest.approx(exact[key], rel=1e-12)
    assert report.all_right is False


def test_carried_forward_is_told_apart_from_a_new_error(lab):
    marks = {m.key: m for m in lab.check(DOCUMENT).marks}
    # Δw11 = η δ3 x1 = 1 × (−0.0027) × 0.35 = −0.000945 from the document's own δ3:
    # writing +0.000945 is a new error (the sign).
    assert marks["Δw1,1"].status == "new error"
    assert marks["Δw1,1"].from_yours == pytest.approx(-0.0027 * 0.35)
    # w11 = 0.2 + 0.000945 = 0.200945 follows from that wrong Δw11: carried forward.
    assert marks["w1,1_new"].status == "carried forward"
    assert [d["key"] for d in marks["w1,1_new"].depends_on] == ["dw1,1"]
    assert marks["w1,1_new"].depends_on[0]["status"] == "wrong"
    # δ4 from the document's own δ5 and the exact y4: 0.5781 × 0.4219 × 0.9 × (−0.0376)
    y4 = exact_lab()["y4"]
    assert marks["δ4"].status == "new error"
    assert marks["δ4"].from_yours == pytest.approx(y4 * (1 - y4) * 0.9 * -0.0376)
    assert {d["key"] for d in marks["δ4"].depends_on} == {"delta5", "y4"}


def test_rounded_but_consistent_values_are_right(lab):
    # a3 = 0.3 × 0.56 + 0.9 × 0.59 = 0.699 from rounded y3, y4: within 5% of 0.686
    marks = {m.key: m for m in lab.check({"y3": 0.55, "y4": 0.58, "a3": 0.686}).marks}
    assert all(m.status == "right" for m in marks.values())


def test_a_far_off_value_is_a_new_error_and_names_its_earlier_step(lab):
    (mark,) = lab.check({"y5": 0.9}).marks
    assert mark.status == "new error"
    assert [d["key"] for d in mark.depends_on] == ["a3"]


def test_answer_names_are_read_loosely(lab):
    names = {"δ5": -0.03677, "delta_5": -0.03677, "Δw_{2,3}": -0.021257, "dw23": -0.021257,
             "w_{2,3}(new)": 0.878743, "w23_new": 0.878743, "∂L/∂w_{1,3}": 0.020309}
    for key, value in names.items():
        (mark,) = lab.check({key: value}).marks
        assert mark.right, key


def test_unknown_name_lists_the_known_ones(lab):
    with pytest.raises(ValueError, match="Unknown answer name 'y9'.*delta5"):
        lab.check({"y9": 0.5})


def test_slides_notation_whole_arrays_and_single_elements():
    spec = load_spec(example_spec_path("slides_mlp"))
    report = gn.explain(spec.model, spec.x, spec.y, notation="slides")
    # the slides: dL/dW[1] = 0.4 [0.4 0.3 0.2]^T [1 2] = [[0.16, 0.32], [0.12, 0.24], ...]
    marks = report.check({
        "dW1": [[0.16, 0.32], [0.12, 0.24], [0.08, 0.16]],
        "W[1]_new[1,2]": 0.168,   # row 1 column 2 of W[1] (n_out × n_in)
        "W2_new": [0.36, 0.22, 0.14],
        "b1_new": [0.084, 0.088, 0.092],
        "dW[1][3,1]": 0.8,        # wrong: 0.08
    }).marks
    assert [m.status for m in marks] == ["right"] * 4 + ["new error"]
    # the same element in Keras rows is W1[2,1] (n_in × n_out)
    keras = report.view(notation="keras").check({"W1_new[2,1]": 0.168, "W1_new[1,2]": 0.168})
    assert [m.right for m in keras.marks] == [True, False]


def test_error_carried_forward_through_a_matrix_network():
    spec = load_spec(example_spec_path("slides_mlp"))
    report = gn.explain(spec.model, spec.x, spec.y, notation="keras")
    # A student who got a1 = [1, 2, 2.5] (wrong third entry) then computes
    # z2 = 0.4 + 0.6 + 0.5 + 0.1 = 1.6 from it: carried forward, not a new error.
    marks = report.check({"A1": [1.0, 2.0, 2.5], "Z2": 1.6}).marks
    assert [m.status for m in marks] == ["new error", "carried forward"]


def test_answers_from_json_and_yaml_files(lab, tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"answers": {"δ4": -0.0819}}))
    (tmp_path / "a.yaml").write_text("y3: 0.5523\n'w1,3_new': 0.2797\n")
    assert [m.status for m in lab.check(tmp_path / "a.json").marks] == ["new error"]
    assert all(m.right for m in lab.check(str(tmp_path / "a.yaml")).marks)
    with pytest.raises(ValueError, match="does not exist"):
        lab.check(tmp_path / "missing.yaml")
    with pytest.raises(TypeError, match="answers must be a dict"):
        lab.check([0.5])


def test_wrong_shape_of_an_answer_is_a_clear_error():
    spec = load_spec(example_spec_path("slides_mlp"))
    report = gn.explain(spec.model, spec.x, spec.y, notation="slides")
    with pytest.raises(ValueError, match="expected 6 numbers"):
        report.check({"W1_new": [0.1, 0.2]})
    with pytest.raises(ValueError, match="1-based indices"):
        report.check({"W1_new[4,1]": 0.1})
    np.testing.assert_allclose(report.steps[0].W_new.T,
                               [[0.484, 0.168], [0.288, 0.776], [0.592, 0.384]])
