"""``pfocr-lint data update mesh`` / ``data info`` through the real CLI: from
local files and from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

import pfocr_lint.mesh as mesh
from pfocr_lint.cli import main
from pfocr_lint.config import Config
from pfocr_lint.engine import RunContext
from pfocr_lint.hgnc import paths
from pfocr_lint.knowledge import load
from tests.hgnc_server import FakeHGNC, refused_url

FIX = Path(__file__).parent / "fixtures" / "mesh"
DESC, SUPP = FIX / "desc_subset.tsv", FIX / "supp_subset.tsv"
ASCII_D = """*NEWRECORD
RECTYPE = D
MH = Docetaxel
ENTRY = Docetaxol|T109|NON|EQV|NLM (2019)|180515|abcdef
MN = D02.455.426.392.368.242.888.389
UI = D000077143
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ENV_DATA, str(tmp_path / "userdata"))
    monkeypatch.chdir(tmp_path)          # no project configuration


def test_update_from_local_files_takes_precedence(capsys):
    assert main(["data", "update", "mesh", "--from-file", str(DESC), "--from-file", str(SUPP)]) == 0
    out = capsys.readouterr().out
    user = mesh.user_snapshot()
    assert user.is_file() and f"Built {user}" in out and "24 descriptors, 5 supplementary concepts" in out
    assert sorted(p.name for p in user.parent.iterdir()) == ["mesh.sqlite"]
    ctx = RunContext(Config())
    snap = load("mesh", ctx)
    assert "user snapshot from 'pfocr-lint data update mesh'" in ctx.sources["mesh"]
    assert snap.by_id("D000077143").label == "Docetaxel" and snap.by_id("D000001") is None
    assert main(["data", "info"]) == 0
    info = capsys.readouterr().out
    assert "MeSH in use: user snapshot" in info and str(user) in info
    # the gene snapshot is untouched
    assert not paths.user_snapshot().exists()


def test_update_downloads_from_a_local_server_and_carries_the_other_kind(capsys):
    with FakeHGNC() as srv:
        srv.files["/d2026.bin.gz"] = gzip.compress(ASCII_D.encode())
        assert main(["data", "update", "mesh", "--url", srv.url + "/d2026.bin.gz"]) == 0
        assert [p for _, p in srv.requests] == ["/d2026.bin.gz"]
    out = capsys.readouterr().out
    assert "MeSH descriptors + supplementary concepts of 2025-03-04" in out     # Last-Modified
    assert "carried over: supplementary concepts of 2025 from mesh.sqlite" in out
    snap = mesh.open_snapshot()
    assert snap.path == mesh.user_snapshot()
    assert snap.meta["rows_descriptors"] == "1" and int(snap.meta["rows_supplementary"]) > 300000
    assert snap.by_id("D000077143").synonyms == ("Docetaxol",)
    assert snap.by_id("C108952").label == "aspartyl-aspartic acid"      # from the shipped snapshot
    assert sorted(p.name for p in mesh.user_snapshot().parent.iterdir()) == ["mesh.sqlite"]


@pytest.mark.parametrize("how", ["refused", "404", "html", "missing"])
def test_update_failures_exit_2_with_one_line(how, capsys):
    if how == "refused":
        code = main(["data", "update", "mesh", "--url", refused_url() + "/d2026.bin"])
    elif how == "missing":
        code = main(["data", "update", "mesh", "--from-file", "no-such.bin"])
    else:
        with FakeHGNC() as srv:
            if how == "html":
                srv.files["/d.bin"] = b"<html><body>Service unavailable</body></html>\n"
            code = main(["data", "update", "mesh", "--url", srv.url + "/d.bin"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("pfocr-lint: error: ")
    assert {"refused": "connection refused", "404": "HTTP 404", "html": "no MeSH records found",
            "missing": "no such file"}[how] in last
    assert not mesh.user_snapshot().exists()
    folder = paths.user_data_dir()
    assert not folder.exists() or not any(folder.iterdir())


def test_hgnc_update_takes_one_file_only(capsys):
    assert main(["data", "update", "--from-file", "a.tsv", "--from-file", "b.tsv"]) == 2
    assert "one file" in capsys.readouterr().err


def test_info_names_both_snapshots(capsys):
    assert main(["data", "info"]) == 0
    out = capsys.readouterr().out
    assert "In use: shipped snapshot" in out and "MeSH in use: shipped snapshot" in out
    assert "MeSH descriptors + supplementary concepts of 2025" in out
    assert "'pfocr-lint data update mesh'" in out
