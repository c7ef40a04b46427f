"""RP001-RP002: checks over a whole figure repository."""

from __future__ import annotations

from tests.curation_trees import CLEAN_TABLES, CORPUS, lint, make_repo, write_tsv
from tests.helpers import clean_record

RP = ["RP001", "RP002"]


def test_duplicate_figid_names_both(tmp_path):
    a = make_repo(tmp_path)
    b = make_repo(tmp_path, name="copy.md", tables={})
    found = lint([tmp_path], RP)
    assert sorted((f.code, f.path, f.line) for f in found) == sorted([
        ("RP001", str(a), 2), ("RP001", str(b), 2)])
    by_path = {f.path: f.message for f in found}
    assert f"{b}:2" in by_path[str(a)] and f"{a}:2" in by_path[str(b)]


def test_distinct_figids_are_fine(tmp_path):
    make_repo(tmp_path)
    make_repo(tmp_path, clean_record("older"), tables={})
    assert lint([tmp_path], RP) == []


def test_orphan_table_when_folder_linted(tmp_path):
    make_repo(tmp_path)
    header, rows = CLEAN_TABLES["genes"]
    orphan = write_tsv(tmp_path / "_data" / "PMC1__gone-genes.tsv", header, rows)
    (tmp_path / "_data" / "notes.txt").write_text("not a table")
    found = lint([tmp_path], RP)
    assert [(f.code, f.path, f.line) for f in found] == [("RP002", str(orphan), 1)]
    assert "PMC1__gone" in found[0].message


def test_single_file_never_reports_orphans(tmp_path):
    rec = make_repo(tmp_path)
    make_repo(tmp_path, clean_record("older"), tables={})
    header, rows = CLEAN_TABLES["genes"]
    write_tsv(tmp_path / "_data" / "PMC1__gone-genes.tsv", header, rows)
    # Only one of the two records is linted: the folder was not linted whole.
    assert lint([rec], RP) == []


def test_table_of_unlinted_but_present_record_is_not_orphan(tmp_path):
    make_repo(tmp_path)
    data = clean_record("older")
    data["figid"] = "PMC2__other"
    make_repo(tmp_path, data, tables=dict(genes=CLEAN_TABLES["genes"]), name="PMC2__renamed.md")
    # figid PMC2__other matches its table even though the file name differs.
    assert [f.code for f in lint([tmp_path], RP)] == []


def test_corpus_is_clean():
    assert lint([CORPUS], RP) == []
