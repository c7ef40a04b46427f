"""Chemical and disease rows checked against MeSH (the ME family).

Chemical and disease words are mapped to MeSH descriptors (``D...``) and
supplementary concepts (``C...``): inline ``chemicals:``/``diseases:`` items
(``word``, ``source: MESH``, ``identifier``) in the older layout, the ``mesh``
column (``mesh:D005227``) of ``_data/<figid>-chemicals.tsv`` /
``-diseases.tsv`` in the newer one. The four rules share one reading per
record (:func:`_verdicts`), and every row gets at most one of ME001 (the ID
is not in MeSH), ME004 (the caption defines the word as something else) and
ME002 (the ID names another term than the word); ME003 (category) is judged
on its own. The MeSH snapshot comes from ``ctx.knowledge("mesh")``
(pfocr_lint.mesh, docs/mesh.md).
"""

from __future__ import annotations

import re
from typing import Optional

from pfocr_lint.findings import Severity
from pfocr_lint.rule import Rule
from pfocr_lint.rules._entities import table, usable
from pfocr_lint.rules._util import is_placeholder, remember, replace_value_fix, yaml_scalar

KINDS = ("chemicals", "diseases")
_SINGULAR = {"chemicals": "chemical", "diseases": "disease"}


class MeshRow:
    """One chemical or disease row with a MeSH ID, inline or from a table."""

    __slots__ = ("kind", "word", "mesh_id", "shown", "parts", "path", "line", "match", "name")

    def __init__(self, kind, word, mesh_id, parts=(), path=None, line=None, match=None, name=None):
        self.kind = kind            # "chemicals" | "diseases"
        self.word = word
        self.mesh_id = mesh_id      # as written (table cells keep their "mesh:" prefix)
        self.shown = mesh_id.split(":", 1)[-1].strip()      # for messages: C067311
        self.parts = parts          # field path of the inline item, () for table rows
        self.path = path            # table display path, None inline
        self.line = line
        self.match = match          # table: the lexicon entry the word matched (cell as is)
        self.name = name            # table: the ChEBI/DOID name (cell as is)

    @property
    def inline(self) -> bool:
        return self.path is None

    @property
    def where(self) -> str:
        return f"{self.kind} item" if self.inline else f"{self.kind} table row"


def _cell(value) -> Optional[str]:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return None if not value or is_placeholder(value) else value


def mesh_rows(record) -> list:
    """Every row of the record that names a MeSH ID (memoised per record)."""
    got = record.cache.get("me.rows")
    if got is not None:
        return got
    out = []
    data = record.data
    for kind in KINDS:
        items = data.get(kind)
        if isinstance(items, list):
            for i, item in enumerate(items):
                if not isinstance(item, dict):
                    continue
                mid = _cell(item.get("identifier"))
                source = item.get("source")
                if mid is None or (isinstance(source, str) and source.strip() and source.strip().upper() != "MESH"):
                    continue
                out.append(MeshRow(kind, item.get("word"), mid, (kind, i)))
        t = table(record, kind)
        if usable(t, kind) and "mesh" in t.header:
            for row, line in zip(t.rows, t.lines):
                mid = _cell(row.get("mesh"))
                if mid is not None:
                    out.append(MeshRow(kind, row.get("word"), mid, (), t.path, line,
                                       row.get("match"), row.get("name")))
    record.cache["me.rows"] = out
    return out


# -- comparing names -------------------------------------------------------------

_NON_ALNUM = re.compile(r"[\W_]+")


def _forms(text: str) -> set:
    """``norm`` of a name and of its singular/plural: 'Pyruvate' ~ 'Pyruvates'."""
    from pfocr_lint.mesh.layout import norm

    n = norm(text)
    out = {n}
    if n.endswith("es"):
        out.add(n[:-2])
    if n.endswith("s"):
        out.add(n[:-1])
    out.add(n + "s")
    return out


# Per-process memos of pure functions of the snapshot's records and the
# words (bounded): the same chemicals recur across records.
_NAMES_OF: dict = {}
_OTHERS: dict = {}


def _names_of(snap, rec) -> set:
    """The forms of a record's names and of its mapped descriptors' names."""
    key = (id(snap), rec.id)
    out = _NAMES_OF.get(key)
    if out is None:
        out = set()
        for r in (rec,) + tuple(filter(None, (snap.by_id(m) for m in rec.mapped))):
            for n in r.names():
                out |= _forms(n)
        remember(_NAMES_OF, key, out)
    return out


_NAMES_WORD: dict = {}


def _names_word(snap, rec, word: str) -> bool:
    """Is the word the label or a synonym of the record (or its mapped
    descriptors), or the symbol/code it stands for (Ca, Arg)?"""
    key = (id(snap), rec.id, word)
    hit = _NAMES_WORD.get(key)
    if hit is None:
        hit = bool(_forms(word) & _names_of(snap, rec))
        if not hit:
            short = snap.short_name(word)
            hit = short is not None and (short.id == rec.id or short.id in rec.mapped)
        remember(_NAMES_WORD, key, hit)
    return hit


def _related(a, b) -> bool:
    return a.id == b.id or a.id in b.mapped or b.id in a.mapped or bool(set(a.mapped) & set(b.mapped))


def _in_kind(snap, rec, kind: str) -> bool:
    return snap.is_chemical(rec) if kind == "chemicals" else snap.is_disease(rec)


def _label(rec) -> str:
    return f"{rec.id} ({rec.label})"


def _others(snap, word: str) -> list:
    """The records a word names. A word of one or two characters counts only
    when MeSH writes it exactly so, or as a symbol (Ca, K): loosely compared,
    'Fe', 'PI' or 'NO' name too much."""
    word = word.strip()
    key = (id(snap), word)
    recs = _OTHERS.get(key)
    if recs is None:
        recs = list(snap.by_name(word))
        if len(word) <= 2:
            recs = [r for r in recs if word in r.names()]
        short = snap.short_name(word)
        if short is not None and all(r.id != short.id for r in recs):
            recs.append(short)
        remember(_OTHERS, key, recs)
    return recs


# -- caption definitions -------------------------------------------------------

_STOP = frozenset("""acid acids protein proteins factor factors cell cells receptor receptors the and of
with from type alpha beta gamma kinase enzyme chain disease syndrome human group""".split())


def _stems(text: str) -> set:
    return {w[:4] for w in re.split(r"[^a-z0-9]+", text.lower()) if len(w) >= 3 and w not in _STOP
            and not w.isdigit()}


def _agrees(snap, rec, long: str) -> bool:
    """Does a caption's long form name the record (or a related one)?"""
    if _forms(long) & _names_of(snap, rec):
        return True
    if any(_related(r, rec) for r in snap.by_name(long)):
        return True
    names = [rec.label, *rec.synonyms]
    for m in rec.mapped:
        d = snap.by_id(m)
        if d is not None:
            names.append(d.label)
    have = set()
    for n in names:
        have |= _stems(n)
    want = _stems(long)
    return not want or bool(want & have)


def _definitions(record, caption, rows) -> dict:
    """The caption's definitions, parsed only when a row's word is shaped
    like an abbreviation and written in the caption (a defined abbreviation
    always is): most records have chemical rows but define none of them."""
    if not isinstance(caption, str):
        return {}
    from pfocr_lint.rules._glossary import definitions, is_abbreviation_like

    for r in rows:
        w = r.word.strip() if isinstance(r.word, str) else ""
        if w and w in caption and is_abbreviation_like(w, strict=False) and _may_define(w, caption):
            return definitions(caption)
    return {}


def _may_define(word: str, caption: str) -> bool:
    """Is ``word`` written the way a definition writes it: ``(TCA)``,
    ``TCA,`` / ``TCA:`` / ``TCA =`` / ``TCA -`` or ``TCA (...)``?"""
    w = re.escape(word)
    return re.search(r"\(\s*" + w + r"\s*\)|(?<![\w-])" + w + r"(?:\s*[,:=]|\s+[-\u2013\u2014]\s|\s+\()",
                     caption) is not None
    return definitions(caption)


# -- element symbols that are OCR fragments --------------------------------------

def _fragment(word: str, caption) -> Optional[str]:
    """For a one- or two-letter element symbol: a longer caption token it is
    the start of (``F`` in ``F6P``) when the caption never writes the symbol
    alone (or as an ion, ``Ca2+``); else None."""
    if not isinstance(caption, str) or word not in caption:
        return None
    alone = re.compile(r"(?<![A-Za-z0-9])" + re.escape(word) + r"(?:\(?\d?[+\-−]+\)?)?(?![A-Za-z0-9])")
    if alone.search(caption):
        return None
    m = re.search(r"(?<![A-Za-z0-9])" + re.escape(word) + r"[A-Za-z0-9][A-Za-z0-9,\-]*", caption)
    return m.group(0).rstrip(",-") if m else None


# -- the verdicts ---------------------------------------------------------------

class Verdict:
    __slots__ = ("code", "row", "message", "suggestion", "new_id", "safety")

    def __init__(self, code, row, message, suggestion, new_id=None, safety=None):
        self.code, self.row, self.message, self.suggestion = code, row, message, suggestion
        self.new_id, self.safety = new_id, safety


# (snapshot, row cells) -> the caption-independent reading of a row: rows
# recur across records (the same chemicals, the same wrong IDs), bounded.
_STATIC: dict = {}


def _static(snap, row, word) -> tuple:
    """("skip" | "unknown" | "known", ME001/ME002 verdict or None, ME003
    verdict or None), with no row attached: what a row's cells alone decide."""
    from pfocr_lint.mesh.layout import parse_id

    if parse_id(row.mesh_id) is None:
        return ("skip", None, None)     # not shaped like a MeSH ID: the schema and table rules say so
    rec = snap.by_id(row.mesh_id)
    if rec is None:
        return ("unknown", _unknown(snap, row, word), None)
    if word is None:
        return ("skip", None, None)
    return ("known", _other_term(snap, row, rec, word), _category(snap, row, rec, word))


def _attach(v, row):
    return Verdict(v.code, row, v.message, v.suggestion, v.new_id, v.safety)


def _verdicts(record, ctx) -> list:
    got = record.cache.get("me.verdicts")
    if got is not None:
        return got
    out: list = []
    rows = mesh_rows(record)
    snap = ctx.knowledge("mesh") if rows else None
    if snap is not None:
        caption = record.data.get("caption")
        defs = None
        for row in rows:
            word = row.word if isinstance(row.word, str) and row.word.strip() else None
            key = (id(snap), row.kind, word, row.mesh_id, row.match, row.name, row.inline)
            state, first, category = _STATIC.get(key) or remember(_STATIC, key, _static(snap, row, word))
            if state == "skip":
                continue
            if state == "unknown":
                out.append(_attach(first, row))
                continue
            if defs is None:
                defs = _definitions(record, caption, rows)
            rec = snap.by_id(row.mesh_id)
            v = _caption(snap, row, rec, word, defs) if defs else None
            if v is None and first is not None:
                v = _attach(first, row)
            if v is None and len(word.strip()) <= 2:
                v = _fragment_verdict(snap, row, rec, word, caption)
            if v is not None:
                out.append(v)
            if category is not None:
                out.append(_attach(category, row))
    record.cache["me.verdicts"] = out
    return out


def _unknown(snap, row, word) -> Verdict:
    tried = [t for t in (word, _cell(row.match), _cell(row.name)) if t]
    found, exact = [], True
    for text in tried:
        found = [r for r in snap.by_name(text) if _in_kind(snap, r, row.kind)]
        if found:
            break
    if not found:
        exact = False
        for text in tried:
            for form in sorted(_forms(text) - {text}):
                found = [r for r in snap.by_name(form) if _in_kind(snap, r, row.kind)]
                if found:
                    break
            if found:
                break
    what = f"{_SINGULAR[row.kind]} {word!r}" if word else f"{_SINGULAR[row.kind]} row"
    msg = f"{what} is mapped to MeSH {row.shown}, which MeSH no longer has (retired or mistyped)"
    if len(found) == 1:
        new = found[0]
        msg += f"; {word or text} is now {_label(new)}"
        new_text = new.id if row.inline else f"mesh:{new.id}"
        where = "identifier" if row.inline else "the mesh cell"
        return Verdict("ME001", row, msg, f"Set {where} to {new_text} ({new.label})", new.id,
                       "safe" if exact else "unsafe")
    if found:
        msg += f"; {word} names {', '.join(_label(r) for r in found[:4])}"
        return Verdict("ME001", row, msg, "Choose the current MeSH ID the figure means and set it")
    return Verdict("ME001", row, msg, "Look the word up in MeSH and set its current ID, or remove the row "
                   "if it is no " + _SINGULAR[row.kind])


def _caption(snap, row, rec, word, defs) -> Optional[Verdict]:
    from pfocr_lint.rules._glossary import norm_abbr

    d = defs.get(norm_abbr(word.strip())) if defs else None
    if d is None or _agrees(snap, rec, d.long):
        return None
    better = [r for r in snap.by_name(d.long) if _in_kind(snap, r, row.kind)]
    msg = (f"{_SINGULAR[row.kind]} {word!r} is mapped to MeSH {_label(rec)}, but the caption defines "
           f"{d.abbr} as {d.long!r}")
    if better:
        return Verdict("ME004", row, msg, f"Map {word!r} to {_label(better[0])}, what the caption says it is")
    return Verdict("ME004", row, msg, f"Map {word!r} to the MeSH record of {d.long!r}, or remove the row if "
                   f"that is no {_SINGULAR[row.kind]}")


def _in_word(sym: str, word: str) -> bool:
    """Is the element symbol a piece of a longer word (``H`` of ``H20``, of
    ``H Adaptaquin``), not the symbol with a count or a charge (``2H``, ``H+``)?"""
    w = word.strip()
    if re.fullmatch(r"\d*" + re.escape(sym) + r"\d?(?:\(?\d?[+\-−]+\)?)?", w):
        return False
    return re.search(r"(?<![A-Za-z])" + re.escape(sym) + r"(?![a-z])", w) is not None


def _fragment_verdict(snap, row, rec, word, caption) -> Optional[Verdict]:
    """ME002 for a one- or two-letter element symbol that the caption only
    writes inside longer names (``F`` of ``F6P``)."""
    elem = snap.element(word)
    if elem is None or elem.id != rec.id:
        return None
    frag = _fragment(word.strip(), caption)
    if not frag:
        return None
    return Verdict("ME002", row,
                   f"{_SINGULAR[row.kind]} {word!r} is mapped to MeSH {_label(rec)}, but the caption "
                   f"never writes {word.strip()} alone, only in {frag!r}: an OCR fragment of a longer "
                   f"name, not {rec.label.lower()}",
                   f"Remove the row (or map {frag!r} if it is a {_SINGULAR[row.kind]})")


def _other_term(snap, row, rec, word) -> Optional[Verdict]:
    sym = snap.element_symbol(rec)
    if sym and not _names_word(snap, rec, word) and _in_word(sym, word):
        return Verdict("ME002", row,
                       f"{_SINGULAR[row.kind]} {word!r} is mapped to MeSH {_label(rec)} for the {sym!r} in it, "
                       f"but {word!r} is not {rec.label.lower()}: an OCR misreading or a fragment of another name",
                       f"Map {word!r} to the {_SINGULAR[row.kind]} it names, or remove the row")
    if _names_word(snap, rec, word):
        return None
    others = [r for r in _others(snap, word) if not _related(r, rec)]
    if not others:
        return None
    fitting = [r for r in others if _in_kind(snap, r, row.kind)]
    msg = (f"{_SINGULAR[row.kind]} {word!r} is mapped to MeSH {_label(rec)}, which does not name it; "
           f"{word} is {', '.join(_label(r) for r in others[:3])}")
    if len(fitting) == 1:
        return Verdict("ME002", row, msg, f"Map {word!r} to {_label(fitting[0])}",
                       fitting[0].id, "unsafe" if row.inline else None)
    if fitting:
        return Verdict("ME002", row, msg, "Choose the MeSH record the figure means and set its ID")
    heads = ", ".join(snap.tree_heads(others[0])) or "another tree"
    return Verdict("ME002", row, msg + f" (in {heads}), no {_SINGULAR[row.kind]}",
                   f"Remove the row: {word!r} is no {_SINGULAR[row.kind]}")


_TREES = {"chemicals": "the chemical trees (D)", "diseases": "the disease trees (C, F03)"}


def _category(snap, row, rec, word) -> Optional[Verdict]:
    heads = snap.tree_heads(rec)
    if not heads or _in_kind(snap, rec, row.kind):
        return None     # no trees known (a supplementary concept without mapped descriptors): cannot say
    via = "" if rec.kind == "descriptor" else " through its mapped descriptor" + \
        ("s " if len(rec.mapped) > 1 else " ") + ", ".join(rec.mapped)
    other = "diseases" if row.kind == "chemicals" else "chemicals"
    action = (f"Move the row to the {other} {'list' if row.inline else 'table'}" if _in_kind(snap, rec, other)
              else "Remove the row")
    return Verdict("ME003", row,
                   f"{_SINGULAR[row.kind]} {word!r} is mapped to MeSH {_label(rec)}, which is not in "
                   f"{_TREES[row.kind]} but in {', '.join(heads)}{via}",
                   f"{action}, or map {word!r} to a {_SINGULAR[row.kind]} if the figure means one")


class _MeshRule(Rule):
    needs = ("mesh",)
    severity = Severity.WARNING

    def check(self, record, ctx):
        data = record.data
        if not isinstance(data, dict):
            return ()
        if not (data.get("chemicals") or data.get("diseases") or getattr(record, "companions", None)):
            return ()
        return [self._finding(record, v) for v in _verdicts(record, ctx) if v.code == self.code]

    def _finding(self, record, v: Verdict):
        row = v.row
        fix = None
        if v.new_id and v.safety and row.inline:
            fix = replace_value_fix(record, row.parts + ("identifier",), yaml_scalar(v.new_id), v.new_id,
                                    f"identifier {row.shown} -> {v.new_id}", safety=v.safety)
        if row.inline:
            return self.finding(record, row.parts + ("identifier",), v.message, suggestion=v.suggestion,
                                value=row.word, fix=fix)
        return self.finding(None, (), v.message, suggestion=v.suggestion, value=row.word,
                            path=row.path, line=row.line)


class MeshIdUnknown(_MeshRule):
    """A chemical or disease row names a MeSH ID that MeSH does not have (retired or mistyped).

    What it does:
        Looks every MeSH ID of the ``chemicals``/``diseases`` items
        (``identifier``) and of the chemicals/diseases tables (``mesh``
        column) up in the MeSH snapshot. An ID that is not there is reported;
        when the word (or the table's ``match`` or ``name``) is the label or
        a synonym of current records of the row's kind (a chemical for a
        chemicals row, a disease for a diseases row), the finding names them:
        ``Docetaxel`` ``C067311`` -> ``D000077143`` Docetaxel.
    Why this matters:
        A retired ID links the figure to nothing: MeSH-based searches, the
        figure's chemical and disease pages and enrichment analyses lose it.
    Why this shows up:
        MeSH retires supplementary concepts when a chemical gets its own
        descriptor (docetaxel became D000077143 in 2018) and merges or
        deletes records every year; the pipeline's lexicon was older than
        MeSH, or the ID was typed by hand.
    Example:
        ```yaml
        _base: older
        chemicals:
        - word: Docetaxel
          source: MESH
          identifier: C067311
        ```
        ```yaml good
        _base: older
        chemicals:
        - word: Docetaxel
          source: MESH
          identifier: D000077143
        ```
    Curation action:
        Set the current ID the finding names (or look the word up in MeSH
        when it names none), or remove the row if the word is no chemical or
        disease.
    Fix safety:
        Safe when exactly one current record of the row's kind carries the
        word itself as its label or a synonym (inline items: the identifier
        is replaced); unsafe (``--unsafe-fixes``) when the record carries its
        singular or plural (``Citrate`` -> Citrates). Table rows are reported
        with the new ``mesh`` cell to write, not rewritten.
    """

    code = "ME001"
    fixable = True
    name = "mesh-id-unknown"
    aliases = ("mesh-id-retired",)


class MeshIdOtherTerm(_MeshRule):
    """The MeSH ID of a chemical or disease row names something the word is not.

    What it does:
        Reports a row whose word is neither the label nor a synonym of its
        MeSH record (nor of the descriptor a supplementary concept is mapped
        to) while another, unrelated MeSH record carries the word
        (``Glutamine`` mapped to C578860 arginyl-glutamine; MeSH's
        Glutamine is D005973), and names that record. Singular and plural
        count as the same name; element symbols (``Ca``) and amino-acid
        codes (``Arg``) name their element and amino acid. Words of one or
        two characters count only when MeSH writes them exactly so.
        Also reports a one- or two-letter word mapped to the element it is
        the symbol of (``F`` -> Fluorine) when the caption never writes it
        alone, only as the start of a longer name (``F6P``): an OCR fragment.
        A word that names no MeSH record at all is not judged here.
    Why this matters:
        The record publishes a chemical or disease the figure does not show,
        which feeds MeSH-based searches and enrichment with a wrong term and
        hides the right one.
    Why this shows up:
        The pipeline matched a lexicon entry that contains the word
        (``Arg`` in ``Arg-Arg``, ``Glutamine`` in ``Arg-Gln``), or an OCR
        fragment (``F`` of ``F6P``) that happens to be an element symbol.
    Example:
        ```yaml
        _base: older
        chemicals:
        - word: Glutamine
          source: MESH
          identifier: C578860
        ```
        ```yaml good
        _base: older
        chemicals:
        - word: Glutamine
          source: MESH
          identifier: D005973
        ```
    Curation action:
        Map the word to the record the finding names, or remove the row when
        that record is no chemical (disease) or the word is an OCR fragment.
    Fix safety:
        Unsafe (``--unsafe-fixes``, inline items only) when exactly one
        record of the row's kind carries the word: a figure may mean a
        narrower term than its word. Otherwise not fixable automatically.
    """

    code = "ME002"
    fixable = True
    name = "mesh-id-other-term"


class MeshCategory(_MeshRule):
    """A diseases row whose MeSH record is no disease, or a chemicals row whose record is no chemical.

    What it does:
        Reports a diseases row whose MeSH record is not in MeSH's disease
        trees (C Diseases, F03 Mental Disorders) and a chemicals row whose
        record is not in the chemical trees (D Chemicals and Drugs), and
        names the trees it is in. A supplementary concept has no trees of
        its own: the descriptors it is mapped to decide.
    Why this matters:
        The figure's disease and chemical lists, and the gene-set libraries
        built from them, get anatomy, organisms or processes
        (``cartilage``, ``macrophages``) as diseases or drugs.
    Why this shows up:
        The named-entity step matched the word in the wrong vocabulary, or a
        MeSH record was moved to another tree.
    Example:
        ```yaml
        _base: older
        diseases:
        - word: cartilage
          source: MESH
          identifier: D002356
        ```
        ```yaml good
        _base: older
        diseases:
        - word: cartilage diseases
          source: MESH
          identifier: D002357
        ```
    Curation action:
        Move the row to the other list when the record is of that kind,
        remove it when it is neither, or map the word to a record of the
        right kind.
    Fix safety:
        Not fixable automatically.
    """

    code = "ME003"
    name = "mesh-category"


class MeshCaptionDefinesOther(_MeshRule):
    """The caption defines a chemical or disease word as something its MeSH record is not.

    What it does:
        Reads the caption's abbreviation definitions (the glossary after
        "Abbreviations:" and in-text ``long form (ABBR)``, the reading the
        AB gene rules use) and reports a chemical or disease row whose word
        the caption defines with a long form that names neither its MeSH
        record nor a related one: ``TCA`` mapped to C000589078 "TCA 11a"
        where the caption says "TCA, tricarboxylic acid". When MeSH has a
        record of the row's kind for the long form, the finding names it.
    Why this matters:
        The author's own definition is the best evidence of what a word
        means; a row that contradicts it puts a wrong chemical or disease
        in the record.
    Why this shows up:
        The pipeline matches words against MeSH names without reading the
        caption; short abbreviations are shared by many things.
    Example:
        ```yaml
        _base: older
        caption: 'Glucose feeds the TCA cycle. Abbreviations: TCA, tricarboxylic acid.'
        chemicals:
        - word: TCA
          source: MESH
          identifier: C000589078
        ```
        ```yaml good
        _base: older
        caption: 'Glucose feeds the TCA cycle. Abbreviations: TCA, trichloroacetic acid.'
        chemicals:
        - word: TCA
          source: MESH
          identifier: D014238
        ```
    Curation action:
        Map the word to the record of what the caption says (the finding
        names it when MeSH has one), or remove the row when that is no
        chemical (disease), e.g. a pathway or a process.
    Fix safety:
        Not fixable automatically: the caption's long form needs a curator
        to pick the MeSH record.
    """

    code = "ME004"
    name = "mesh-caption-defines-other"
