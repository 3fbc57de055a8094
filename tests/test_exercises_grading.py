"""Grading a class: hand-written answer files give the points written here."""

import csv

import pytest

from glassnet import exercises

# The class: lab_221_sigmoid, seed 7, students s01..s06. Points per question (the
# template's): a1 y3 a2 y4 a3 y5: 1 each; error: 1; delta5 delta3 delta4: 2 each;
# dw (six): 1 each; w_new (six): 1 each -> 25 in all. Carried forward: half.
SPECS = {
    "s01": {"input": [0.83, 0.39], "target": [0.84], "learning_rate": 1.0,
            "weights": {"w1,1": -0.8, "w1,2": -0.5, "w2,1": -0.8, "w2,2": 0.9,
                        "w1,3": -0.5, "w2,3": 1.0}},
    "s02": {"input": [0.87, 0.14], "target": [0.36], "learning_rate": 1.0,
            "weights": {"w1,1": 1.0, "w1,2": -1.0, "w2,1": -1.0, "w2,2": 0.9,
                        "w1,3": 1.0, "w2,3": 0.6}},
    "s06": {"input": [0.39, 0.41], "target": [0.66], "learning_rate": 1.0,
            "weights": {"w1,1": 0.1, "w1,2": -0.8, "w2,1": -1.0, "w2,2": 0.8,
                        "w1,3": 0.4, "w2,3": 0.5}},
}

# s01: everything right, 4 significant figures (new weights: enough decimals for the
# change). a1 = -0.8 * 0.83 - 0.8 * 0.39 = -0.976, y3 = σ(-0.976) = 0.2737, ...
RIGHT = """
a1: -0.976
y3: 0.2737
a2: -0.064
y4: 0.4840
a3: 0.3472
y5: 0.5859
error: 0.2541
delta5: 0.06164
delta3: -0.006127
delta4: 0.01539
"dw1,3": 0.01687
"w1,3_new": -0.48313
"dw2,3": 0.02983
"w2,3_new": 1.02983
"dw1,1": -0.005085
"w1,1_new": -0.805085
"dw2,1": -0.002389
"w2,1_new": -0.802389
"dw1,2": 0.01278
"w1,2_new": -0.48722
"dw2,2": 0.006004
"w2,2_new": 0.906004
"""

# s02: a sign slip in delta5 = y5 (1 - y5)(y5 - t) (should be t - y5), carried through
# correctly: delta5 new error (0 of 2); delta3, delta4 carried forward (1 of 2 each);
# the six dw and the six w_new carried forward (0.5 each) -> 6 + 1 + 0 + 2 + 3 + 3 = 15.
SIGN_SLIP = """
a1: 0.73
y3: 0.6748
a2: -0.744
y4: 0.3221
a3: 0.8681
y5: 0.7043
error: -0.3443
delta5: 0.07171
delta3: 0.01574
delta4: 0.009395
"dw1,3": 0.04839
"w1,3_new": 1.04839
"dw2,3": 0.02310
"w2,3_new": 0.62310
"dw1,1": 0.01369
"w1,1_new": 1.01369
"dw2,1": 0.002203
"w2,1_new": -0.997797
"dw1,2": 0.008174
"w1,2_new": -0.991826
"dw2,2": 0.001315
"w2,2_new": 0.901315
"""

# s06: rounds the outputs to 2 decimals as the lab does (y3 = 0.41, y4 = 0.50,
# y5 = 0.60, each within 1% of the exact 0.4083, 0.5040, 0.6024: right) and goes on
# with them: error = 0.66 - 0.60 = 0.06 is 4% off the exact 0.0576. It follows from
# right earlier values, so it is carried forward ("rounded too early": the sheet asks
# for 4 significant figures), and so is everything after it, each about 4% off:
# 6 + 0.5 + (1 + 1 + 1) + 6 * 0.5 + 6 * 0.5 = 15.5.
EARLY_ROUNDING = """
a1: -0.371
y3: 0.41
a2: 0.016
y4: 0.50
a3: 0.414
y5: 0.60
error: 0.06
delta5: 0.0144
delta3: 0.001393
delta4: 0.0018
"dw1,3": 0.005904
"w1,3_new": 0.405904
"dw2,3": 0.0072
"w2,3_new": 0.5072
"dw1,1": 0.0005434
"w1,1_new": 0.1005434
"dw2,1": 0.0005713
"w2,1_new": -0.9994287
"dw1,2": 0.000702
"w1,2_new": -0.799298
"dw2,2": 0.000738
"w2,2_new": 0.800738
"""

# s03: no file. s04: a file that is not YAML. s05: the forward pass right (6), the
# error not a number (0), delta5 right (2: y5 (1 - y5)(t - y5) with y5 = 0.4016,
# t = 0.35), nothing else -> 8.
PARTIAL = """
a1: -0.768
y3: 0.3170
a2: -0.625
y4: 0.3487
a3: 0.1776
y5: 0.5443
error: about -0.2
delta5: -0.04814
"""
EXPECTED = {"s01": 25, "s02": 15, "s03": 0, "s04": 0, "s05": 8, "s06": 15.5}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    result = exercises.generate("lab_221_sigmoid", students=6, seed=7, out=root / "week",
                                pdf=False)
    answers = root / "answers"
    answers.mkdir()
    (answers / "s01.yaml").write_text(RIGHT)
    (answers / "s02.yml").write_text(SIGN_SLIP)
    (answers / "s04.yaml").write_text("a1: [0.5\ny3: 0.3\n")
    (answers / "s05.json").write_text(
        "{" + ", ".join(f'"{k.strip()}": ' + (f'"{v.strip()}"' if "about" in v else v.strip())
                        for k, v in (line.split(":", 1) for line in PARTIAL.strip().splitlines()))
        + "}")
    (answers / "s06.yaml").write_text(EARLY_ROUNDING)
    book = exercises.grade(root / "week", answers)
    return result, book, root


def test_the_class_is_the_one_the_answers_were_written_for(graded):
    result, _, _ = graded
    for sid, given in SPECS.items():
        spec = result[sid].spec
        assert {k: spec[k] for k in given} == given


def test_points_per_student(graded):
    _, book, _ = graded
    assert {s.student_id: s.total for s in book.students} == EXPECTED
    assert all(s.max_total == 25 for s in book.students)


def test_missing_malformed_and_partial(graded):
    _, book, _ = graded
    assert [s.status for s in book.students] == ["graded", "graded", "missing", "malformed",
                                                "graded", "graded"]
    assert "s03.yaml" in book["s03"].problem
    assert "YAML" in book["s04"].problem
    assert all(v.status == "right" for v in book["s01"].verdicts)
    partial = {v.key: v.status for v in book["s05"].verdicts}
    assert partial["error"] == "unusable" and partial["delta5"] == "right"
    assert partial["delta3"] == partial["w1,1_new"] == "not answered"


def test_sign_slip_carried_through(graded):
    _, book, root = graded
    slip = {v.key: v for v in book["s02"].verdicts}
    assert slip["error"].status == "right" and slip["delta5"].status == "new error"
    assert slip["delta3"].status == slip["delta4"].status == "carried forward"
    assert slip["delta3"].depends_on == ["delta5"]
    assert slip["dw1,1"].status == slip["w2,2_new"].status == "carried forward"
    text = (root / "week" / "grades" / "feedback" / "s02.md").read_text()
    assert "15 of 25 points" in text
    delta5 = next(line for line in text.splitlines() if line.startswith("| delta5 "))
    assert "new error" in delta5 and "-0.0717" in delta5  # the expected value
    delta3 = next(line for line in text.splitlines() if line.startswith("| delta3 "))
    assert "carried forward" in delta3 and "delta5" in delta3
    rows = list(csv.DictReader(open(root / "week" / "grades" / "gradebook.csv")))
    assert rows[1]["delta5"] == "0" and rows[1]["delta3"] == "1" and rows[1]["dw1,3"] == "0.5"


def test_early_rounding_is_carried_forward(graded):
    _, book, _ = graded
    rounding = {v.key: v for v in book["s06"].verdicts}
    assert rounding["y5"].status == "right" and rounding["error"].status == "carried forward"
    assert rounding["error"].slip == "rounded too early"
    assert rounding["delta5"].status == "carried forward"


def test_gradebook_csv(graded):
    _, book, root = graded
    rows = list(csv.DictReader(open(root / "week" / "grades" / "gradebook.csv")))
    assert [r["student_id"] for r in rows] == ["s01", "s02", "s03", "s04", "s05", "s06"]
    assert [float(r["points"]) for r in rows] == [EXPECTED[r["student_id"]] for r in rows]
    assert rows[0]["delta5"] == "2" and rows[4]["error"] == "0" and rows[4]["a1"] == "1"
    assert rows[2]["status"] == "missing" and rows[2]["a1"] == "0"
    moodle = list(csv.reader(open(root / "week" / "grades" / "gradebook_moodle.csv")))
    assert moodle[0][0] == "ID number" and moodle[0][3] == "Feedback"
    assert [r[2] for r in moodle[1:]] == [f"{EXPECTED[r[0]]:g}" for r in moodle[1:]]
    canvas = list(csv.reader(open(root / "week" / "grades" / "gradebook_canvas.csv")))
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert canvas[1][0] == "Points Possible" and canvas[1][5] == "25"
    assert canvas[2][2] == "s01" and canvas[2][5] == "25"
    missing = (root / "week" / "grades" / "feedback" / "s03.md").read_text()
    assert "could not be read" in missing


def test_carried_forward_credit_is_configurable(graded):
    _, _, root = graded
    none = exercises.grade(root / "week", root / "answers", carried_forward_credit=0.0,
                           write=False)
    full = exercises.grade(root / "week", root / "answers", carried_forward_credit=1.0,
                           write=False)
    assert none["s02"].total == 6 + 1  # forward and error only
    assert full["s02"].total == 25 - 2  # all but delta5
    assert none["s01"].total == full["s01"].total == 25


def test_answers_in_one_csv_give_the_same_points(graded):
    _, _, root = graded
    import yaml

    rows = {"s01": yaml.safe_load(RIGHT), "s02": yaml.safe_load(SIGN_SLIP)}
    keys = list(rows["s01"])
    path = root / "answers.csv"
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id"] + keys)
        for sid, answers in rows.items():
            writer.writerow([sid] + [answers[k] for k in keys])
        writer.writerow(["s05", "-0.768"] + [""] * (len(keys) - 1))
    book = exercises.grade(root / "week", path, write=False)
    assert [s.total for s in book.students] == [25, EXPECTED["s02"], 0, 0, 1, 0]
    assert [s.status for s in book.students] == ["graded", "graded", "missing", "missing",
                                                "graded", "missing"]


def test_a_class_of_30_all_right(tmp_path):
    """30 students, each answering with the key's own numbers: 30 full marks."""
    import yaml

    result = exercises.generate("slides_231_linear", students=30, seed=1, out=tmp_path / "c",
                                pdf=False, moodle=None)
    answers = tmp_path / "answers"
    answers.mkdir()
    for ex in result.exercises:
        (answers / f"{ex.student_id}.yaml").write_text(
            yaml.safe_dump({q.key: q.value for q in ex.questions}))
    book = exercises.grade(tmp_path / "c", answers)
    assert len(book.students) == 30
    assert all(s.total == s.max_total == 39 for s in book.students)


def test_not_a_class_folder(tmp_path):
    with pytest.raises(ValueError, match="class.json"):
        exercises.grade(tmp_path, tmp_path)


def test_two_step_momentum_graded_step_by_step(tmp_path):
    """Keys of step 2 end in @2; a slip only in step 2's update costs that answer."""
    import yaml

    result = exercises.generate("momentum", students=1, seed=3, out=tmp_path / "c", pdf=False)
    ex = result["s01"]
    answers = {q.key: q.value for q in ex.questions}
    assert "W1_new[1,1]@2" in answers and "W1_new[1,1]" in answers
    answers["W1_new[1,1]@2"] = -answers["W1_new[1,1]@2"]  # a sign slip in step 2 only
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "s01.yaml").write_text(yaml.safe_dump(answers))
    book = exercises.grade(tmp_path / "c", tmp_path / "a", write=False)
    verdicts = {v.key: v.status for v in book["s01"].verdicts}
    assert verdicts["W1_new[1,1]"] == "right" and verdicts["W1_new[1,1]@2"] == "new error"
    assert book["s01"].total == book["s01"].max_total - 1 == len(ex.questions) - 1
