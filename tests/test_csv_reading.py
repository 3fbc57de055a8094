"""The CSV reader on the files spreadsheets and other programs really write (issue 15)."""

import os
import threading

import numpy as np
import pytest

from glassnet import datasets


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def test_a_first_row_of_empty_cells_is_skipped_not_taken_as_the_header(tmp_path):
    # LibreOffice and Excel write ",,," for an empty first row; it was the header before
    path = write(tmp_path, "s.csv", ",,,\nx,z,c,y\n1,2,u,a\n3,4,v,b\n")
    frame, lines = datasets.read_table(path)
    assert list(frame.columns) == ["x", "z", "c", "y"]
    assert frame["x"].tolist() == [1, 3] and lines == [3, 4]
    data = datasets.load_csv(path)
    assert data.feature_names == ["x", "z", "c=u", "c=v"]


def test_blank_rows_anywhere_are_skipped_and_lines_count_as_an_editor_does(tmp_path):
    # line 1 header, 2 data, 3 whitespace only, 4 ",,", 5 data, 6 the short row
    path = write(tmp_path, "w.csv", "x,z,y\n1,2,a\n   \n,,\n3,4,b\n5,6\n")
    with pytest.raises(ValueError, match="w.csv line 6 has 2 values"):
        datasets.read_table(path)
    frame, lines = datasets.read_table(write(tmp_path, "ok.csv", "x,y\n1,a\n \t \n,\n2,b\n"))
    assert lines == [2, 5] and len(frame) == 2


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_numbers_with_every_kind_of_line_ending(tmp_path, newline):
    text = newline.join(["x,y", "1,a", "", "2,b", "3"]) + newline
    with pytest.raises(ValueError, match="line 5 has 1 values"):
        datasets.read_table(write(tmp_path, "e.csv", text))


def test_a_row_with_a_quoted_line_break_is_named_by_its_first_line(tmp_path):
    # the record starting on line 3 spans lines 3-4; the bad one starts on line 5
    path = write(tmp_path, "q.csv", 'x,note,y\n1,plain,a\n2,"two\nlines",b\n3,short\n')
    with pytest.raises(ValueError, match="line 5 has 2 values"):
        datasets.read_table(path)
    frame, lines = datasets.read_table(write(tmp_path, "q2.csv",
                                             'x,note,y\n1,"a\nb",a\n2,c,b\n'))
    assert lines == [2, 4] and frame["note"].tolist() == ["a\nb", "c"]


def test_latin1_and_cp1252_files_are_decoded_not_garbled(tmp_path):
    text = "ville,température,état\nBesançon,12.5,été\nCréteil,14.0,hiver\n"
    for codec in ("latin-1", "cp1252"):
        path = write(tmp_path, f"{codec}.csv", text.encode(codec))
        frame, _ = datasets.read_table(path)
        assert list(frame.columns) == ["ville", "température", "état"]
        assert frame["état"].tolist() == ["été", "hiver"]
    euro = write(tmp_path, "euro.csv", "prix,y\n3 €,a\n4 €,b\n".encode("cp1252"))
    assert datasets.read_table(euro)[0]["prix"].tolist() == ["3 €", "4 €"]


def test_utf16_with_a_byte_order_mark_and_asked_encodings(tmp_path):
    text = "x,y\n1,é\n2,à\n"
    frame, _ = datasets.read_table(write(tmp_path, "u16.csv", text.encode("utf-16")))
    assert frame["y"].tolist() == ["é", "à"]
    bom = write(tmp_path, "bom.csv", "\ufeffx,y\n1,a\n2,b\n".encode("utf-8"))
    assert list(datasets.read_table(bom)[0].columns) == ["x", "y"]
    # asked for: latin-1 bytes read as latin-1; read as utf-8 they fail, naming the line
    path = write(tmp_path, "l.csv", "x,y\n1,a\n2,é\n".encode("latin-1"))
    assert datasets.read_table(path, encoding="latin-1")[0]["y"].tolist() == ["a", "é"]
    with pytest.raises(ValueError, match="l.csv is not valid utf-8 text: line 3 holds the byte"):
        datasets.read_table(path, encoding="utf-8")
    with pytest.raises(ValueError, match="Unknown encoding 'klingon'"):
        datasets.read_table(path, encoding="klingon")


def test_separator_and_decimal_comma(tmp_path):
    path = write(tmp_path, "eu.csv", "age;chol;outcome\n63;233,5;1\n50;200,1;0\n")
    data = datasets.load_csv(path, sep=";", decimal=",", scale=False)
    np.testing.assert_array_equal(data.X, [[63, 233.5], [50, 200.1]])
    tabs = write(tmp_path, "t.tsv", "a\tb\n1\tx\n2\ty\n")
    assert datasets.read_table(tabs, sep="\t")[0]["a"].tolist() == [1, 2]
    with pytest.raises(ValueError, match="does not seem to be separated by ';'.*sep=','"):
        datasets.read_table(write(tmp_path, "c.csv", "a,b\n1,2\n"), sep=";")
    for bad, message in [({"sep": ";;"}, "sep must be one character"),
                         ({"sep": '"'}, "sep must be one character"),
                         ({"decimal": ";"}, "decimal must be '.' or ','"),
                         ({"decimal": ","}, "decimal and sep are both ','")]:
        with pytest.raises(ValueError, match=message):
            datasets.read_table(path, **bad)


def test_integers_beyond_int64_are_numbers_and_beyond_float_are_refused(tmp_path):
    # pandas keeps them as Python ints in a text column: they were one-hot encoded
    # (30 digits) or ended in Python's OverflowError (3000 digits)
    path = write(tmp_path, "b.csv", f"x,y\n{'9' * 30},1\n2,0\n3,1\n")
    data = datasets.load_csv(path, scale=False)
    assert data.feature_names == ["x"]
    np.testing.assert_allclose(data.X[:, 0], [1e30, 2, 3])
    huge = write(tmp_path, "h.csv", f"x,y\n{'9' * 3000},1\n2,0\n-{'9' * 400},1\n")
    with pytest.raises(ValueError, match=r"Column 'x' has an infinite value \(inf\) in line 2 "
                                         r"\(and 1 more in that column\)"):
        datasets.load_csv(huge)


def test_only_regular_files_are_read(tmp_path):
    with pytest.raises(ValueError, match="is not a regular file"):
        datasets.read_table("/dev/zero")
    if not hasattr(os, "mkfifo"):
        return
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    result = {}

    def read():
        try:
            datasets.read_table(fifo)
        except ValueError as error:
            result["error"] = str(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)  # it used to block forever, waiting for a writer
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert "is not a regular file" in result["error"]
