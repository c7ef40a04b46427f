"""Companion tables: the fast reader agrees with the csv module, and paths are
shown the way the record's path was shown."""

import random
from pathlib import Path

from pfocr_lint.companions import Companions, _csv_table, _split_table, read_table

ALPHABET = ["a", "B", "1", "\t", "\t", "\n", "\n", " ", '"', "'", "é", "", "\\"]


def _tables_equal(a, b):
    return (a.header, a.rows, a.lines, a.widths, a.problem) == (b.header, b.rows, b.lines, b.widths, b.problem)


def test_split_reader_reads_what_csv_reads_on_random_tables():
    rnd = random.Random(20261122)
    checked = 0
    for _ in range(3000):
        text = "".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(1, 60)))
        if not text:
            continue  # read_table sends the empty text to the csv reader
        fast, slow = _split_table(text, "t.tsv"), _csv_table(text, "t.tsv")
        assert _tables_equal(fast, slow), repr(text)
        checked += bool(slow.rows)
    assert checked > 1000  # most random texts had rows to compare


def test_split_reader_on_a_real_shaped_table():
    text = ("organism_name\tword\tncbigene_symbol\n"
            "Homo sapiens\tCYR61\tCCN1\n\n"
            "Homo sapiens\tshort\n"
            "Homo sapiens\tGAS\tGAST\textra\n")
    t = _split_table(text, "x-genes.tsv")
    assert t.header == ["organism_name", "word", "ncbigene_symbol"]
    assert t.lines == [2, 4, 5]          # the blank line 3 still counts
    assert t.widths == [3, 2, 4]         # ragged rows stay visible
    assert t.rows[1] == {"organism_name": "Homo sapiens", "word": "short", "ncbigene_symbol": ""}
    assert t.rows[2]["ncbigene_symbol"] == "GAST"
    assert _tables_equal(t, _csv_table(text, "x-genes.tsv"))


def test_read_table_takes_the_csv_path_for_cr_line_ends(tmp_path):
    p = tmp_path / "x-genes.tsv"
    p.write_bytes(b"word\tsymbol\r\nCYR61\tCCN1\r\n")
    t = read_table(str(p), "x-genes.tsv")
    assert t.rows == [{"word": "CYR61", "symbol": "CCN1"}] and t.lines == [2]


def test_table_paths_follow_the_displayed_record_path(tmp_path):
    figures, data = tmp_path / "_figures", tmp_path / "_data"
    figures.mkdir()
    data.mkdir()
    (figures / "PMC1__F1.md").write_text("---\n---\n")
    (data / "PMC1__F1-genes.tsv").write_text("word\nSTAT1\n")
    comp = Companions(figures / "PMC1__F1.md", "PMC1__F1", "./_figures/PMC1__F1.md")
    assert comp.applicable
    assert comp.get("genes").path == str(Path("_data") / "PMC1__F1-genes.tsv")
    assert comp.get("genes").rows == [{"word": "STAT1"}]
    assert comp.get("chemicals") is None
    elsewhere = Companions(tmp_path / "PMC1__F1.md", "PMC1__F1", "PMC1__F1.md")
    assert not elsewhere.applicable and elsewhere.get("genes") is None
