"""The curator's report: one self-contained HTML file.

The page is rendered by Jinja2 (autoescape on) from ``templates/report.html.j2``
with inline CSS and JS (``report.css``/``report.js``) and no network access
(a Content-Security-Policy with a per-report nonce forbids everything else).
The findings travel as JSON in a ``<script type="application/json">`` block
(Jinja's ``tojson`` escapes ``<``, ``>``, ``&`` and ``'``, so a caption holding
``</script>`` stays inside it) and the table is drawn by JS with
``textContent`` only, 200 rows a page, so 100,000 findings stay responsive.

Beside every gene, chemical and disease finding the page shows the caption
around the word the finding is about, highlighted (the span is found here, in
Python; the page only cuts the caption there). The figure's image is linked
from PMC and loaded only when the curator asks for it (the CSP allows images
from PMC, and no <img> exists before the click), so the report stays
self-contained until then.

Record metadata (title, caption, PMC link, figure file name) for the
per-record view comes from the run (``record(meta)``, gathered while the
record was parsed): the reporter never opens a record. A finding in a
companion table is grouped under the record it was linted with; one the run
reports on its own (an orphan table) under the record its name points to
(``companions.record_for_table``).
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timezone
from pathlib import Path

from pfocr_lint.companions import record_for_table
from pfocr_lint.reporters._common import (SEVERITIES, not_reported, relative_posix, rule_doc, rule_for,
                                         rule_map)
from pfocr_lint.reporters.base import Reporter

HERE = Path(__file__).parent / "templates"
PAGE_SIZE = 200
CAPTION_LIMIT = 4000
_PMCID = re.compile(r"^PMC\d{1,10}$")
_FIGLINK = re.compile(r"^/pmc/articles/(PMC\d{1,10})/figure/[A-Za-z0-9._-]{1,64}/?$")
_SEV_INDEX = {s: i for i, s in enumerate(SEVERITIES)}


def _text(value, limit: int = 500):
    if value is None or isinstance(value, (dict, list)):
        return None
    try:
        text = str(value).strip()
    except ValueError:  # an int past Python's 4,300-digit limit (0x then 5,000 f's)
        return None
    return text[:limit] + ("\u2026" if len(text) > limit else "") if text else None


def pmc_url(pmcid, figlink=None):
    """The figure's page on PMC, built only from a well-formed PMC id (never
    from free text, so a record cannot smuggle a ``javascript:`` link)."""
    if isinstance(figlink, str):
        m = _FIGLINK.match(figlink.strip())
        if m and (not isinstance(pmcid, str) or m.group(1) == pmcid.strip()):
            return "https://www.ncbi.nlm.nih.gov" + figlink.strip()
    if isinstance(pmcid, str) and _PMCID.match(pmcid.strip()):
        return f"https://www.ncbi.nlm.nih.gov/pmc/articles/{pmcid.strip()}/"
    return None


_IMAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.(?:jpe?g|png|gif)$", re.I)


def image_url(pmcid, filename):
    """The figure's image on PMC, from a checked PMC id and file name only.
    The page loads it when the curator clicks, never before."""
    if (isinstance(pmcid, str) and _PMCID.match(pmcid.strip()) and isinstance(filename, str)
            and _IMAGE_NAME.match(filename.strip())):
        return f"https://www.ncbi.nlm.nih.gov/pmc/articles/{pmcid.strip()}/bin/{filename.strip()}"
    return None


_ENTITY_FIELDS = ("genes", "chemicals", "diseases", "schema-jsonld", "keywords")
_ENTITY_TABLE = re.compile(r"-(?:genes|chemicals|diseases)\.tsv$")
_QUOTED = re.compile(r"'([^'\n]{1,80})'")


def entity_finding(f) -> bool:
    """A finding about a gene, chemical or disease (a row, a keyword, a table)."""
    if _ENTITY_TABLE.search(f.path.replace("\\", "/")):
        return True
    root = (f.field or "").split(".", 1)[0].split("[", 1)[0]
    return root in _ENTITY_FIELDS


def caption_terms(f) -> list:
    """The words a finding is about, most specific first: the quoted words of
    its message (the word as the figure prints it, e.g. 'EMT'), then its value."""
    terms = _QUOTED.findall(f.message or "")
    if isinstance(f.value, str):
        terms.append(f.value)
    seen, out = set(), []
    for t in terms:
        t = t.strip()
        if len(t) >= 2 and t.lower() not in seen:
            seen.add(t.lower())
            out.append(t)
    return out


def find_in_caption(caption: str, terms: list):
    """(start, end) of the first term found in the caption as a whole word, any case; or None."""
    for t in terms:
        m = re.search(r"(?<![A-Za-z0-9])" + re.escape(t) + r"(?![A-Za-z0-9])", caption, re.I)
        if m:
            return m.start(), m.end()
    return None


def record_path_for(path: str) -> str:
    """The record a finding belongs to when the run did not say: a companion
    table maps to its record by name."""
    return record_for_table(path) or path


def show_meta(meta) -> dict:
    """Title, caption and PMC link of a record, as the page shows them ({} if unknown)."""
    if meta is None:
        return {}
    out = {
        "title": _text(meta.title),
        "caption": _text(meta.caption, CAPTION_LIMIT),
        "figid": _text(meta.figid, 200),
        "pmcid": _text(meta.pmcid, 40),
        "paper": _text(meta.paper, 500),
        "url": pmc_url(meta.pmcid, meta.figlink),
        "image": image_url(meta.pmcid, getattr(meta, "filename", None)),
    }
    if out["url"] is None and isinstance(meta.figid, str):
        out["url"] = pmc_url(meta.figid.split("__", 1)[0])
    return {k: v for k, v in out.items() if v is not None}


_LIST_OR_CODE = re.compile(r"^\s*(?:[-*] |\d+[.)] |```)|^\s{4}")


def unwrap(text: str) -> str:
    """Join a docstring's hard-wrapped lines so the browser can flow them;
    lists and code blocks keep their line breaks."""
    paragraphs = []
    for para in re.split(r"\n\s*\n", text or ""):
        lines = para.splitlines()
        if any(_LIST_OR_CODE.match(ln) for ln in lines):
            paragraphs.append(para)
        else:
            paragraphs.append(" ".join(ln.strip() for ln in lines))
    return "\n\n".join(paragraphs)


def _asset(name: str) -> str:
    text = (HERE / name).read_text(encoding="utf-8")
    # the assets go inside <style>/<script>: they must not close them early
    assert "</" + ("script" if name.endswith(".js") else "style") not in text.lower(), name
    return text


class HtmlReporter(Reporter):
    needs_all = True
    wants_clean_files = True
    wants_records = True

    def start(self) -> None:
        self._findings: list = []
        self._meta: dict = {}        # record path -> what the page shows of it
        self._record_of: dict = {}   # finding path -> its record's path
        self._current = None

    def record(self, meta) -> None:
        self._current = meta

    def add(self, path: str, findings: list) -> None:
        meta, self._current = self._current, None
        if meta is not None and meta.path == path:
            self._meta.setdefault(path, show_meta(meta))
            for f in findings:
                self._record_of.setdefault(f.path, path)
        self._findings.extend(findings)

    def build_data(self, summary) -> dict:
        """Everything the page's JS needs, in a compact columnar form."""
        known = rule_map(self.run)
        rules, rule_index = [], {}
        files, file_index = [], {}
        records, record_index, file_record = [], {}, []
        rows = []
        spans: dict = {}     # (record, terms) -> caption span: the same word recurs in a record
        for f in self._findings:
            ri = rule_index.get(f.code)
            if ri is None:
                cls = rule_for(f.code, known)
                doc = rule_doc(cls) if cls is not None else {
                    "code": f.code, "name": f.name, "severity": str(f.severity), "summary": f.name}
                for key in ("summary", "why", "cause", "action", "fix"):
                    if doc.get(key):
                        doc[key] = unwrap(doc[key])
                ri = rule_index[f.code] = len(rules)
                rules.append(doc)
            fi = file_index.get(f.path)
            if fi is None:
                fi = file_index[f.path] = len(files)
                files.append(relative_posix(f.path))
                rec_path = self._record_of.get(f.path) or record_path_for(f.path)
                rec = record_index.get(rec_path)
                if rec is None:
                    rec = record_index[rec_path] = len(records)
                    records.append({"path": relative_posix(rec_path), **self._meta.get(rec_path, {})})
                file_record.append(rec)
            # [start, end] of the word in the caption; 1: an entity finding whose
            # word the caption lacks (the page still links the figure); 0: neither
            span = 0
            if entity_finding(f):
                span = 1
                caption = records[file_record[fi]].get("caption")
                if caption:
                    terms = tuple(caption_terms(f))
                    key = (file_record[fi], terms)
                    if key not in spans:
                        spans[key] = find_in_caption(caption, list(terms))
                    span = list(spans[key]) if spans[key] else 1
            rows.append([fi, f.line, f.column, ri, _SEV_INDEX.get(str(f.severity), 1),
                         f.field or "", f.value if f.value is not None else "", f.message,
                         f.suggestion or "", span])
        counts: dict = {}
        for r in rows:
            counts[r[3]] = counts.get(r[3], 0) + 1
        for i, rule in enumerate(rules):
            rule["count"] = counts.get(i, 0)
        return {
            "rules": rules, "files": files, "fileRecord": file_record, "records": records,
            "findings": rows, "severities": list(SEVERITIES), "pageSize": PAGE_SIZE,
            "summary": summary.as_dict(),
        }

    def finish(self, summary) -> None:
        from jinja2 import Environment, FileSystemLoader

        env = Environment(loader=FileSystemLoader(str(HERE)), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True)
        data = self.build_data(summary)
        chart = sorted(data["rules"], key=lambda r: (-r["count"], r["code"]))
        page = env.get_template("report.html.j2").render(
            run=self.run, summary=summary.as_dict(), data=data, chart=chart,
            chart_max=max([r["count"] for r in chart] or [1]),
            generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            nonce=secrets.token_urlsafe(16), css=_asset("report.css"), js=_asset("report.js"),
            severities=SEVERITIES, not_reported=not_reported(summary, self.run.report_level)[2:],
        )
        self.out.write(page)
