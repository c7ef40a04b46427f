"""``pfocr-lint data update`` / ``data info`` through the real CLI, with the
download served by a local HTTP server."""

from __future__ import annotations

import pytest

from pfocr_lint.cli import main
from pfocr_lint.config import Config
from pfocr_lint.engine import RunContext
from pfocr_lint.hgnc import load_for_run, paths
from tests.hgnc_server import FIXTURES, FakeHGNC, refused_url


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ENV_DATA, str(tmp_path / "userdata"))
    monkeypatch.chdir(tmp_path)          # no project configuration


def test_update_downloads_builds_and_takes_precedence(tmp_path, capsys):
    with FakeHGNC() as srv:
        srv.files["/hgnc_complete_set.txt"] = (FIXTURES / "complete_set.txt").read_bytes()
        (tmp_path / ".pfocr-lint.toml").write_text(
            f'hgnc-download-url = "{srv.url}/hgnc_complete_set.txt"\n')
        assert main(["data", "update"]) == 0
        assert [p for _, p in srv.requests] == ["/hgnc_complete_set.txt"]
    out = capsys.readouterr().out
    user = paths.user_snapshot()
    assert user.is_file() and f"Built {user}" in out
    assert "HGNC complete set of 2025-03-04" in out            # the server's Last-Modified
    # no temp files left behind
    assert sorted(p.name for p in user.parent.iterdir()) == ["genes.sqlite"]
    ctx = RunContext(Config())
    know = load_for_run(ctx)
    assert "user snapshot" in ctx.sources["hgnc"] and "2025-03-04" in ctx.sources["hgnc"]
    assert know.human.resolve("OLDCCN").genes[0].replaced_by == ("CCN1",)
    assert know.human.resolve("CYR61").genes[0].symbol == "CCN1"
    assert know.mouse.resolve("Mtor").kind == "approved"          # MGI carried over

    assert main(["data", "info"]) == 0
    info = capsys.readouterr().out
    assert "In use: user snapshot" in info and str(user) in info and "fallback" in info


def test_update_from_a_local_file(tmp_path, capsys):
    assert main(["data", "update", "--from-file", str(FIXTURES / "custom_download.tsv")]) == 0
    assert "HGNC custom download" in capsys.readouterr().out
    assert paths.user_snapshot().is_file()


def test_info_without_a_user_snapshot(capsys):
    assert main(["data", "info"]) == 0
    out = capsys.readouterr().out
    assert "In use: shipped snapshot" in out and "HGNC custom download of 2025" in out
    assert "pfocr-lint data update" in out


@pytest.mark.parametrize("how", ["refused", "404", "html"])
def test_update_failures_exit_2_with_one_line(how, capsys, tmp_path):
    if how == "refused":
        url = refused_url() + "/hgnc_complete_set.txt"
        code = main(["data", "update", "--url", url])
    else:
        with FakeHGNC() as srv:
            if how == "html":
                srv.files["/x.txt"] = b"<html><body>Service unavailable</body></html>\n"
            code = main(["data", "update", "--url", srv.url + "/x.txt"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("pfocr-lint: error: cannot ")
    assert {"refused": "connection refused", "404": "HTTP 404", "html": "unrecognised header"}[how] in err
    # nothing half-built
    assert not paths.user_snapshot().exists()
    folder = paths.user_data_dir()
    assert not folder.exists() or not any(folder.iterdir())


def test_update_from_a_missing_file_exits_2(capsys):
    assert main(["data", "update", "--from-file", "no-such.tsv"]) == 2
    assert "no such file" in capsys.readouterr().err
