"""Specs and answer files from anyone: bounded reading (issue 15)."""

import os
import threading

import pytest

from glassnet.explanation import SpecError, load_spec
from glassnet.explanation.answers import read_answers

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n"
    for i in range(8))  # 10**9 strings once expanded, from ~400 bytes


def test_yaml_aliases_that_expand_to_billions_of_values_are_refused(tmp_path):
    spec = tmp_path / "laughs.yaml"
    spec.write_text(LAUGHS)
    assert spec.stat().st_size < 600
    with pytest.raises(SpecError, match="too large once its aliases are expanded"):
        load_spec(spec)
    with pytest.raises(ValueError, match="is too large once its aliases are expanded"):
        read_answers(spec)


def test_a_few_aliases_are_fine(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("base: &b [0.5, 0.25]\ny3: *b\n")
    assert read_answers(answers) == {"base": [0.5, 0.25], "y3": [0.5, 0.25]}


def test_recursive_aliases_and_deep_nesting_are_refused(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("a: &a [1, *a]\n")
    with pytest.raises(ValueError, match="an alias refers to itself"):
        read_answers(path)
    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(ValueError, match="nested too deeply"):
        read_answers(deep)
    deep_json = tmp_path / "deep.json"
    deep_json.write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(ValueError, match="nested too deeply"):
        read_answers(deep_json)


def test_large_files_pipes_and_other_encodings_are_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "1" * (5 * 2**20) + "\n")
    with pytest.raises(SpecError, match="too large \\(more than 4 MiB"):
        load_spec(big)
    latin = tmp_path / "l.yaml"
    latin.write_bytes("y3: 0.5 # réponse\n".encode("latin-1"))
    with pytest.raises(ValueError, match="not UTF-8 text \\(line 1"):
        read_answers(latin)
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = {}
    reader = threading.Thread(target=lambda: result.setdefault("error", _error(fifo)),
                              daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert "not a regular file" in result["error"]


def _error(path):
    try:
        load_spec(path)
    except SpecError as error:
        return str(error)
    return "no error"
