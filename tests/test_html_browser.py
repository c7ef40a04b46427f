"""The curator's HTML report in a real headless browser: Debian's chromium
driven by Playwright (no browser download: executable_path=/usr/bin/chromium).

Skipped only when chromium (or the playwright package) is absent; the
README's test command (scripts/test.sh) installs chromium when it can.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pfocr_lint import registry
from pfocr_lint.engine import Summary
from pfocr_lint.findings import Finding, Severity
from pfocr_lint.reporters.base import RunInfo
from pfocr_lint.reporters.html import HtmlReporter
from tests.helpers import FIXTURES, REPO, SEEDS
from tests.test_reporters import HOSTILE, hostile_record

CHROMIUM = next((p for p in (os.environ.get("PFOCR_CHROMIUM"), "/usr/bin/chromium",
                             shutil.which("chromium"), shutil.which("chromium-browser")) if p and Path(p).exists()),
                None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-extensions", "--no-first-run", "--disable-sync", "--disable-component-update"]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def open_report(browser, path: Path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems, requests = [], []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("request", lambda r: not r.url.startswith("file://") and requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    return page, problems, requests


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """Seeds + corpus fixtures + one hostile record, linted once into HTML and JSON."""
    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(FIXTURES / "corpus", root / "corpus")
    shutil.copytree(SEEDS, root / "seeds")
    hostile_record(root / "hostile")
    res = subprocess.run([sys.executable, "-m", "pfocr_lint", "check", "--isolated", "--exit-zero", "-j", "1",
                          "--format", "html=report.html", "--format", "json=report.json",
                          "corpus", "seeds", "hostile"], cwd=root, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    return root / "report.html", json.loads((root / "report.json").read_text(encoding="utf-8"))


def visible_codes(page) -> list:
    return page.eval_on_selector_all("#rows tr.finding td.rule code", "els => els.map(e => e.textContent)")


def test_counts_filter_sort_and_inert_hostile_text(browser, report, tmp_path):
    path, doc = report
    s = doc["summary"]
    page, problems, requests = open_report(browser, path)

    # the counts at the top are the run's
    assert page.text_content("#files-checked") == str(s["files_checked"])
    assert page.text_content("#count-total") == str(s["findings"])
    for sev, n in s["by_severity"].items():
        assert page.text_content(f"#count-{sev}") == str(n)
    assert page.text_content("#status") == f"{s['findings']} findings"
    assert len(visible_codes(page)) == min(200, s["findings"])
    assert page.locator(".bar-row").count() == len(s["by_code"])

    # filter by the most frequent rule: only its rows remain, and all of them
    code, n = max(s["by_code"].items(), key=lambda kv: (kv[1], kv[0]))
    page.select_option("#f-rule", code)
    assert page.text_content("#status") == f"{n} of {s['findings']} findings match"
    assert set(visible_codes(page)) == {code}
    assert len(visible_codes(page)) == min(200, n)

    # sort by line: ascending, then descending on a second click
    page.click("th[data-key='line'] button")
    lines = [int(t.split(":")[0]) for t in page.eval_on_selector_all(
        "#rows tr.finding td.line", "els => els.map(e => e.textContent)")]
    assert lines == sorted(lines) and page.get_attribute("th[data-key='line']", "aria-sort") == "ascending"
    page.click("th[data-key='line'] button")
    lines = [int(t.split(":")[0]) for t in page.eval_on_selector_all(
        "#rows tr.finding td.line", "els => els.map(e => e.textContent)")]
    assert lines == sorted(lines, reverse=True)

    # sort by rule over all findings
    page.click("#f-reset")
    page.click("th[data-key='rule'] button")
    codes = visible_codes(page)
    assert codes == sorted(codes) and len(codes) == min(200, s["findings"])

    # the rule's explanation opens under a row
    page.click("#rows tr.finding button.why")
    assert "Curation action" in page.text_content("#rows tr.detail")

    # a bar in the chart filters by its rule
    page.click(f".bar-row[data-rule='{code}']")
    assert page.input_value("#f-rule") == code and set(visible_codes(page)) == {code}

    # the hostile record: its caption and title are shown as text and never ran
    page.click("#f-reset")
    page.fill("#f-file", "hostile")
    # (the page's CSP forbids eval, so wait with a selector, not wait_for_function)
    page.wait_for_selector("#status:has-text('match')")
    page.click("#tab-records")
    card = page.locator("article.record").first
    assert card.locator("h3").text_content() == "<b>bold</b><script>window.__pwned=3</script>"
    card.locator("details summary").first.click()
    assert card.locator("p.caption").text_content() == HOSTILE.strip()
    link = card.locator("a")
    assert link.get_attribute("href") == "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC11987792/"
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img").count() == 0 and page.locator("b").count() == 0

    page.click("#tab-table")
    page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
    assert (tmp_path / "report.png").stat().st_size > 10_000
    assert problems == [] and requests == []
    page.close()


def test_one_hundred_thousand_findings_stay_responsive(browser, tmp_path):
    rules = registry.select(None, None)
    codes = [(c.code, c.name, c.severity) for c in rules if c.scope != "input"][:12]
    run = RunInfo(version="0", rules=rules)
    buf = io.StringIO()
    rep = HtmlReporter(buf, run)
    summary = Summary(files_checked=5000)
    rep.start()
    t0 = time.perf_counter()
    for fi in range(5000):
        findings = []
        for k in range(20):
            code, name, sev = codes[(fi + k) % len(codes)]
            findings.append(Finding(f"_figures/PMC{fi}__fig.md", k + 5, 1, code, name, Severity(sev),
                                    f"finding {k} of record {fi}: value 'X{k}' is odd", field=f"genes[{k}]",
                                    value=f"X{k}", suggestion="Check the figure."))
        summary.add(findings)
        summary.files_with_findings += 1
        rep.add(findings[0].path, findings)
    rep.finish(summary)
    build = time.perf_counter() - t0
    path = tmp_path / "big.html"
    path.write_text(buf.getvalue(), encoding="utf-8")
    assert build < 20, f"building the report took {build:.1f}s"

    t0 = time.perf_counter()
    page, problems, _ = open_report(browser, path)
    load = time.perf_counter() - t0
    assert load < 20, f"the page took {load:.1f}s to become usable"
    assert page.text_content("#count-total") == "100000"
    assert page.locator("#rows tr.finding").count() == 200  # one page in the DOM, not 100,000 rows

    def timed(action) -> float:
        t = time.perf_counter()
        action()
        page.evaluate("1")  # wait until the page has handled the event
        return time.perf_counter() - t

    assert timed(lambda: page.click("th[data-key='message'] button")) < 5
    assert timed(lambda: page.select_option("#f-rule", codes[3][0])) < 5
    assert page.text_content("#status").startswith(f"{summary.by_code[codes[3][0]]} of 100000")
    assert timed(lambda: page.click("#p-last")) < 5
    assert timed(lambda: page.click("#tab-records")) < 5
    assert page.locator("article.record").count() == 25
    assert problems == []
    page.close()
