"""``pfocr-lint symbols`` through the real CLI and the shipped snapshot.

The first tests are HGNChelper's documented examples (its vignette and its
test file list inputs and the expected ``Suggested.Symbol``). The facts carry
over; where the 2025 snapshot legitimately differs from HGNChelper's older
map, the test asserts pfocr-lint's documented behaviour and says why.
"""

from __future__ import annotations

import io
import json
import sys

import pytest

from pfocr_lint.cli import main
from pfocr_lint.hgnc import paths
from pfocr_lint.hgnc.excel import date_reading, original_symbols
from tests.hgnc_server import FakeHGNC, refused_url


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ENV_DATA, str(tmp_path / "userdata"))   # the shipped snapshot answers
    monkeypatch.chdir(tmp_path)                                      # no project configuration


def run(capsys, *argv, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8"))
    code = main(["symbols", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def rows(capsys, *argv, **kw):
    code, out, err = run(capsys, "--format", "json", *argv, **kw)
    return code, {r["input"]: r for r in json.loads(out)["symbols"]}, err


# -- HGNChelper's documented examples ---------------------------------------------

def test_hgnchelper_vignette_human_example(capsys):
    # vignette "HGNChelper Introduction" (maps of 2024-11-16): every suggestion
    # and every Approved flag agree with the 2025 snapshot
    human = ["FN1", "tp53", "UNKNOWNGENE", "7-Sep", "9/7", "1-Mar", "Oct4", "4-Oct",
             "OCT4-PG4", "C19ORF71", "C19orf71"]
    expected = ["FN1", "TP53", None, "SEPTIN7", "SEPTIN7", "MARCHF1 /// MTARC1", "POU5F1", "POU5F1",
                "POU5F1P4", "TEKTIP1", "TEKTIP1"]
    code, got, _ = rows(capsys, *human)
    assert code == 1                                        # not all approved
    assert [got[s]["suggested_symbol"] for s in human] == expected
    assert [got[s]["status"] == "approved" for s in human] == [s == "FN1" for s in human]
    assert [got[s]["status"] for s in human] == [
        "approved", "case", "unknown", "excel-date", "excel-date", "excel-date", "alias", "excel-date",
        "alias", "previous", "previous"]
    assert got["1-Mar"]["unique"] is False and got["7-Sep"]["unique"] is True
    assert [s["name"] for s in got["1-Mar"]["suggestions"]] == [
        "membrane associated ring-CH-type finger 1", "mitochondrial amidoxime reducing component 1"]
    assert "MARCH1" in got["1-Mar"]["note"] and "MARC1" in got["1-Mar"]["note"]


def test_hgnchelper_test_file_human_cases(capsys):
    code, got, _ = rows(capsys, "Morf4L1P7", "MORF4L1P7", "Fn1", "1-MAR", "MARC1", "MARC2", "MARCH6",
                        "C21orf62-AS1", "c21orf62-as1")
    assert got["MORF4L1P7"]["status"] == "approved"
    assert (got["Morf4L1P7"]["status"], got["Morf4L1P7"]["suggested_symbol"]) == ("case", "MORF4L1P7")
    assert (got["Fn1"]["status"], got["Fn1"]["suggested_symbol"]) == ("case", "FN1")
    assert got["1-MAR"]["suggested_symbol"] == "MARCHF1 /// MTARC1"
    # HGNChelper's outdated Excel targets, corrected since its 0.8.1
    assert [got[s]["suggested_symbol"] for s in ("MARC1", "MARC2", "MARCH6")] == ["MTARC1", "MTARC2", "MARCHF6"]
    # HGNChelper's test file calls C21orf62-AS1 approved; HGNC has since renamed
    # it EPCIP-AS1, so the 2025 snapshot reports a previous symbol
    assert (got["C21orf62-AS1"]["status"], got["C21orf62-AS1"]["suggested_symbol"]) == ("previous", "EPCIP-AS1")
    assert got["c21orf62-as1"]["suggested_symbol"] == "EPCIP-AS1"


def test_sip1_previous_symbol_beats_aliases(capsys):
    # HGNChelper answers "GEMIN2 /// SCAF11 /// ZEB2" (every gene the word ever
    # named). HGNC's own order is approved > previous > alias: SIP1 is GEMIN2's
    # previous symbol, so that is the answer, and a unique one
    _, got, _ = rows(capsys, "Sip1")
    assert (got["Sip1"]["status"], got["Sip1"]["suggested_symbol"], got["Sip1"]["unique"]) == \
        ("previous", "GEMIN2", True)
    assert "written 'Sip1'; SIP1 is a previous HGNC symbol" in got["Sip1"]["note"]


def test_expand_ambiguous_is_a_note_not_a_different_answer(capsys):
    # HGNChelper's expand.ambiguous: AAVS1 is approved and also PPP1R12C's alias
    code, got, _ = rows(capsys, "AAVS1")
    assert code == 0
    row = got["AAVS1"]
    assert (row["status"], row["suggested_symbol"], row["also_alias_of"]) == ("approved", "AAVS1", ["PPP1R12C"])
    assert "also an alias of PPP1R12C" in row["note"]


def test_hgnchelper_mouse_examples(capsys):
    code, got, _ = rows(capsys, "--species", "mouse", "1-Feb", "Pzp", "A2m", "E430008G22Rik", "A2mr",
                        "lrp1", "UNKNOWNGENE", "AI893533", "abl2", "AbLl", "Abl2", "mug2", "Mug2")
    assert code == 1
    for s in ("Pzp", "A2m", "Abl2", "Mug2"):
        assert got[s]["status"] == "approved"
    # the vignette says E430008G22Rik is Abl1 but HGNChelper cannot fix it; MGI's synonyms can
    assert (got["E430008G22Rik"]["status"], got["E430008G22Rik"]["suggested_symbol"]) == ("alias", "Abl1")
    # HGNChelper's test expects "Lrp" (its old map); MGI 2025 lists A2mr under Lrp1
    assert got["A2mr"]["suggested_symbol"] == "Lrp1"
    assert [got[s]["suggested_symbol"] for s in ("lrp1", "abl2", "AbLl", "mug2")] == ["Lrp1", "Abl2", "Abl2", "Mug2"]
    assert got["lrp1"]["status"] == "case"
    # HGNChelper maps 1-Feb to Feb1 (a febrile-seizure locus, not a gene); the
    # snapshot's MGI table holds genes only, so the date is named and nothing is guessed
    assert (got["1-Feb"]["status"], got["1-Feb"]["suggested_symbol"]) == ("excel-date", None)
    assert "MGI has no such symbol" in got["1-Feb"]["note"]
    assert got["UNKNOWNGENE"]["status"] == got["AI893533"]["status"] == "unknown"


# -- statuses, notes and the answer named ---------------------------------------------

def test_every_status_and_the_text_report(capsys):
    code, out, err = run(capsys, "CYR61", "EMT", "A12M1", "Sept9", "2-Sep", "1-Dec", "NOTAGENE1", "GAST")
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["INPUT", "STATUS", "SUGGESTED", "NOTE"]
    by_input = {ln.split()[0]: ln for ln in lines[1:-1]}
    assert by_input["CYR61"].split()[1:3] == ["previous", "CCN1"]
    assert "cellular communication network factor 1" in by_input["CYR61"]
    assert by_input["EMT"].split()[1:5] == ["alias", "ITK", "///", "SLC22A3"]
    assert by_input["A12M1"].split()[1:3] == ["withdrawn", "-"]
    assert "no replacement" in by_input["A12M1"]
    # the answer is named (the lint's HG message once said "the approved symbol" only)
    assert by_input["Sept9"].split()[1:3] == ["previous", "SEPTIN9"]
    assert by_input["2-Sep"].split()[1:3] == ["excel-date", "SEPTIN2"]      # SEPT2, not the alias SEP2
    assert by_input["1-Dec"].split()[1:3] == ["excel-date", "DELEC1"]
    assert by_input["NOTAGENE1"].split()[1:3] == ["unknown", "-"]
    assert by_input["GAST"].split()[1:3] == ["approved", "GAST"] and "gastrin" in by_input["GAST"]
    assert lines[-1].startswith("8 symbols: 1 approved, 2 previous, 1 alias, 1 withdrawn, 2 excel-date, "
                                "1 unknown; 7 not approved. (HGNC: HGNC custom download of 2025")


def test_exit_codes(capsys):
    assert run(capsys, "TP53", "GAST")[0] == 0
    assert run(capsys, "TP53", "CYR61")[0] == 1
    assert run(capsys, "--exit-zero", "CYR61")[0] == 0
    code, _, err = run(capsys, "--species", "fish", "TP53")
    assert code == 2 and "invalid choice" in err


def test_tsv_output_joins_like_hgnchelper(capsys, tmp_path):
    code, out, _ = run(capsys, "--format", "tsv", "-o", "out.tsv", "1-Mar", "TP53")
    assert code == 1 and out == ""
    lines = (tmp_path / "out.tsv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    assert head[:6] == ["input", "line", "status", "suggested_symbol", "unique", "suggested_name"]
    mar = dict(zip(head, lines[1].split("\t")))
    assert mar["suggested_symbol"] == "MARCHF1 /// MTARC1" and mar["unique"] == "no"
    assert mar["suggested_name"] == ("membrane associated ring-CH-type finger 1 /// "
                                     "mitochondrial amidoxime reducing component 1")
    assert mar["suggested_id"] == "HGNC:26077 /// HGNC:26189"
    tp53 = dict(zip(head, lines[2].split("\t")))
    assert (tp53["status"], tp53["unique"]) == ("approved", "yes")


# -- where the symbols come from ------------------------------------------------------

def test_symbols_from_a_file_with_line_numbers(capsys, tmp_path):
    (tmp_path / "genes.txt").write_text("# my list\nCYR61\n\nTP53\n", encoding="utf-8")
    code, got, _ = rows(capsys, "-f", "genes.txt", "GAST")
    assert list(got) == ["GAST", "CYR61", "TP53"]
    assert (got["CYR61"]["line"], got["TP53"]["line"], got["GAST"]["line"]) == (2, 4, None)


def test_symbols_from_stdin(capsys, monkeypatch):
    code, got, _ = rows(capsys, stdin="CYR61\nTP53\n", monkeypatch=monkeypatch)
    assert list(got) == ["CYR61", "TP53"] and code == 1


def test_a_column_of_a_tsv_and_a_csv(capsys, tmp_path):
    (tmp_path / "t.tsv").write_text("id\tGene\n1\tCYR61\n2\t\n3\t1-Mar\n", encoding="utf-8")
    _, got, _ = rows(capsys, "-f", "t.tsv", "--column", "gene")
    assert list(got) == ["CYR61", "1-Mar"]                  # the empty cell is no input
    assert (got["CYR61"]["line"], got["1-Mar"]["line"]) == (2, 4)
    # an Excel export: BOM, commas, a quoted field
    (tmp_path / "t.csv").write_bytes('\ufeffSymbol,Note\nSept9,"a, b"\nTP53,x\n'.encode("utf-8"))
    _, got, _ = rows(capsys, "--file", "t.csv", "--column", "Symbol")
    assert got["Sept9"]["suggested_symbol"] == "SEPTIN9" and got["TP53"]["status"] == "approved"
    _, got, _ = rows(capsys, "--file", "t.csv", "--column", "1")
    assert list(got) == ["Sept9", "TP53"]


def test_input_mistakes_are_usage_errors(capsys, tmp_path):
    (tmp_path / "t.tsv").write_text("id\tGene\n1\tCYR61\n", encoding="utf-8")
    code, _, err = run(capsys, "-f", "t.tsv", "--column", "symbol")
    assert code == 2 and "no column 'symbol'; the header has 'id', 'Gene'" in err
    code, _, err = run(capsys, "-f", "t.tsv")
    assert code == 2 and "name the column with --column" in err
    code, _, err = run(capsys, "-f", "missing.txt")
    assert code == 2 and "missing.txt: cannot read" in err
    (tmp_path / "latin1.txt").write_bytes("CYR61\nIL-1\xdf\n".encode("latin-1"))
    code, _, err = run(capsys, "-f", "latin1.txt")
    assert code == 2 and "not UTF-8" in err


# -- the Excel date reading -------------------------------------------------------------

def test_date_readings():
    assert date_reading("1-Mar") == (3, 1) and date_reading("01-MAR-2020") == (3, 1)
    assert date_reading("Mar-1") == date_reading("MAR1") == (3, 1)
    assert date_reading("9/7") == date_reading("09-07") == date_reading("2020-09-07") == (9, 7)
    assert date_reading("13/1") is None and date_reading("TP53") is None and date_reading("1-Marx") is None
    assert original_symbols("1-Mar") == ("MARCH1", "MARC1")
    assert original_symbols("2-Sep") == ("SEPT2", "SEP2")
    assert original_symbols("OCT4") == ()                  # a symbol, not a mangled one
    assert original_symbols("Sep7") == ("SEPT7",)


# -- online, against a local server that answers like HGNC ------------------------------

def test_online_asks_hgnc_and_falls_back(capsys, tmp_path):
    with FakeHGNC() as srv:
        ccn1 = next(d for d in srv.docs if d["symbol"] == "CCN1")
        ccn1["name"] = "answered by the local HGNC"
        (tmp_path / ".pfocr-lint.toml").write_text(
            f'hgnc-rest-url = "{srv.url}"\nhgnc-cache-dir = "{tmp_path / "cache"}"\nhgnc-rate-limit = 1000\n')
        code, got, err = rows(capsys, "--hgnc", "online", "CYR61", "1-Mar")
        assert "/fetch/symbol/CYR61" in srv.fetch_paths() and "/fetch/symbol/MARCH1" in srv.fetch_paths()
    assert code == 1 and err == ""
    assert got["CYR61"]["suggestions"][0]["name"] == "answered by the local HGNC"
    # the local HGNC knows MARCH1 (MARCHF1) but not MARC1
    assert got["1-Mar"]["suggested_symbol"] == "MARCHF1"
    (tmp_path / ".pfocr-lint.toml").write_text(
        f'hgnc-rest-url = "{refused_url()}"\nhgnc-cache-dir = "{tmp_path / "cache2"}"\n')
    code, out, err = run(capsys, "--hgnc", "online", "--format", "json", "CYR61")
    doc = json.loads(out)
    assert "could not be used (connection refused)" in err and doc["warnings"]
    assert doc["symbols"][0]["suggested_symbol"] == "CCN1"
    assert "unreachable" in doc["source"]
