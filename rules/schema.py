"""JSON Schema conformance (``schemas/figure.schema.json``): codes SC001-SC005.

Each record is validated ONCE and the result is shared by the five rules via
``record.cache``. The fast path is the Rust validator (``jsonschema_rs``),
built once per process; only a record it rejects goes through Python
``jsonschema`` (imported lazily, built once) whose error objects say where and
why, and each error is turned into a plain-words problem of one kind:

    SC001 missing required field   SC002 wrong type   SC003 bad value/format
    SC004 number out of range      SC005 unknown field (with "did you mean")
"""

from __future__ import annotations

import difflib
import re
from typing import Any, NamedTuple, Optional

from pfocr_lint.findings import Severity, format_field
from pfocr_lint.rule import Rule

_CACHE_KEY = "schema.problems"
_SENTENCE_END = re.compile(r"(?<!e\.g)(?<!i\.e)\.\s+(?=[A-Z`])")

# Plain words for every pattern in the schema, keyed by the pattern text, so a
# curator never reads a raw regex. tests/test_schema.py checks that each
# pattern of the schema has an entry here.
# "not whitespace" as the schema spells it: \S minus the characters on which
# Python's re and the ECMA/Rust engines disagree, so both validators agree
_NOSPACE = "[^\\s\u001c-\u001f\u0085\ufeff]"
PATTERN_WORDS = {
    "^PMC[0-9]+__.+": "'PMC', the paper's digits, two underscores, then the image name "
                    "(e.g. PMC6676106__CAS-110-2421-g006)",
    "^PMC[0-9]+$": "'PMC' followed by digits only (e.g. PMC6676106)",
    "^[^/\\\\]+\\.[A-Za-z0-9]+$": "an image file name with an extension and no folder "
                                  "(e.g. CAS-110-2421-g006.jpg)",
    "^/?pmc/articles/PMC[0-9]+/figure/[^/]+/?$": "a PMC figure path /pmc/articles/<pmcid>/figure/<label>/",
    "^([0-9]{4})?$": "a four-digit year such as '2019', or '' when unknown",
    "^(10\\.[0-9]{4,9}/" + _NOSPACE + "+|\\.na\\.character)$": "a bare DOI 10.<registrant>/<suffix> without "
                                                "'doi:' or URL prefix and without spaces "
                                                "(e.g. 10.3390/cancers17071167), or .na.character",
    "^[0-9]+$": "digits only, written in quotes (e.g. '4790')",
    "^PMC[0-9]+__" + _NOSPACE + "+$": "<pmcid>__<figure number> without spaces (e.g. PMC6676106__F6)",
    "^/figures/PMC[0-9]+__" + _NOSPACE + "+$": "/figures/<figid_alias> (e.g. /figures/PMC6676106__F6)",
    "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})?$":
        "an NDEx network UUID (8-4-4-4-12 hex digits), or '' when there is none",
    "^https?://schema\\.org/?$": "the schema.org context https://schema.org/",
    "^https://pfocr\\.wikipathways\\.org/figures/PMC[0-9]+__.+\\.html$":
        "the figure's page URL https://pfocr.wikipathways.org/figures/<figid>.html",
    "^[CD][0-9]{6,9}$": "a MeSH identifier: D or C followed by 6 to 9 digits (e.g. D015464)",
}

_TYPE_WORDS = {
    "string": "text", "array": "a list", "object": "a mapping of fields",
    "number": "a number", "integer": "a whole number", "boolean": "true or false",
    "null": "null",
}
_KIND_OF = {
    "required": "required", "dependentRequired": "required",
    "type": "type",
    "additionalProperties": "unknown", "unevaluatedProperties": "unknown",
    "minimum": "range", "maximum": "range", "exclusiveMinimum": "range",
    "exclusiveMaximum": "range", "multipleOf": "range",
    "minItems": "range", "maxItems": "range",
}  # everything else (pattern, const, enum, format, lengths, ...) is "format"


class Problem(NamedTuple):
    kind: str            # required | type | format | range | unknown
    parts: tuple         # field path of the offending (or missing) value
    message: str
    suggestion: str
    value: Any = None
    guess: Optional[str] = None   # unknown field: the known field it resembles


# -- validators, built once per process ---------------------------------------
_fast = None        # jsonschema_rs validator, False when unavailable
_slow = None        # jsonschema.Draft202012Validator


def _fast_validator():
    global _fast
    if _fast is None:
        try:
            import jsonschema_rs

            from pfocr_lint.schema_file import load_schema
            _fast = jsonschema_rs.validator_for(load_schema())
        except ImportError:  # the Python validator alone still gives right answers
            _fast = False
    return _fast


def _slow_validator():
    global _slow
    if _slow is None:
        from jsonschema import Draft202012Validator

        from pfocr_lint.schema_file import load_schema
        _slow = Draft202012Validator(load_schema())
    return _slow


def problems(record, ctx=None) -> list:
    """The schema problems of ``record`` (validated once, memoised on the record)."""
    cached = record.cache.get(_CACHE_KEY)
    if cached is not None:
        return cached
    data = record.data
    fast = None
    try:
        fast = _fast_validator()
        ok = fast.is_valid(data) if fast else False
    except Exception:  # e.g. a number beyond 64 bits: let the Python validator judge
        ok = False
    found: list = []
    if not ok:
        try:
            found = explain(data) or _unexplained(fast, data)
        except FileNotFoundError as exc:  # broken install: say so once, don't crash every file
            if ctx is not None:
                ctx.warn(f"schema rules skipped: {exc}")
    record.cache[_CACHE_KEY] = found
    return found


def explain(data) -> list:
    """Plain-words problems for a record the schema rejects (slow path)."""
    out: list = []
    seen: set = set()
    for err in sorted(_slow_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        for p in _translate(err):
            key = (p.kind, p.parts)
            if key not in seen:
                seen.add(key)
                out.append(p)
    # a value of the wrong type also fails its const/enum/pattern: report the type only
    typed = {p.parts for p in out if p.kind == "type"}
    out = [p for p in out if p.kind in ("type", "required", "unknown") or p.parts not in typed]
    # a missing field next to an unknown look-alike is one typo: say so in both
    typos = {p.parts[:-1] + (p.guess,): p.parts[-1] for p in out if p.kind == "unknown" and p.guess}
    return [p._replace(message=f"{p.message} (the record has '{typos[p.parts]}': a misspelling?)")
            if p.kind == "required" and p.parts in typos else p for p in out]


def _unexplained(fast, data) -> list:
    """Safety net: the fast validator rejected what the explainer accepts (the
    two regex engines disagree). Report the fast validator's own errors rather
    than silently passing the record; tests keep this path unused."""
    if not fast:
        return []
    out = []
    try:
        errors = list(fast.iter_errors(data))
    except Exception:  # the fast validator cannot read this value at all
        return []
    for err in errors:
        parts = tuple(err.instance_path)
        out.append(Problem("format", parts,
                           f"'{_field(parts)}' is {_show(err.instance)}, which the record format "
                           f"does not allow ({err.message})",
                           "See docs/schema.md for what the field holds.", err.instance))
    return out


# -- translating jsonschema errors -------------------------------------------
def _translate(err):
    path = tuple(err.absolute_path)
    kw = err.validator
    inst = err.instance
    schema = err.schema if isinstance(err.schema, dict) else {}
    if kw in ("anyOf", "oneOf") and err.context:
        from jsonschema.exceptions import best_match
        yield from _translate(best_match(err.context))
        return
    kind = _KIND_OF.get(kw, "format")
    if kw == "required" and isinstance(inst, dict):
        for key in err.validator_value:
            if key not in inst:
                yield _missing(path + (key,), schema, key)
    elif kw == "dependentRequired" and isinstance(inst, dict):
        # one finding per layout, not one per missing field: a stray field of
        # the other layout would otherwise flood the report
        done: set = set()
        for trigger, deps in err.validator_value.items():
            missing = [k for k in deps if k not in inst and k not in done]
            if trigger in inst and missing:
                done.update(missing)
                yield _layout_missing(path, schema, trigger, deps, missing)
    elif kw == "type":
        yield _wrong_type(path, inst, err.validator_value)
    elif kind == "unknown" and isinstance(inst, dict):
        known = list((schema.get("properties") or {}).keys())
        for key in inst:
            if key not in known:
                yield _unknown(path + (key,), key, known)
    elif kind == "range":
        yield _out_of_range(path, inst, kw, err.validator_value, schema)
    else:
        yield _bad_value(path, inst, kw, err.validator_value, schema)


def _field(parts) -> str:
    return format_field(parts) if parts else "the record"


def _show(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _describe(value) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if value is None:
        return "empty (null)"
    if isinstance(value, str):
        return f"the text {_show(value)}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "a mapping of fields"
    return _show(value)


def _first_sentence(text: str) -> str:
    text = " ".join((text or "").split())
    m = _SENTENCE_END.search(text)
    return text if m is None else text[:m.start() + 1]


def _missing(parts, schema, key) -> Problem:
    prop = (schema.get("properties") or {}).get(key) or {}
    what = _first_sentence(prop.get("description", ""))
    where = f" in {_field(parts[:-1])}" if len(parts) > 1 else ""
    message = f"required field '{key}' is missing{where}"
    suggestion = f"Add '{key}'" + (f" ({what})" if what else "") + "."
    return Problem("required", parts, message, suggestion)


def _layout_missing(path, schema, trigger, deps, missing) -> Problem:
    layout = "newer" if "automl_pathway" in deps or trigger == "automl_pathway" else "older"
    group = [trigger] + [d for d in deps if d != trigger]
    names = ", ".join(f"'{k}'" for k in missing)
    message = (f"{layout}-layout field{'s' if len(missing) > 1 else ''} {names} "
               f"{'are' if len(missing) > 1 else 'is'} missing although the record has "
               f"'{trigger}': {layout}-layout records have all of {', '.join(group)}")
    suggestion = (f"Add {names} from the pipeline output for this figure, or remove "
                  f"'{trigger}' if it does not belong to this record's layout.")
    return Problem("required", path + (missing[0],), message, suggestion)


def _wrong_type(parts, value, expected) -> Problem:
    types = [expected] if isinstance(expected, str) else list(expected)
    want = " or ".join(_TYPE_WORDS.get(t, t) for t in types)
    name = _field(parts)
    message = f"'{name}' is {_describe(value)}, expected {want}"
    key = parts[-1] if parts and isinstance(parts[-1], str) else name
    if "string" in types and isinstance(value, (int, float, bool)):
        raw = str(value).lower() if isinstance(value, bool) else str(value)
        suggestion = f"Quote the value so YAML reads it as text: {key}: '{raw}'."
    elif "string" in types and isinstance(value, list):
        suggestion = ("Write the items as ONE text joined with ' | ' (the paper's keywords; the "
                      "list of recognised entities belongs in schema-jsonld.keywords)."
                      if key == "keywords" else "Write a single text value, not a list.")
    elif "string" in types and value is None:
        suggestion = f"Write an empty value as '' ({key}: '') or fill it in."
    elif "array" in types:
        suggestion = "Write it as a list: one '- item' line per value below the key."
    elif "object" in types:
        suggestion = "Write it as a mapping: indented 'key: value' lines below it."
    elif "number" in types and isinstance(value, str):
        suggestion = "Write the number without quotes."
    else:
        suggestion = f"Change the value to {want}."
    return Problem("type", parts, message, suggestion, value)


def _unknown(parts, key, known) -> Problem:
    name = _field(parts)
    lower = {k.lower(): k for k in known}
    guess = lower.get(key.lower()) if isinstance(key, str) else None
    if guess is None:
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.75)
        guess = close[0] if close else None
    where = f" in {_field(parts[:-1])}" if len(parts) > 1 else ""
    if guess:
        message = f"unknown field '{key}'{where}; did you mean '{guess}'?"
        suggestion = f"Rename '{key}' to '{guess}' (merge the values if '{guess}' is also present)."
    else:
        message = f"unknown field '{key}'{where}: PFOCR records have no such field"
        suggestion = ("Remove it, or rename it to one of the fields the site reads: "
                      + ", ".join(known[:12]) + (", ..." if len(known) > 12 else "") + ".")
    return Problem("unknown", parts, message, suggestion, key, guess)


def _out_of_range(parts, value, kw, limit, schema) -> Problem:
    name = _field(parts)
    if kw in ("minItems", "maxItems"):
        message = f"'{name}' has {len(value) if isinstance(value, list) else '?'} items, " \
                  f"expected {'at least' if kw == 'minItems' else 'at most'} {limit}"
        return Problem("range", parts, message, "Add or remove items accordingly.", value)
    lo, hi = schema.get("minimum"), schema.get("maximum")
    bounds = f"from {lo} to {hi}" if lo is not None and hi is not None else (
        f"{'at least' if 'inimum' in kw else 'at most'} {limit}")
    message = f"'{name}' is {value}, outside the allowed range ({bounds})"
    suggestion = "Scores are probabilities from 0 to 1"
    if hi == 1 and isinstance(value, (int, float)) and 1 < value <= 100:
        suggestion += f"; {value} looks like a percentage: write {value / 100:g}"
    return Problem("range", parts, message, suggestion + ".", value)


def _bad_value(parts, value, kw, expected, schema) -> Problem:
    name = _field(parts)
    shown = _show(value)
    if kw == "pattern":
        words = PATTERN_WORDS.get(expected) or f"text matching the pattern {expected}"
        message = f"'{name}' is {shown}, expected {words}"
        examples = schema.get("examples")
        suggestion = f"Correct the value to {words}."
        if examples and "e.g." not in words:
            suggestion = f"Correct the value to {words}, e.g. {examples[0]!r}."
    elif kw == "const" and expected == "" and parts and parts[-1] == "identifier":
        message = (f"'{name}' is {shown} but the row's source is empty: an unmapped term "
                   "has no identifier")
        suggestion = "Set the row's source to MESH if the identifier is right, or empty the identifier."
    elif kw == "const":
        message = f"'{name}' is {shown}, expected exactly {expected!r}"
        suggestion = f"Write {expected!r}."
    elif kw == "enum":
        allowed = ", ".join(repr(e) for e in expected)
        message = f"'{name}' is {shown}, expected one of {allowed}"
        close = difflib.get_close_matches(str(value), [str(e) for e in expected], n=1, cutoff=0.6)
        suggestion = f"Did you mean {close[0]!r}?" if close else f"Use one of {allowed}."
    elif kw == "format":
        message = f"'{name}' is {shown}, which is not a valid {expected}"
        suggestion = f"Write a valid {expected}."
    elif kw in ("minLength", "maxLength"):
        message = f"'{name}' is {shown}: {'too short' if kw == 'minLength' else 'too long'} " \
                  f"({'at least' if kw == 'minLength' else 'at most'} {expected} characters)"
        suggestion = "Fill in the value." if kw == "minLength" else "Shorten the value."
    else:  # a keyword this schema does not use today: still plain words
        message = f"'{name}' is {shown}, which the record format does not allow ({kw} {_show(expected)})"
        suggestion = "See docs/schema.md for what the field holds."
    return Problem("format", parts, message, suggestion, value)


# -- the rules -----------------------------------------------------------------
class _SchemaRule(Rule):
    """Shared check: report this rule's kind of schema problem (no code: not registered)."""

    kind = ""

    def check(self, record, ctx):
        if not isinstance(record.data, dict):
            return
        for p in problems(record, ctx):
            if p.kind == self.kind:
                yield self.finding(record, p.parts, p.message, suggestion=p.suggestion, value=p.value)


class MissingRequiredField(_SchemaRule):
    """A field every PFOCR record (or every record of its layout) has is missing.

    What it does:
        Reports a field the schema requires that the record lacks: the fields
        every record has (figid, figtitle, organisms, pmcid, filename, figlink,
        number, caption, papertitle, reftext, year, ndex, seo, schema-jsonld),
        the parts of ``schema-jsonld``, the columns of an inline gene,
        chemical or disease row, and the fields of the record's layout: a
        record with one newer-layout field (doi, journal_title, journal_nlm_ta,
        publisher_name, keywords, automl_pathway) has all of them and
        ``organisms_ner``; one with an older-layout field
        (pmc_ranked_result_index, pathway_score, annotations, genes,
        chemicals, diseases) has all of those. The finding points at the
        record's first line (or at the row that lacks a column) and names the
        missing field.
    Why this matters:
        Jekyll renders a missing field as blank: the figure page loses its
        title, citation or JSON-LD, and the exports (GMT, SPARQL) skip or
        misfile the figure.
    Why this shows up:
        Hand-edited records, a pipeline step that failed for one figure, or a
        record assembled from two runs of the pipeline.
    Example:
        ```yaml
        _remove: [figid]
        ```
        ```yaml good
        figid: PMC11987792__cancers-17-01167-g005
        ```
    Curation action:
        Add the field with its value from the pipeline output (see
        docs/schema.md for each field's format); for an unknown newer-layout
        paper field write ``.na.character`` as the pipeline does.
    Fix safety:
        Not fixable automatically: the value has to come from the source data.
    """

    code = "SC001"
    name = "missing-required-field"
    severity = Severity.ERROR
    kind = "required"


class WrongType(_SchemaRule):
    """A field holds the wrong kind of value (a number for text, text for a list...).

    What it does:
        Reports a value whose YAML type differs from the schema's: an
        unquoted ``year: 2019`` or ``entrez: 4790`` (numbers, the record
        format has text), ``ndex:`` with nothing after it (null), a string
        where a list of rows belongs (``genes: NFKB1``), text for a score.
        ``organisms`` as a plain string is NOT reported here (it is accepted
        by the schema; OR001 warns about it).
    Why this matters:
        The site, the exports and every consumer of the records expect one
        type per field; a number where text belongs loses leading zeros and
        compares differently, a null prints as "null" or breaks templates.
    Why this shows up:
        Hand edits that drop quotes, or another YAML writer that does not
        quote digit-only strings the way R's yaml package does.
    Example:
        ```yaml
        year: 2025
        ```
        ```yaml good
        year: '2025'
        ```
    Curation action:
        Write the value with the expected type: quote digit-only text, use
        '' for an empty text, a list or mapping where one belongs.
    Fix safety:
        Not fixable automatically: quoting is safe for digits, but a wrong
        type is often a sign of a misplaced value that needs a look.
    """

    code = "SC002"
    name = "wrong-type"
    severity = Severity.ERROR
    kind = "type"


class BadValueFormat(_SchemaRule):
    """A value does not have the field's format (pattern, fixed value or allowed values).

    What it does:
        Reports a value of the right type but the wrong shape: a figid
        without ``PMC<digits>__``, a pmcid with extra text, a year that is not
        four digits, a DOI with a ``doi:``/URL prefix or spaces, an ndex that
        is not a UUID, an entrez id with non-digits, a MeSH identifier that is
        not ``D``/``C`` + 6-9 digits, an unknown gene ``source``, a
        ``schema-jsonld`` ``@id`` that is not the figure page URL, and fixed
        values such as ``seo: CreativeWork`` or ``license: CC0``.
        ``.na.character`` in doi and the journal fields and an empty ndex or
        year are accepted (placeholder rules report them).
    Why this matters:
        Identifiers are joined on: a malformed DOI, PMC id or Entrez id
        breaks links on the figure page and silently drops the record from
        joins with PMC, NCBI Gene, MeSH and NDEx.
    Why this shows up:
        Copy-paste of identifiers with prefixes (``doi:``, ``https://doi.org/``,
        ``MESH:``), OCR or NER output written unchecked, hand edits.
    Example:
        ```yaml
        doi: https://doi.org/10.3390/cancers17071167
        ```
        ```yaml good
        doi: 10.3390/cancers17071167
        ```
    Curation action:
        Correct the value to the format the message names (docs/schema.md
        lists every field's format).
    Fix safety:
        Not fixable automatically: the right value depends on the source.
    """

    code = "SC003"
    name = "bad-value-format"
    aliases = ("bad-format",)
    severity = Severity.ERROR
    kind = "format"


class ValueOutOfRange(_SchemaRule):
    """A number lies outside its allowed range (scores are probabilities in 0..1).

    What it does:
        Reports ``automl_pathway`` or ``pathway_score`` below 0 or above 1;
        a value between 1 and 100 is named as a likely percentage.
    Why this matters:
        The scores rank and filter figures (e.g. "pathway figures with
        score >= 0.9"); a percentage or a negative value puts the figure at
        the wrong end of every such list.
    Why this shows up:
        A score copied from a report that shows percentages, or a hand edit.
    Example:
        ```yaml
        automl_pathway: 94.1578
        ```
        ```yaml good
        automl_pathway: 0.941578
        ```
    Curation action:
        Write the probability from 0 to 1 (divide a percentage by 100).
    Fix safety:
        Not fixable automatically: whether the value is a percentage or a
        wrong number needs a curator.
    """

    code = "SC004"
    name = "value-out-of-range"
    severity = Severity.ERROR
    kind = "range"


class UnknownField(_SchemaRule):
    """A field the PFOCR record format does not have (often a typo of one it has).

    What it does:
        Reports a key not defined by the schema, at the top level, in
        ``schema-jsonld`` (and its ``creator``) and in inline gene, chemical
        or disease rows, and suggests the closest known field ("did you
        mean 'figtitle'?") when there is one.
    Why this matters:
        The site and the exports read fields by name: a misspelt field is
        invisible to them, so its value is lost while the real field looks
        missing.
    Why this shows up:
        Typos in hand edits (``figtittle``, ``organism``), fields from other
        Jekyll collections, columns renamed between pipeline versions.
    Example:
        ```yaml
        figtittle: TP53 and MDM2 in cisplatin resistance of breast cancer
        _remove: [figtitle]
        ```
        ```yaml good
        figtitle: TP53 and MDM2 in cisplatin resistance of breast cancer
        ```
    Curation action:
        Rename the key to the suggested field (merge with the existing value
        if both are present) or remove it.
    Fix safety:
        Not fixable automatically: a curator confirms the rename, and the
        correct field may already hold a different value.
    """

    code = "SC005"
    name = "unknown-field"
    severity = Severity.ERROR
    kind = "unknown"
