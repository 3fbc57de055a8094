"""What teachers take away: PDF sheets for every template, a well-formed Moodle quiz
with an answer and a tolerance for every question, and the two commands."""

import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from glassnet import exercises
from glassnet.cli import cli

TEMPLATES = sorted(exercises.list_templates())
HAVE_PDFLATEX = shutil.which("pdflatex") is not None


@pytest.mark.skipif(not HAVE_PDFLATEX, reason="pdflatex is not installed (apt-get install "
                    "texlive-latex-base); CI installs it")
@pytest.mark.parametrize("name", TEMPLATES)
def test_pdf_sheets_compile(name, tmp_path):
    exercises.generate(name, students=2, seed=9, out=tmp_path, pdf=True)
    for path in [tmp_path / "s01" / "sheet.pdf", tmp_path / "s02" / "sheet.pdf",
                 tmp_path / "key.pdf"]:
        assert path.read_bytes()[:5] == b"%PDF-", path


@pytest.mark.parametrize("name", TEMPLATES)
def test_markdown_and_html_always(name, tmp_path):
    result = exercises.generate(name, students=2, seed=9, out=tmp_path, pdf=False)
    ex = result["s01"]
    sheet = (tmp_path / "s01" / "sheet.md").read_text()
    html = (tmp_path / "s01" / "sheet.html").read_text()
    assert not (tmp_path / "s01" / "sheet.pdf").exists()
    for q in ex.questions:
        assert q.key in sheet and q.key in html
    key = (tmp_path / "s01" / "key.md").read_text()
    assert "glassnet explain s01/exercise.yaml" in key
    assert (tmp_path / "s01" / "answers.yaml").read_text().count(":") >= len(ex.questions)
    combined = (tmp_path / "key.md").read_text()
    assert "## s01" in combined and "## s02" in combined


def _numbers(text):
    return float(text.strip())


@pytest.mark.parametrize("name", TEMPLATES)
def test_moodle_per_student_numerical_questions(name, tmp_path):
    result = exercises.generate(name, students=3, seed=9, out=tmp_path, pdf=False)
    root = ET.parse(tmp_path / "quiz_moodle.xml").getroot()  # well-formed, or this raises
    assert root.tag == "quiz"
    questions = root.findall("question")
    categories = [q for q in questions if q.get("type") == "category"]
    numerical = [q for q in questions if q.get("type") == "numerical"]
    assert len(categories) == 3
    assert len(numerical) == sum(len(e.questions) for e in result.exercises)
    t = result.template
    by_name = {f"{e.student_id} {q.key}": q for e in result.exercises for q in e.questions}
    for q in numerical:
        name_text = q.find("name/text").text
        answer = q.find("answer")
        assert answer is not None and answer.get("fraction") == "100"
        value, tol = _numbers(answer.find("text").text), _numbers(answer.find("tolerance").text)
        expected = by_name[name_text]
        assert value == expected.value
        assert tol == pytest.approx(t.tolerance["atol"] + t.tolerance["rtol"] * expected.scale)
        assert tol > 0
        assert "Given" in q.find("questiontext/text").text


def test_moodle_bank_of_cloze_variants(tmp_path):
    result = exercises.generate("lab_221_sigmoid", students=4, seed=9)
    xml = exercises.to_moodle_xml(result, mode="bank")
    root = ET.fromstring(xml)
    cloze = [q for q in root.findall("question") if q.get("type") == "cloze"]
    assert len(cloze) == 4
    for q, ex in zip(cloze, result.exercises):
        blanks = re.findall(r"\{([\d.]+):NUMERICAL:=([^:}]+):([^}#]+)\}",
                            q.find("questiontext/text").text)
        assert len(blanks) == len(ex.questions)
        for (points, value, tol), question in zip(blanks, ex.questions):
            assert float(points) == question.points
            assert float(value) == question.value and float(tol) > 0


def test_moodle_mode_is_checked():
    result = exercises.generate("lab_221_sigmoid", students=1, seed=9)
    with pytest.raises(ValueError, match="per-student"):
        exercises.to_moodle_xml(result, mode="everything")


def test_explain_recreates_a_students_solution(tmp_path):
    """glassnet explain on a student's exercise.yaml shows that student's key values."""
    result = exercises.generate("slides_231_linear", students=1, seed=9, out=tmp_path,
                                pdf=False)
    out = CliRunner().invoke(cli, ["explain", str(tmp_path / "s01" / "exercise.yaml"),
                                   "--format", "json"])
    assert out.exit_code == 0, out.output
    loss = next(q for q in result["s01"].questions if q.key == "loss").value
    assert f"{loss!r}"[:8] in out.output


def test_cli_exercise_then_grade(tmp_path):
    runner = CliRunner()
    listed = runner.invoke(cli, ["exercise", "--list"])
    assert listed.exit_code == 0 and "lab_221_sigmoid" in listed.output
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\nx1,Ada\nx2,Alan\n")
    made = runner.invoke(cli, ["exercise", "lab_221_sigmoid", "--roster", str(roster),
                               "--seed", "4", "--out", str(tmp_path / "week"), "--no-pdf"])
    assert made.exit_code == 0, made.output
    assert (tmp_path / "week" / "x1" / "sheet.md").exists()
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "x1.yaml").write_text("a1: 12\n")
    graded = runner.invoke(cli, ["grade", str(tmp_path / "week"), str(answers)])
    assert graded.exit_code == 0, graded.output
    assert "x2" in graded.output and "missing" in graded.output
    assert (tmp_path / "week" / "grades" / "gradebook.csv").exists()


@pytest.mark.parametrize("args, phrase", [
    (["exercise", "lab_221_sigmoid", "--out", "x"], "--students N or --roster"),
    (["exercise", "lab_221_sigmoid", "--students", "3"], "--out"),
    (["exercise", "no_such", "--students", "3", "--out", "x"], "shipped ones"),
    (["exercise"], "TEMPLATE"),
])
def test_cli_errors_are_one_line(args, phrase, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert phrase in result.output
