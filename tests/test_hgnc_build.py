"""The snapshot builder: both HGNC layouts (plain or gzip), withdrawn records
and their replacements, MGI/RGD tables, metadata, atomic output."""

from __future__ import annotations

import gzip
import shutil
import sqlite3

import pytest

from pfocr_lint.hgnc import build
from pfocr_lint.hgnc.layout import HUMAN, MOUSE, RAT
from pfocr_lint.hgnc.snapshot import Snapshot, SnapshotError

FIX = build.Path(__file__).parent / "fixtures" / "hgnc_snapshot"


@pytest.fixture(scope="module")
def custom_db(tmp_path_factory):
    out = tmp_path_factory.mktemp("custom") / "genes.sqlite"
    build.build(out, [FIX / "custom_download.tsv"], mgi=FIX / "mgi.tsv", rgd=FIX / "rgd.tsv",
                hgnc_date="2025-01-01")
    return Snapshot(out, "test")


@pytest.fixture(scope="module")
def complete_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("complete")
    gz = folder / "hgnc_complete_set.txt.gz"          # gzip, sniffed from the bytes
    gz.write_bytes(gzip.compress((FIX / "complete_set.txt").read_bytes()))
    out = folder / "genes.sqlite"
    build.build(out, [gz], hgnc_date="2025-02-02")
    return Snapshot(out, "test")


def test_formats_are_detected_from_the_header():
    assert build.detect_format(["hgnc_id", "symbol", "name", "locus_group", "locus_type", "status"]) == "complete"
    assert build.detect_format(["HGNC ID", "Approved symbol", "Approved name", "Status"]) == "custom"
    assert build.detect_format(["ID", "symbol", "synonyms", "ensembl"]) == "mgi_rgd"
    with pytest.raises(build.BuildError, match="unrecognised header"):
        build.detect_format(["figid", "pmcid"])


@pytest.mark.parametrize("db", ["custom_db", "complete_db"])
def test_both_layouts_give_the_same_answers(db, request):
    human = request.getfixturevalue(db).species(HUMAN)
    r = human.resolve("CYR61")
    assert (r.kind, [g.symbol for g in r.genes]) == ("previous", ["CCN1"])
    ccn1 = human.gene("CCN1")
    assert ccn1.entrez_id == "3491" and ccn1.hgnc_id == "HGNC:2654"
    assert ccn1.name == "cellular communication network factor 1"
    assert set(ccn1.previous) == {"IGFBP10", "CYR61"} and ccn1.aliases == ("GIG1",)
    assert ccn1.locus_type == "gene with protein product"
    assert human.resolve("GAS").genes[0].symbol == "GAST"
    emt = human.resolve("EMT")
    assert emt.kind == "alias" and [g.symbol for g in emt.genes] == ["ITK", "SLC22A3"]
    assert human.by_entrez("3491").symbol == "CCN1"
    # quoted, pipe-separated lists in the complete set are split like the custom download's
    assert set(human.gene("SEPTIN2").previous) == {"DIFF6", "NEDD5", "SEPT2"}


def test_withdrawn_records_name_their_replacements(custom_db):
    human = custom_db.species(HUMAN)
    entry = human.resolve("A12M1")
    assert entry.kind == "withdrawn" and entry.genes[0].status == "Entry Withdrawn"
    assert entry.genes[0].replaced_by == ()
    # "symbol withdrawn, see [HGNC:...](...)" -> the current symbol
    dyrk = human.resolve("DYRK1AIP3")
    assert dyrk.kind == "withdrawn" and dyrk.genes[0].status == "Symbol Withdrawn"
    assert dyrk.genes[0].replaced_by == ("PHYHIP",)
    assert dyrk.genes[0].name == "symbol withdrawn, see PHYHIP"
    # withdrawn, split in two, and now a previous symbol: previous wins (priority)
    cbbm = human.resolve("CBBM")
    assert cbbm.kind == "previous" and cbbm.genes
    # a symbol withdrawn once and approved again is approved
    assert human.resolve("AK6").kind == "approved"
    # a withdrawn symbol that is also a previous symbol resolves as previous
    assert human.resolve("A1S9T").genes[0].symbol == "UBA1"


def test_complete_set_wording_of_withdrawn_symbols(complete_db):
    human = complete_db.species(HUMAN)
    assert human.resolve("OLDCCN").genes[0].replaced_by == ("CCN1",)
    assert human.resolve("OLDPAIR").genes[0].replaced_by == ("MAPK1", "MAPK3")


def test_mouse_and_rat_tables(custom_db):
    mouse, rat = custom_db.species(MOUSE), custom_db.species(RAT)
    assert mouse.species == "Mus musculus" and mouse.authority == "MGI"
    mtor = mouse.resolve("Mtor")
    assert mtor.kind == "approved" and mtor.genes[0].hgnc_id.startswith("MGI:")
    assert mouse.resolve("Frap1").genes[0].symbol == "Mtor"          # synonym -> alias
    upper = mouse.resolve("MTOR")
    assert upper.case_mismatch and upper.normalized == "Mtor"
    # MGI repeats a gene once per Ensembl id: one record
    assert len(mouse.resolve("Aldoa").genes) == 1
    # RGD synonyms that are database ids are not aliases
    cdhr17 = rat.resolve("Cdhr17").genes[0]
    assert not any(a.startswith(("LOC", "RGD")) for a in cdhr17.aliases)
    assert rat.resolve("LOC102551166").kind == "unknown"
    assert rat.resolve("Asip").genes[0].hgnc_id == "RGD:2003"


def test_metadata(custom_db, complete_db):
    m = custom_db.meta
    assert m["hgnc_format"] == "custom" and m["hgnc_date"] == "2025-01-01"
    assert m["hgnc_source"] == "custom_download.tsv" and m["mgi_source"] == "mgi.tsv"
    assert int(m["rows_human"]) == len((FIX / "custom_download.tsv").read_text().splitlines()) - 1 and int(m["rows_mouse"]) >= 6 and int(m["rows_rat"]) == 6
    assert m["builder_version"] == build.BUILDER_VERSION and m["build_date"]
    assert complete_db.meta["hgnc_format"] == "complete"
    assert complete_db.species(MOUSE) is None          # no MGI table given
    assert "HGNC custom download of 2025-01-01" in custom_db.describe()


def test_bad_input_is_a_build_error_and_leaves_no_file(tmp_path):
    bad = tmp_path / "page.html"
    bad.write_text("<html>not a table</html>\n")
    out = tmp_path / "genes.sqlite"
    with pytest.raises(build.BuildError):
        build.build(out, [bad])
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(build.BuildError, match="empty"):
        build.build(out, [empty])
    assert list(tmp_path.iterdir()) == [bad, empty] or not out.exists()
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


def test_carry_over_from_an_existing_snapshot(tmp_path, custom_db):
    out = tmp_path / "new.sqlite"
    meta = build.build(out, [FIX / "complete_set.txt"], hgnc_date="2026-01-01", carry_from=custom_db.path)
    snap = Snapshot(out, "carried")
    # mouse/rat copied; withdrawn symbols the complete set lacks kept
    assert snap.species(MOUSE).resolve("Mtor").kind == "approved"
    assert snap.species(HUMAN).resolve("A12M1").kind == "withdrawn"
    assert snap.species(HUMAN).resolve("OLDCCN").kind == "withdrawn"
    assert "carried over" in meta["mgi_source"]


def test_a_snapshot_of_another_schema_is_refused(tmp_path, custom_db):
    copy = tmp_path / "old.sqlite"
    shutil.copy(custom_db.path, copy)
    con = sqlite3.connect(copy)
    con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with pytest.raises(SnapshotError, match="schema"):
        Snapshot(copy)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(SnapshotError):
        Snapshot(garbage)


def test_complete_set_plus_withdrawn_txt(tmp_path):
    withdrawn = tmp_path / "withdrawn.txt"
    withdrawn.write_text("HGNC_ID\tSTATUS\tWITHDRAWN_SYMBOL\tMERGED_INTO_REPORT(S)\n"
                         "HGNC:95001\tMerged/Split\tCYR61X\tHGNC:2654|CCN1|Approved\n"
                         "HGNC:95002\tEntry Withdrawn\tNOTAGENE\t\n")
    out = tmp_path / "genes.sqlite"
    meta = build.build(out, [FIX / "complete_set.txt", withdrawn])
    assert meta["hgnc_format"] == "complete, withdrawn"
    human = Snapshot(out).species(HUMAN)
    merged = human.resolve("CYR61X")
    assert merged.kind == "withdrawn" and merged.genes[0].replaced_by == ("CCN1",)
    assert merged.genes[0].status == "Symbol Withdrawn"
    assert human.resolve("NOTAGENE").genes[0].status == "Entry Withdrawn"
    with pytest.raises(build.BuildError, match="no approved"):
        build.build(tmp_path / "only.sqlite", [withdrawn])
