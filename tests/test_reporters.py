"""Every report format, on the seeds and the corpus fixtures, read back and
compared with the JSON report of the same run; then each format's escaping
with hostile text."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from pfocr_lint import registry
from pfocr_lint.engine import Summary
from pfocr_lint.findings import Finding, Severity
from pfocr_lint.reporters import FORMATS, reporter_class
from pfocr_lint.reporters.base import RunInfo
from pfocr_lint.reporters.github import escape_data, escape_property
from pfocr_lint.reporters.table import COLUMNS, unescape_tsv
from tests.helpers import FIXTURES, REPO

DATASETS = {"seeds": "seeds", "corpus": "tests/fixtures/corpus"}
FILE_FORMATS = ("json", "sarif", "github", "junit", "tsv", "csv", "markdown", "html")
SCHEMA = FIXTURES / "sarif-schema-2.1.0.json"


def cli(*args, cwd=REPO, env=None, **kw):
    return subprocess.run([sys.executable, "-m", "pfocr_lint", *args], cwd=cwd, capture_output=True,
                          text=True, env=env or {k: v for k, v in os.environ.items()
                                                 if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}, **kw)


@pytest.fixture(scope="module", params=sorted(DATASETS))
def reports(request, tmp_path_factory):
    """One run per data set writing every format at once (one lint, many reports)."""
    out = tmp_path_factory.mktemp(request.param)
    args = ["check", "--isolated", "--exit-zero", "-j", "1"]
    for fmt in FILE_FORMATS:
        args += ["--format", f"{fmt}={out / ('report.' + fmt)}"]
    res = cli(*args, DATASETS[request.param])
    assert res.returncode == 0, res.stderr
    assert res.stdout == ""  # every report went to its file
    texts = {fmt: (out / f"report.{fmt}").read_text(encoding="utf-8") for fmt in FILE_FORMATS}
    doc = json.loads(texts["json"])
    assert doc["summary"]["findings"] > 0, "the data set should produce findings to compare"
    return {"name": request.param, "texts": texts, "json": doc, "dir": out,
            "findings": doc["findings"], "summary": doc["summary"]}


def _key(path, line, col, code):
    return (Path(path).as_posix(), int(line), int(col), code)


def json_keys(reports) -> Counter:
    return Counter(_key(f["path"], f["line"], f["column"], f["code"]) for f in reports["findings"])


# -- SARIF ------------------------------------------------------------------------

def test_sarif_validates_against_the_official_schema(reports):
    from jsonschema import Draft4Validator

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = json.loads(reports["texts"]["sarif"])
    errors = sorted(Draft4Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_sarif_rules_and_results_match_the_json_report(reports):
    doc = json.loads(reports["texts"]["sarif"])
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "pfocr-lint" and driver["version"] == reports["json"]["tool"]["version"]
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    selected = {c.code for c in registry.select(None, None)}
    assert selected <= set(ids), "one descriptor per selected rule"
    for r in rules:
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert r["help"]["markdown"].startswith(f"**{r['id']} ")
    results = run["results"]
    assert len(results) == reports["summary"]["findings"]
    got = Counter()
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        assert "\\" not in uri and not uri.startswith("/") and loc["artifactLocation"]["uriBaseId"] == "SRCROOT"
        got[_key(uri, loc["region"]["startLine"], loc["region"]["startColumn"], res["ruleId"])] += 1
    assert got == json_keys(reports)
    levels = Counter(r["level"] for r in results)
    by_sev = reports["summary"]["by_severity"]
    assert levels == Counter({k: v for k, v in {"error": by_sev["error"], "warning": by_sev["warning"],
                                                 "note": by_sev["info"]}.items() if v})


def test_sarif_help_carries_why_and_curation_action():
    rule = registry.find_rule("OR001")
    out = render("sarif", {})
    desc = next(r for r in json.loads(out)["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "OR001")
    doc = rule.doc()
    assert doc.sections["Curation action"] in desc["help"]["markdown"]
    assert doc.sections["Why this matters"] in desc["help"]["text"]


# -- GitHub -----------------------------------------------------------------------

_COMMAND = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<msg>.*)$")


def _unescape(text: str) -> str:
    return (text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
            .replace("%2C", ",").replace("%25", "%"))


def parse_github(text: str):
    out = []
    for line in text.splitlines():
        m = _COMMAND.match(line)
        if not m or "file=" not in m.group("props"):
            continue
        props = dict(p.split("=", 1) for p in m.group("props").split(","))
        out.append((m.group(1), {k: _unescape(v) for k, v in props.items()}, _unescape(m.group("msg"))))
    return out


def _github_key(p):
    """An annotation's place as the JSON report gives it: a span over several
    lines has no columns (the runner drops them), so compare its lines."""
    end = (int(p.get("endLine", p["line"])), int(p["endColumn"]) if "endColumn" in p else None)
    return (_key(p["file"], p["line"], p.get("col", 0), p["title"].split()[0]), end)


def _json_github_key(f):
    multi = f.get("end_line", f["line"]) > f["line"]
    end = (f.get("end_line", f["line"]), None if multi else f.get("end_column"))
    return (_key(f["path"], f["line"], 0 if multi else f["column"], f["code"]), end)


def test_github_annotations_match_the_json_report(reports):
    anns = parse_github(reports["texts"]["github"])
    assert len(anns) == reports["summary"]["findings"]
    assert Counter(_github_key(p) for _, p, _ in anns) == Counter(_json_github_key(f) for f in reports["findings"])
    assert any("endColumn" in p for _, p, _ in anns), "findings on a value carry its end"
    kinds = Counter(k for k, _, _ in anns)
    sev = reports["summary"]["by_severity"]
    assert kinds["error"] == sev["error"] and kinds["warning"] == sev["warning"] and kinds["notice"] == sev["info"]
    assert reports["texts"]["github"].rstrip().endswith(f"{reports['summary']['files_checked']} files checked: "
                                                         + _summary_words(reports["summary"]) + ".")


def _summary_words(s):
    return ", ".join(f"{n} {sev}{'s' if n != 1 and sev != 'info' else ''}"
                     for sev, n in s["by_severity"].items() if n) or "no findings"


def test_github_escaping():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a,b:c%.md") == "a%2Cb%3Ac%25.md"
    f = _finding(path="odd,name:x.md", message="two\nlines, 100%", suggestion="do: this")
    (kind, props, msg), = parse_github(render("github", {"odd,name:x.md": [f]}))
    assert kind == "warning" and props["file"] == "odd,name:x.md" and props["title"] == "OR001 organisms-not-a-list"
    assert msg == "two\nlines, 100%\ndo: this"


def test_github_is_chosen_automatically_on_github_actions(tmp_path):
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    res = cli("check", "--isolated", "seeds", env=env)
    assert res.stdout.startswith("::") and "file=seeds/" in res.stdout
    assert "## pfocr-lint" in (tmp_path / "summary.md").read_text(encoding="utf-8")
    res = cli("check", "--isolated", "--format", "json", "seeds", env=env)
    assert json.loads(res.stdout)["summary"]["findings"] > 0


# -- JUnit ------------------------------------------------------------------------

def test_junit_matches_the_json_report(reports):
    root = ET.fromstring(reports["texts"]["junit"])
    assert root.tag == "testsuites"
    by_sev = reports["summary"]["by_severity"]
    failures = root.findall("./testsuite/testcase/failure")
    # an info finding is a passing test case with the finding in <system-out>
    notes = root.findall("./testsuite/testcase/system-out")
    assert len(failures) == by_sev["error"] + by_sev["warning"] == int(root.get("failures"))
    assert len(notes) == by_sev["info"]
    assert all("[info]" in n.text for n in notes)
    suites = root.findall("testsuite")
    assert len({s.get("name") for s in suites}) >= reports["summary"]["files_checked"]
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites) == len(root.findall("./testsuite/testcase"))
    assert sum(int(s.get("failures")) for s in suites) == len(failures)
    assert Counter(f.get("type") for f in failures) == Counter(
        {k: v for k, v in by_sev.items() if v and k != "info"})
    got = Counter()
    for s in suites:
        for case in s.findall("testcase[failure]") + s.findall("testcase[system-out]"):
            m = re.match(r"(\S+) \S+ \(line (\d+), column (\d+)\)$", case.get("name"))
            got[_key(case.get("file"), m.group(2), m.group(3), m.group(1))] += 1
    assert got == json_keys(reports)


def test_junit_is_read_by_a_junit_consumer(reports):
    junitparser = pytest.importorskip("junitparser")
    xml = junitparser.JUnitXml.fromfile(str(reports["dir"] / "report.junit"))
    failed = sum(1 for suite in xml for case in suite if not case.is_passed)
    by_sev = reports["summary"]["by_severity"]
    assert failed == by_sev["error"] + by_sev["warning"]
    # info findings pass (neither failed nor skipped) and keep their text
    passed_with_output = [case for suite in xml for case in suite if case.is_passed and case.system_out]
    assert len(passed_with_output) == by_sev["info"]
    assert not any(case.is_skipped for suite in xml for case in suite)
    passed_suites = [suite for suite in xml if all(case.is_passed for case in suite)]
    assert len(passed_suites) >= reports["summary"]["files_checked"] - reports["summary"]["files_with_findings"]


def test_junit_survives_control_characters():
    f = _finding(message="bell \x07 and ]]> and <tag> & more", value="\x00nul")
    root = ET.fromstring(render("junit", {"a.md": [f]}))
    failure = root.find("./testsuite/testcase/failure")
    assert "]]> and <tag> & more" in failure.get("message") and "\ufffd" in failure.get("message")


# -- TSV / CSV ----------------------------------------------------------------------

def _as_json_rows(reports):
    return Counter((Path(f["path"]).as_posix(), str(f["line"]), f["code"], f.get("value") or "", f["message"])
                   for f in reports["findings"])


def _undefuse(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@") else cell


def test_tsv_matches_the_json_report(reports):
    lines = reports["texts"]["tsv"].split("\n")
    assert lines[-1] == "" and lines[0].split("\t") == list(COLUMNS)
    rows = [[unescape_tsv(c) for c in line.split("\t")] for line in lines[1:-1]]
    assert len(rows) == reports["summary"]["findings"]
    assert all(len(r) == len(COLUMNS) for r in rows)
    i = {c: n for n, c in enumerate(COLUMNS)}
    got = Counter((r[i["file"]], r[i["line"]], r[i["code"]], _undefuse(r[i["value"]]), _undefuse(r[i["message"]]))
                  for r in rows)
    assert got == _as_json_rows(reports)


def test_csv_matches_the_json_report(reports):
    rows = list(csv.reader(io.StringIO(reports["texts"]["csv"], newline="")))
    assert rows[0] == list(COLUMNS)
    assert len(rows) - 1 == reports["summary"]["findings"]
    i = {c: n for n, c in enumerate(COLUMNS)}
    got = Counter((r[i["file"]], r[i["line"]], r[i["code"]], _undefuse(r[i["value"]]), _undefuse(r[i["message"]]))
                  for r in rows[1:])
    assert got == _as_json_rows(reports)


def test_tsv_and_csv_escaping():
    f = _finding(value="a\tb\nc\\d", message="=HYPERLINK(\"http://x\")", suggestion="-1")
    line = render("tsv", {"a.md": [f]}).split("\n")[1]
    cells = line.split("\t")
    assert len(cells) == len(COLUMNS)
    i = {c: n for n, c in enumerate(COLUMNS)}
    assert unescape_tsv(cells[i["value"]]) == "a\tb\nc\\d"
    assert cells[i["message"]].startswith("'=")          # a spreadsheet shows it, never runs it
    assert cells[i["suggestion"]] == "-1"                  # numbers stay numbers
    rows = list(csv.reader(io.StringIO(render("csv", {"a.md": [f]}), newline="")))
    assert rows[1][i["value"]] == "a\tb\nc\\d" and rows[1][i["message"]].startswith("'=")


# -- Markdown ----------------------------------------------------------------------

def test_markdown_summary_matches_the_json_report(reports):
    from pfocr_lint.reporters.markdown import MAX_ROWS

    text = reports["texts"]["markdown"]
    s = reports["summary"]
    assert f"**{s['findings']}** finding" in text
    for sev, n in s["by_severity"].items():
        assert re.search(rf"^\| \S+ {sev} \| {n} \|$", text, re.M)
    rows = [ln for ln in text.splitlines() if re.match(r"^\| .* \| \d+ \| `[A-Z]+\d+` \|", ln)]
    assert len(rows) == min(MAX_ROWS, s["findings"])
    more = s["findings"] - len(rows)
    assert (f"and {more} more finding" in text) == (more > 0)
    top = max(s["by_code"].items(), key=lambda kv: (kv[1], kv[0]))
    assert re.search(rf"^\| `{top[0]}` \| [^|]+ \| {top[1]} \|", text, re.M)


def test_markdown_cells_cannot_break_the_table():
    f = _finding(message="a | b\nnew line <img src=x onerror=alert(1)>", suggestion="`x` *y*")
    text = render("markdown", {"a|b.md": [f]})
    row = next(ln for ln in text.splitlines() if "OR001` | warning" in ln)
    assert len(re.findall(r"(?<!\\)\|", row)) == 7  # six cells, nothing added
    assert "<img" not in text and "&lt;img" in text


# -- HTML (static checks; the browser test is in test_html_browser.py) ---------------

_DATA = re.compile(r'<script type="application/json" id="pfocr-data">(.*?)</script>', re.S)


def html_data(text: str) -> dict:
    (blob,) = _DATA.findall(text)
    return json.loads(blob)


def test_html_embeds_every_finding(reports):
    text = reports["texts"]["html"]
    data = html_data(text)
    s = reports["summary"]
    assert len(data["findings"]) == s["findings"]
    assert data["summary"]["by_severity"] == s["by_severity"]
    got = Counter(_key(data["files"][r[0]], r[1], r[2], data["rules"][r[3]]["code"]) for r in data["findings"])
    assert got == json_keys(reports)
    assert f'<span class="num" id="files-checked">{s["files_checked"]}</span>' in text
    for sev, n in s["by_severity"].items():
        assert f'id="count-{sev}">{n}</span>' in text
    # self-contained: no external resource of any kind
    assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)=', text)
    for rule in data["rules"]:
        assert rule["count"] == s["by_code"][rule["code"]]
        assert f'data-rule="{rule["code"]}"' in text  # a bar in the chart


def test_html_record_metadata_comes_from_the_records(reports):
    data = html_data(reports["texts"]["html"])
    with_url = [r for r in data["records"] if r.get("url")]
    assert with_url, "records with findings should link to PMC"
    for rec in with_url:
        assert re.match(r"^https://www\.ncbi\.nlm\.nih\.gov/pmc/articles/PMC\d+/", rec["url"])
        assert rec["pmcid"] in rec["url"]


HOSTILE = ("</script><script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">"
           "<!-- & ' \" \u2028")


def hostile_record(tmp_path: Path) -> Path:
    text = (FIXTURES / "clean" / "newer.md").read_text(encoding="utf-8")
    figs = tmp_path / "_figures"
    figs.mkdir(parents=True, exist_ok=True)
    bad = text.replace("organisms:\n- Homo sapiens", "organisms: Homo sapiens", 1)
    for key, value in (("caption", HOSTILE), ("figtitle", "<b>bold</b><script>window.__pwned=3</script>"),
                       ("figlink", "javascript:window.__pwned=4")):
        # json.dumps: a double-quoted YAML scalar; a lambda: no escapes in the replacement
        bad = re.sub(rf"(?m)^{key}: .*(\n  .*)*", lambda m: f"{key}: {json.dumps(value)}", bad, count=1)
    path = figs / "PMC11987792__cancers-17-01167-g005.md"
    path.write_text(bad, encoding="utf-8")
    return path


def test_html_keeps_hostile_record_text_inert(tmp_path):
    path = hostile_record(tmp_path)
    out = tmp_path / "report.html"
    res = cli("check", "--isolated", "--exit-zero", "--select", "OR001", "--format", f"html={out}",
              str(path), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    text = out.read_text(encoding="utf-8")
    assert "__pwned" in text                       # the text is there ...
    assert text.count("<script") == 2              # ... but only our two script blocks exist
    assert "<img src=x" not in text and "javascript:" not in text.split('id="pfocr-data"')[0]
    data = html_data(text)
    (rec,) = data["records"]
    assert rec["caption"] == HOSTILE.strip()       # exact text, to be shown with textContent
    assert rec["url"].startswith("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC11987792/")


# -- one run, many formats; quiet; unknown format ------------------------------------

def test_every_format_is_registered():
    for fmt in FILE_FORMATS + ("text",):
        assert fmt in FORMATS and reporter_class(fmt)


def test_quiet_still_completes_structured_reports_on_stdout(tmp_path):
    clean = tmp_path / "PMC11987792__cancers-17-01167-g005.md"
    clean.write_text((FIXTURES / "clean" / "newer.md").read_text(encoding="utf-8"), encoding="utf-8")
    for fmt in ("sarif", "json"):
        res = cli("check", "--isolated", "-q", "--format", fmt, str(clean))
        assert json.loads(res.stdout)
    res = cli("check", "--isolated", "-q", str(clean))
    assert res.stdout == ""


# -- helpers -----------------------------------------------------------------------------

def _finding(path="a.md", message="m", value=None, suggestion=None, code="OR001",
             severity=Severity.WARNING, line=3, column=1):
    return Finding(path=path, line=line, column=column, code=code, name="organisms-not-a-list",
                   severity=severity, message=message, field="organisms", value=value,
                   suggestion=suggestion)


def render(fmt: str, by_path: dict, files_checked: int = None) -> str:
    run = RunInfo(version="0", rules=registry.select(None, None))
    buf = io.StringIO()
    rep = reporter_class(fmt)(buf, run)
    summary = Summary(files_checked=files_checked if files_checked is not None else len(by_path))
    rep.start()
    for path, findings in by_path.items():
        summary.add(findings)
        summary.files_with_findings += 1
        rep.add(path, findings)
    rep.finish(summary)
    return buf.getvalue()


def test_sarif_paths_outside_the_working_directory_and_stdin_still_validate(tmp_path):
    from jsonschema import Draft4Validator

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    outside = _finding(path=str(tmp_path / "dir with space" / "x.md"))
    stdin = _finding(path="<stdin>")
    doc = json.loads(render("sarif", {outside.path: [outside], "<stdin>": [stdin]}))
    assert not list(Draft4Validator(schema).iter_errors(doc))
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in doc["runs"][0]["results"]]
    assert uris[0]["uri"].startswith("file:///") and "dir%20with%20space" in uris[0]["uri"]
    assert "uriBaseId" not in uris[0] and uris[1]["uriBaseId"] == "SRCROOT"


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_every_format_reads_a_record_from_stdin(fmt):
    text = (REPO / "seeds" / "PMC6676106__CAS-110-2421-g006.md").read_text(encoding="utf-8")
    res = cli("check", "--isolated", "--exit-zero", "--select", "OR001", "--format", fmt,
              "--stdin-filename", "_figures/PMC6676106__CAS-110-2421-g006.md", "-", input=text)
    assert res.returncode == 0, res.stderr
    shown = res.stdout.replace("\\_", "_")  # Markdown escapes underscores
    assert "_figures/PMC6676106__CAS-110-2421-g006.md" in shown


def _apply_sarif_fixes(text: str, result: dict) -> str:
    (fix,) = result["fixes"]
    (change,) = fix["artifactChanges"]
    for rep in sorted(change["replacements"], key=lambda r: -r["deletedRegion"]["charOffset"]):
        start = rep["deletedRegion"]["charOffset"]
        text = text[:start] + rep["insertedContent"]["text"] + text[start + rep["deletedRegion"]["charLength"]:]
    return text


def test_sarif_fixes_rewrite_the_file_as_fix_does(tmp_path):
    # SARIF consumers apply `fixes` themselves: the replacements, applied to
    # the file on disk, must give what `pfocr-lint --fix` writes
    src = (REPO / "seeds" / "PMC6676106__CAS-110-2421-g006.md").read_text(encoding="utf-8")
    rec = tmp_path / "PMC6676106__CAS-110-2421-g006.md"
    rec.write_text(src, encoding="utf-8")
    res = cli("check", "--isolated", "--exit-zero", "--select", "OR001", "--format", "sarif", str(rec))
    (result,) = json.loads(res.stdout)["runs"][0]["results"]
    assert "safe: applied by --fix" in result["fixes"][0]["description"]["text"]
    patched = _apply_sarif_fixes(src, result)
    fixed = cli("check", "--isolated", "--exit-zero", "--select", "OR001", "--fix", str(rec))
    assert fixed.returncode == 0, fixed.stderr
    assert patched == rec.read_text(encoding="utf-8") != src


def test_sarif_leaves_fixes_out_where_offsets_would_not_hold(tmp_path):
    src = (REPO / "seeds" / "PMC6676106__CAS-110-2421-g006.md").read_bytes()
    rec = tmp_path / "PMC6676106__CAS-110-2421-g006.md"
    rec.write_bytes(src.replace(b"\n", b"\r\n"))   # CRLF: offsets of the LF text are off
    res = cli("check", "--isolated", "--exit-zero", "--select", "OR001", "--format", "sarif", str(rec))
    (result,) = json.loads(res.stdout)["runs"][0]["results"]
    assert "fixes" not in result and result["properties"]["fix"]["safety"] == "safe"


def test_junit_suite_names_stay_unique_when_repository_checks_report_late(tmp_path):
    # RP001 reports both records with one figid at the end of the run, after
    # their own suites: the late suites must not repeat the names
    figures = tmp_path / "_figures"
    figures.mkdir()
    src = (REPO / "seeds" / "PMC6676106__CAS-110-2421-g006.md").read_text(encoding="utf-8")
    (figures / "PMC6676106__CAS-110-2421-g006.md").write_text(src, encoding="utf-8")
    (figures / "copy.md").write_text(src, encoding="utf-8")
    res = cli("check", "--isolated", "--exit-zero", "--select", "RP001,OR001", "--format", "junit", str(figures))
    root = ET.fromstring(res.stdout)
    names = [s.get("name") for s in root.findall("testsuite")]
    assert len(names) == len(set(names)) == 4, names
    late = [s for s in root.findall("testsuite") if s.get("name").endswith("(repository checks)")]
    assert len(late) == 2 and all("RP001" in s.find("testcase").get("name") for s in late)
