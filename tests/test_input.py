"""Bad input is a finding with a code and a line, never a traceback, and one
bad file never stops the run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pfocr_lint.cli import main
from pfocr_lint.parse import MAX_EXPANDED_NODES
from tests.helpers import lint_paths

GOOD = "---\nfigid: PMC1__a\npmcid: PMC1\n---\n"


def _lint_bytes(tmp_path: Path, raw: bytes, name: str = "rec.md", **cfg):
    p = tmp_path / name
    p.write_bytes(raw)
    return [f for f in lint_paths([p], select=["IO"], **cfg)]


def _one(findings, code):
    hits = [f for f in findings if f.code == code]
    assert hits, f"expected {code}, got {[(f.code, f.message) for f in findings]}"
    return hits[0]


def test_unreadable_file(tmp_path):
    missing = tmp_path / "gone.md"
    f = _one(lint_paths([missing], select=["IO"]), "IO001")
    assert f.line == 1 and "cannot read" in f.message


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a mode-000 file")
def test_unreadable_permissions(tmp_path):  # pragma: no cover - CI runs as root
    p = tmp_path / "locked.md"
    p.write_text(GOOD)
    p.chmod(0)
    _one(lint_paths([p], select=["IO"]), "IO001")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_reported_not_waited_on(tmp_path):
    # a FIFO named like a record inside a figure folder: opening it for reading
    # would wait for a writer forever; the rest of the folder is still linted
    figures = tmp_path / "_figures"
    figures.mkdir()
    os.mkfifo(figures / "pipe.md")
    (figures / "PMC1__good.md").write_text(GOOD)
    found = lint_paths([tmp_path], select=["IO"])
    f = _one(found, "IO001")
    assert f.path.endswith("pipe.md") and "not a regular file" in f.message
    assert [x.path for x in found if x.code == "IO001"] == [f.path]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_is_reported_not_read_without_end():
    f = _one(lint_paths(["/dev/zero"], select=["IO"]), "IO001")
    assert "not a regular file" in f.message


def test_file_too_large(tmp_path):
    f = _one(_lint_bytes(tmp_path, GOOD.encode() + b"#" * 2000, max_file_size=1000), "IO002")
    assert "over the 1,000-byte limit" in f.message


def test_empty_file(tmp_path):
    _one(_lint_bytes(tmp_path, b""), "IO003")
    _one(_lint_bytes(tmp_path, b"  \n\n", name="blank.md"), "IO003")


def test_bom_is_reported_and_record_still_checked(tmp_path):
    findings = _lint_bytes(tmp_path, b"\xef\xbb\xbf" + GOOD.encode() + b"x: 1\n")
    _one(findings, "IO004")
    assert [f.code for f in findings] == ["IO004"]  # the YAML itself parsed fine


def test_not_utf8_points_at_the_byte(tmp_path):
    raw = GOOD.replace("---\n", "---\ncaption: caf\xe9\n", 1).encode("latin-1")
    f = _one(_lint_bytes(tmp_path, raw), "IO005")
    assert (f.line, f.column) == (2, 13)
    assert "0xe9" in f.message
    assert "UTF-16" not in f.message and "Latin-1" in f.suggestion


def test_utf16_is_named_as_such(tmp_path):
    # a Windows editor's "Unicode": the usual Latin-1 guess would mislead
    # (without a byte-order mark ASCII text in UTF-16 is valid UTF-8, NULs
    # and all, and read as a file with no front matter: IO007, misleading)
    for raw, why in ((GOOD.encode("utf-16"), "it starts with a UTF-16 byte-order mark"),
                     (GOOD.encode("utf-16-le"), "no byte-order mark, but every other byte is NUL"),
                     (GOOD.encode("utf-16-be"), "no byte-order mark, but every other byte is NUL")):
        findings = _lint_bytes(tmp_path, raw)
        assert [f.code for f in findings] == ["IO005"], [(f.code, f.message) for f in findings]
        assert f"the file is UTF-16 ({why}" in findings[0].message
        assert findings[0].suggestion == "Re-save the file as UTF-8."


def test_crlf(tmp_path):
    findings = _lint_bytes(tmp_path, GOOD.replace("\n", "\r\n").encode())
    f = _one(findings, "IO006")
    assert f.line == 1


def test_no_front_matter(tmp_path):
    _one(_lint_bytes(tmp_path, b"figid: PMC1__a\n"), "IO007")
    f = _one(_lint_bytes(tmp_path, b"---junk\nfigid: x\n---\n", name="b.md"), "IO007")
    assert "'---junk'" in f.message
    assert _lint_bytes(tmp_path, b"--- \nfigid: x\n---\n", name="c.md") == []  # trailing space is fine


def test_unterminated_front_matter(tmp_path):
    _one(_lint_bytes(tmp_path, b"---\nfigid: PMC1__a\npmcid: PMC1\n"), "IO008")


def test_yaml_syntax_error_has_parser_line(tmp_path):
    raw = b"---\nfigid: PMC1__a\ncaption: 'unclosed\npmcid: PMC1\nfoo: [1, 2\n---\n"
    f = _one(_lint_bytes(tmp_path, raw), "IO009")
    assert f.line >= 3
    raw = b"---\nfigid: PMC1__a\n  bad: indent\n---\n"
    f = _one(_lint_bytes(tmp_path, raw, name="c.md"), "IO009")
    assert f.line == 3


@pytest.mark.parametrize("body,kind", [("- a\n- b\n", "a list"), ("just text\n", "a single value"),
                                       ("", "empty")])
def test_front_matter_not_a_mapping(tmp_path, body, kind):
    f = _one(_lint_bytes(tmp_path, f"---\n{body}---\n".encode()), "IO010")
    assert kind in f.message


def test_python_tag_is_never_constructed(tmp_path):
    raw = (b"---\nfigid: !!python/object/apply:os.system ['touch " + str(tmp_path / "pwned").encode()
           + b"']\npmcid: !custom PMC1\n---\n")
    findings = _lint_bytes(tmp_path, raw)
    tags = [f for f in findings if f.code == "IO011"]
    assert len(tags) == 2
    assert tags[0].line == 2 and tags[1].line == 3
    assert tags[0].field == "figid"
    assert not (tmp_path / "pwned").exists()


def test_alias_bomb_is_stopped(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = f"*a{i-1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    raw = ("---\n" + "\n".join(lines) + "\n---\n").encode()
    f = _one(_lint_bytes(tmp_path, raw), "IO012")
    assert f"{MAX_EXPANDED_NODES:,}" in f.message


def test_recursive_alias(tmp_path):
    f = _one(_lint_bytes(tmp_path, b"---\na: &x [1, *x]\n---\n"), "IO012")
    assert "itself" in f.message


def test_duplicate_key_keeps_both_lines(tmp_path):
    raw = b"---\nfigid: PMC1__a\npmcid: PMC1\nfigid: PMC1__b\n---\n"
    f = _one(_lint_bytes(tmp_path, raw), "IO013")
    assert f.line == 4 and "first at line 2" in f.message and f.field == "figid"


def test_duplicate_key_nested(tmp_path):
    raw = b"---\nschema-jsonld:\n  name: a\n  name: b\n---\n"
    f = _one(_lint_bytes(tmp_path, raw), "IO013")
    assert (f.line, f.column) == (4, 3) and f.field == "schema-jsonld.name"


def test_body_after_front_matter_is_allowed(tmp_path):
    assert _lint_bytes(tmp_path, (GOOD + "\n# Body\n\nSome text --- here\n").encode()) == []


def test_one_bad_file_does_not_stop_the_run(tmp_path, capsys):
    (tmp_path / "a.md").write_bytes(b"\xff\xfe garbage")
    (tmp_path / "b.md").write_bytes(b"---\n[unclosed\n---\n")
    (tmp_path / "c.md").write_text(GOOD)
    rc = main([str(tmp_path), "--select", "IO", "--format", "json", "--isolated"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 1
    assert out["summary"]["files_checked"] == 3
    assert sorted(f["code"] for f in out["findings"]) == ["IO005", "IO009"]
    assert "Traceback" not in json.dumps(out)


def test_positions_of_keys_and_items(tmp_path):
    from pfocr_lint.parse import parse_text

    text = "---\nfigid: PMC1__a\ngenes:\n- word: A\n  entrez: '1'\n- word: B\norganisms: [Homo sapiens, NA]\n---\n"
    rec, findings = parse_text("x.md", text)
    assert findings == []
    assert rec.locate(("genes", 1, "word")) == (6, 3)
    assert rec.locate(("genes", 0, "entrez")) == (5, 3)
    assert rec.locate(("organisms", 1)) == (7, 27)
    assert rec.locate(("nope",)) == (1, 1)
    start, end = rec.span(("genes", 0, "entrez"))
    assert text[start:end] == "'1'"


def test_scalar_types_match_safe_load(tmp_path):
    import yaml
    from pfocr_lint.parse import parse_text

    fm = ("a: 1\nb: 0.5\nc: true\nd: ~\ne: '2019'\nf: 2019-01-02\ng: .inf\nh: 0x1F\n"
          "i: [yes, No, null]\nj: {k: v}\n")
    rec, _ = parse_text("x.md", "---\n" + fm + "---\n")
    ref = yaml.safe_load(fm)
    assert rec.data["a"] == ref["a"] and rec.data["b"] == ref["b"] and rec.data["c"] is True
    assert rec.data["d"] is None and rec.data["e"] == "2019" and rec.data["h"] == 31
    assert rec.data["f"] == "2019-01-02"  # timestamps stay text: JSON has no date type
    assert rec.data["g"] == ".inf"        # and no infinity
    assert rec.data["i"] == [True, False, None] and rec.data["j"] == {"k": "v"}
