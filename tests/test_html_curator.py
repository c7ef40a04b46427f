"""The HTML report as a curator's work page (issue 15), in headless Chromium:
the caption around a gene/chemical/disease finding's word, the figure's PMC
link, the figure image loaded only on click, errors first when sorting by
severity, the filters in the page URL, and one debounce timer per filter box.

PMC itself is never reached: the browser's requests to www.ncbi.nlm.nih.gov
are answered by the test with a small PNG, and every request is recorded.
Screenshots of both views are written to tmp_path (and to
$PFOCR_SCREENSHOT_DIR when set, for looking at them).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from pfocr_lint.findings import Finding, Severity
from pfocr_lint.reporters.html import caption_terms, entity_finding, find_in_caption, image_url
from tests.helpers import SEEDS
from tests.test_html_browser import CHROMIUM, browser, open_report  # noqa: F401  (browser: a fixture)

GAS_SEED = "PMC7321691__OTT-13-6037-g0001.md"
GAS_IMAGE = "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7321691/bin/OTT-13-6037-g0001.jpg"


def png(width: int = 480, height: int = 300) -> bytes:
    """A small real PNG (a pathway-ish pattern) to stand in for the figure."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            box = (x // 60 + y // 50) % 2
            row += bytes((235, 245, 255) if box else (70 + x % 120, 130, 200 - y % 90))
        rows.append(bytes(row))
    chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data
                                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


# -- the Python side: which word, where in the caption, which image ---------------------

def _f(message, value=None, field="genes[3]", path="_figures/PMC1__a.md"):
    return Finding(path, 3, 1, "AB001", "x", Severity.WARNING, message, field=field, value=value)


def test_the_word_a_finding_is_about_and_where_the_caption_has_it():
    f = _f("GAST (gastrin) was mapped from 'GAS' through its previous symbol GAS", value="GAST")
    assert caption_terms(f) == ["GAS", "GAST"]
    caption = "STAT1 binds the interferon-gamma-activated sequence (GAS) of GASTRIN-like genes"
    start, end = find_in_caption(caption, caption_terms(f))
    assert caption[start:end] == "GAS" and caption[start - 1] == "("        # a whole word, not GASTRIN
    assert find_in_caption("no such word here", ["GAS"]) is None
    assert entity_finding(f) and entity_finding(_f("x", field="schema-jsonld.keywords[2]"))
    assert entity_finding(_f("x", field=None, path="_data/PMC1__a-chemicals.tsv"))
    assert not entity_finding(_f("x", field="organisms")) and not entity_finding(_f("x", field="figlink"))


def test_the_image_url_is_built_from_checked_parts_only():
    assert image_url("PMC7321691", "OTT-13-6037-g0001.jpg") == GAS_IMAGE
    for pmcid, name in (("PMC1", "javascript:alert(1).jpg"), ("PMC1", "../x.jpg"), ("PMC1", "a.svg"),
                        ("x PMC1", "a.jpg"), ("PMC1", "a b.jpg"), (None, "a.jpg"), ("PMC1", ["a.jpg"])):
        assert image_url(pmcid, name) is None, (pmcid, name)


# -- in the browser ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("curator")
    shutil.copytree(SEEDS, root / "seeds")
    res = subprocess.run([sys.executable, "-m", "pfocr_lint", "check", "--isolated", "--exit-zero", "-j", "1",
                          "--format", "html=report.html", "--format", "json=report.json", "seeds"],
                         cwd=root, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    return root / "report.html", json.loads((root / "report.json").read_text(encoding="utf-8"))


def serve_pmc(page, seen: list):
    body = png()

    def answer(route):
        seen.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=body)

    page.route("https://www.ncbi.nlm.nih.gov/**", answer)


def shoot(page, tmp_path, name: str) -> Path:
    out = tmp_path / name
    page.screenshot(path=str(out), full_page=False)
    assert out.stat().st_size > 10_000
    target = os.environ.get("PFOCR_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(out, Path(target) / name)
    return out


def test_caption_beside_gene_findings_and_the_figure_on_demand(browser, report, tmp_path):
    path, doc = report
    page, problems, requests = open_report(browser, path)
    pmc: list = []
    serve_pmc(page, pmc)

    # the table: AB001 on GAS shows the caption around 'GAS', highlighted, and the PMC link
    page.select_option("#f-rule", "AB001")
    page.fill("#f-file", "PMC7321691")
    page.fill("#f-text", "from 'GAS'")
    page.wait_for_selector("#status:has-text('1 of')")
    row = page.locator("#rows tr.finding").first
    ctx = row.locator("td.message .context")
    assert ctx.locator("mark").text_content() == "GAS"
    assert "interferon-gamma-activated sequence" in ctx.text_content()
    assert ctx.locator("a").get_attribute("href") == "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7321691/"
    assert page.locator("img").count() == 0 and requests == [] and pmc == []     # nothing loaded yet

    # every gene/chemical/disease finding whose word the caption has gets the context; others none
    page.click("#f-reset")
    rows = page.eval_on_selector_all(
        "#rows tr.finding", "trs => trs.map(t => [t.querySelector('td.field').textContent, "
        "t.querySelector('.context mark') ? t.querySelector('.context mark').textContent : null])")
    with_ctx = [(field, mark) for field, mark in rows if mark]
    assert len(with_ctx) >= 5
    assert all(field.split(".")[0].split("[")[0] in ("genes", "schema-jsonld", "chemicals", "diseases", "keywords")
               or field == "" for field, _ in with_ctx)
    assert not [1 for field, mark in rows if mark and field in ("organisms", "figlink", "doi")]
    # a gene finding whose word the caption lacks still links the figure; others have no context line
    page.select_option("#f-rule", "MP001")
    page.wait_for_selector("#status:has-text('match')")
    ctx = page.locator("#rows tr.finding").first.locator(".context")
    assert ctx.text_content().startswith("Not in the caption.") and ctx.locator("a").count() == 1
    page.select_option("#f-rule", "ID003")
    page.wait_for_selector("#status:has-text('match')")
    assert page.locator("#rows tr.finding .context").count() == 0
    page.click("#f-reset")

    # the figure: loaded from PMC on the click, shown, and hidden again on the next
    page.fill("#f-file", "PMC7321691")
    page.select_option("#f-rule", "AB001")
    page.fill("#f-text", "from 'GAS'")
    page.wait_for_selector("#status:has-text('1 of')")
    page.wait_for_timeout(400)           # both boxes' debounce timers have fired: no re-render to come
    page.locator("#rows tr.finding").first.locator("button.show-figure").click()
    img = page.locator("#rows tr.figure-row .figure img").first
    img.wait_for(state="visible")
    assert img.get_attribute("src") == GAS_IMAGE
    assert pmc == [GAS_IMAGE]
    # (the page's CSP forbids eval, so no wait_for_function: poll the loaded size)
    for _ in range(50):
        if page.evaluate("document.querySelector('.figure img').naturalWidth") == 480:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("document.querySelector('.figure img').naturalWidth") == 480   # CSP let PMC's image in
    page.locator("#rows tr.finding").first.evaluate("e => e.scrollIntoView()")
    shoot(page, tmp_path, "report-table.png")
    # hidden again on the next click, and not asked for again
    page.locator("#rows tr.finding").first.locator("button.show-figure").click()
    assert not page.locator("#rows tr.figure-row").first.is_visible() and pmc == [GAS_IMAGE]

    # the by-record view: the same context under the finding, and the figure on demand
    page.click("#tab-records")
    card = page.locator("article.record").first
    li = card.locator("li").first
    assert li.locator(".context mark").text_content() == "GAS"
    card.locator("button.show-figure").click()
    card.locator(".figure img").wait_for(state="visible")
    assert card.locator(".figure img").get_attribute("src") == GAS_IMAGE
    for _ in range(50):
        if page.evaluate("document.querySelector('article.record .figure img').naturalWidth") == 480:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("document.querySelector('article.record .figure img').naturalWidth") == 480
    card.evaluate("e => e.scrollIntoView()")
    shoot(page, tmp_path, "report-records.png")
    # the whole record: every gene finding with its word in the caption
    page.select_option("#f-rule", "")
    page.fill("#f-text", "")
    page.wait_for_timeout(400)
    page.locator("article.record").first.evaluate("e => e.scrollIntoView()")
    assert page.locator("article.record li .context mark").count() >= 3
    shoot(page, tmp_path, "report-records-all.png")
    page.click("#tab-table")
    page.click("th[data-key='severity'] button")
    page.locator("#rows").evaluate("e => e.scrollIntoView()")
    shoot(page, tmp_path, "report-table-all.png")
    assert problems == [] and set(pmc) == {GAS_IMAGE}
    assert [u for u in requests if not u.startswith("https://www.ncbi.nlm.nih.gov/")] == []
    page.close()


def test_sorting_by_severity_puts_errors_first(browser, report):
    path, doc = report
    page, problems, _ = open_report(browser, path)
    page.click("th[data-key='severity'] button")
    sevs = page.eval_on_selector_all("#rows tr.finding td.severity .badge", "els => els.map(e => e.textContent)")
    order = {"error": 0, "warning": 1, "info": 2}
    assert sevs[0] == "error" and [order[s] for s in sevs] == sorted(order[s] for s in sevs)
    assert page.get_attribute("th[data-key='severity']", "aria-sort") == "ascending"
    page.click("th[data-key='severity'] button")
    sevs = page.eval_on_selector_all("#rows tr.finding td.severity .badge", "els => els.map(e => e.textContent)")
    assert sevs[0] == "info"
    assert problems == []
    page.close()


def test_the_filters_live_in_the_url(browser, report):
    path, doc = report
    page, problems, _ = open_report(browser, path)
    page.select_option("#f-rule", "HG001")
    page.fill("#f-text", "CYR61")
    page.wait_for_selector("#status:has-text('match')")
    page.click("th[data-key='line'] button")
    page.click("#tab-records")
    url = page.url
    assert "#" in url
    frag = url.split("#", 1)[1]
    assert set(frag.split("&")) == {"rule=HG001", "q=CYR61", "view=records", "sort=line"}
    status = page.text_content("#status")
    page.close()

    # the shared address opens the same view (a fresh page, as a colleague would open it)
    page, problems = open_url(browser, url)
    assert page.input_value("#f-rule") == "HG001" and page.input_value("#f-text") == "CYR61"
    assert page.get_attribute("#tab-records", "aria-selected") == "true"
    assert page.is_visible("#view-records") and not page.is_visible("#view-table")
    assert page.text_content("#status") == status
    n = sum(1 for f in doc["findings"] if f["code"] == "HG001" and "cyr61" in
            "\n".join(str(f.get(k) or "") for k in ("field", "value", "message", "suggestion")).lower())
    assert status == f"{n} of {doc['summary']['findings']} findings match"
    assert problems == []
    page.close()
    # a hand-edited address with nonsense in it falls back to the defaults
    page, problems = open_url(browser, path.as_uri() + "#rule=NOPE&sev=fatal&view=x&page=abc&sort=-bo'gus")
    assert page.text_content("#status") == f"{doc['summary']['findings']} findings"
    assert page.get_attribute("#tab-table", "aria-selected") == "true"
    assert problems == []
    page.close()
    # and the address follows the back/forward of hash edits in the same page
    page, problems = open_url(browser, path.as_uri())
    page.evaluate("location.hash = '#sev=error'")
    page.wait_for_selector("#status:has-text('match')")
    assert page.input_value("#f-sev") == "error"
    assert problems == []
    page.close()


def open_url(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    return page, problems


def test_typing_in_one_filter_never_loses_the_other(browser, report):
    path, doc = report
    page, problems, _ = open_report(browser, path)
    # both boxes within one debounce interval: with a shared timer the first was lost
    page.fill("#f-file", "PMC7321691")
    page.fill("#f-text", "GAS")
    page.wait_for_selector("#status:has-text('match')")
    page.wait_for_timeout(400)
    n = sum(1 for f in doc["findings"] if "pmc7321691" in f["path"].lower() and "gas" in
            "\n".join(str(f.get(k) or "") for k in ("field", "value", "message", "suggestion")).lower())
    assert 0 < n < doc["summary"]["findings"]
    assert page.text_content("#status") == f"{n} of {doc['summary']['findings']} findings match"
    assert problems == []
    page.close()
