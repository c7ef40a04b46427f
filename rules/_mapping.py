"""The judgement behind the AB rules: which word each gene came from, and whether that was a mistake.

A *mapping* is (word, term, gene, via, location): the pipeline read ``word``
(in the figure), matched ``term`` as the gene's approved symbol, previous
symbol or alias (``via``) and recorded the gene at ``location``. Mappings come
from the older layout's ``genes`` rows (word/symbol/source/hgnc_symbol), from
the human rows of the genes table (word/match/ncbigene_symbol/source), or -
when a record has neither - are reconstructed from its keywords: a keyword gene
whose alias or previous symbol occurs in the caption while the gene's own
symbol does not came from that caption word (TCF23 <- "out", RPS16 <- "S16").

``analyse`` gives each mapping at most one verdict, the most specific:
AB001 caption definition > AB002 common abbreviation > AB004 phosphosite >
AB005 metabolite > AB003 English word > AB008 symbol of another gene >
AB006 family word > AB007 several unrelated genes (one per word). A mapping
the caption's definition confirms (CRT -> CALR, "calreticulin") gets none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from pfocr_lint.rules import _genes as G
from pfocr_lint.rules._glossary import _undash, _ungreek, definitions, norm_abbr
from pfocr_lint.rules._species import species_context
from pfocr_lint.rules._util import remember
from pfocr_lint.rules._verdict import Issue


# slots: a record has dozens of mappings, and a slotted dataclass is built
# (and read) faster.
@dataclass(slots=True)
class Mapping:
    word: str            # as written (figure word or caption token)
    term: str            # the symbol/alias/previous symbol it matched
    gene: object         # api.Gene (approved)
    via: str             # "approved" | "previous" | "alias"
    parts: tuple = ()    # record field, or () for a table row
    path: Optional[str] = None
    line: Optional[int] = None
    key: str = ""        # norm_abbr(term): mappings sharing it share a word




_TOKEN = re.compile(r"[^\s/(),;:\[\]{}'\"\u2018\u2019\u201c\u201d]+")
_PHOSPHO_CONTEXT = re.compile(r"phospho", re.I)
_GENERIC = frozenset("""protein proteins factor factors gene genes receptor receptors family member members
subunit domain containing like type related associated binding kinase kinases complex cell cells human
alpha beta gamma delta chain small large class group the of and to in for with on by or a an from as
its at into via non pseudogene""".split())
_NONGENE_HEADS = frozenset("""sequence sequences element elements site sites region regions motif motifs box
pathway pathways transition therapy radiation irradiation radiotherapy chemotherapy cell cells syndrome
disease diseases disorder cancer cancers carcinoma tumor tumour tumors leukemia lymphoma microenvironment
species acid acids stress response matrix reticulum membrane barrier cycle metabolism phosphorylation
system signaling signalling resistance death damage repair apoptosis autophagy inflammation injury
infection virus bacteria macrophages macrophage lymphocytes fibroblasts phenotype vesicles vesicle
exosomes junction junctions transplantation radiation dna rna mrna microrna mirna process
recessive dominant inheritance current currents hypertrophy rate rates
""".split())
# Cell types by their endings: osteoblasts, monocytes, neutrophils, macrophages.
_CELL_TYPE = re.compile(r"^[a-z]{3,}(?:blasts?|cytes?|phils?|phages?|clasts?)$")
_CHEM_WORD = re.compile(r"^[a-z]{3,}(?:ine|ate|ose|ol|ide|one|ane|ene)$")
_NOT_CHEM = frozenset({"peptide", "hormone", "polypeptide", "protein", "enzyme", "nucleotide"})
_STEM_TAIL = re.compile(r"[-]?\d+[A-Z]?\d*$|[A-Z]$")


def _tokens(text: str) -> set:
    out = set()
    for w in re.split(r"[^a-z0-9]+", text.translate(_GREEK).lower()):
        if len(w) < 3 or w in _GENERIC or w.isdigit():
            continue
        out.add(w[:5] if len(w) >= 5 else w)
    return out


_GREEK = str.maketrans({"α": " alpha ", "β": " beta ", "γ": " gamma ", "δ": " delta ", "κ": " kappa "})


def matches_definition(defn: str, gene, abbr_key: str) -> bool:
    """Does the gene's approved name (or another of its symbols) share a content word with the definition?"""
    d = _tokens(defn)
    if not d:
        return True     # nothing to compare: never flag on an empty definition
    names = [getattr(gene, "name", "") or ""]
    names += [s for s in tuple(getattr(gene, "aliases", ())) + tuple(getattr(gene, "previous", ()))
              if norm_abbr(s) != abbr_key]
    g = set()
    for n in names:
        g |= _tokens(n)
    return bool(d & g)


def non_gene_definition(defn: str, abbr_key: str) -> bool:
    """A process, place, disease or small molecule, not a gene product."""
    text = defn.translate(_GREEK).lower()
    # "suppressor of cytokine signaling", "linker for activation of T cells": the head
    # noun comes before the first preposition
    head_part = re.split(r"\s(?:of|for|to|in|on|by|from)\s", text, maxsplit=1)[0]
    words = [w for w in re.split(r"[\s/]+", head_part) if w]
    while words and (words[-1].isdigit() or words[-1] in ("or", "and", "1/2")):
        words.pop()
    if not words:
        return False
    head = words[-1].strip(".,;:()")
    last = head.split("-")[-1]
    if head in _NONGENE_HEADS or last in _NONGENE_HEADS or _CELL_TYPE.match(last):
        return True
    return len(words) <= 2 and last not in _NOT_CHEM and bool(_CHEM_WORD.match(last))


def _stem(symbol: str) -> str:
    return _STEM_TAIL.sub("", symbol) or symbol


def _desc(g) -> str:
    return f"{g.symbol} ({g.name})" if getattr(g, "name", "") else g.symbol


def _via_text(m: Mapping) -> str:
    return {"alias": f"its alias {m.term}", "previous": f"its previous symbol {m.term}",
            "approved": f"its symbol {m.term}"}[m.via]


# token as found -> ((norm_abbr(piece), piece), ...) in the order the caption
# index adds them: the same words recur across captions, so memoised per
# process (bounded). The order is that of iterating the set of pieces, which
# is the same every time the same set is built in one process.
_PIECES: dict = {}


def _pieces(tok: str) -> tuple:
    raw = tok
    tok = tok.strip(".-\u2010\u2011\u2013\u2014")
    out = ()
    if tok:
        out = tuple((norm_abbr(piece), piece) for piece in {tok, *tok.replace("\u2010", "-").split("-")} if piece)
    remember(_PIECES, raw, out)
    return out


def _caption_forms(text: str) -> dict:
    forms: dict = {}
    setdefault = forms.setdefault
    pieces = _PIECES.get
    for tok in _TOKEN.findall(text):
        got = pieces(tok)
        if got is None:
            got = _pieces(tok)
        for key, piece in got:
            setdefault(key, piece)
    return forms


def _normalised_text(text: str) -> str:
    """The whole text as norm_abbr normalises one word (not memoised: texts
    are unique). Every char is mapped on its own or dropped, so the norm of a
    word of the text is a substring of this."""
    return _ungreek(_undash(text)).replace("-", "").replace(".", "").upper()


def _caption_definitions(caption_text: str, maps: list, normalised: Optional[str] = None) -> dict:
    """``definitions(caption_text)``, or {} when it cannot define any word the
    mappings look up (their keys and words; nothing else reads it).

    A definition's key is the norm of an abbreviation written in the caption,
    or of its expansion: 'DCs' -> 'DC' (a prefix) and 'CPT1/2' -> 'CPT2'
    (its letters are in the caption). So a key whose letters are nowhere in
    the normalised caption cannot be defined, and the parse (the costliest
    step of the AB analysis on a caption never seen before) is skipped: three
    records in four in the benchmark corpus. ``normalised`` may be that of a
    longer text holding the caption (caption and title): a weaker test, as sound.
    """
    text = normalised if normalised is not None else _normalised_text(caption_text)
    for m in maps:
        for key in (m.key, norm_abbr(m.word)):
            if may_be_defined(key, text):
                return definitions(caption_text)
    return {}


def may_be_defined(key: str, text: str) -> bool:
    """Can ``definitions`` of a caption whose normalised text is ``text`` have ``key``?"""
    if key in text:
        return True
    # 'CPT2' from the series 'CPT1/2': the stem, digits and a slash are there
    if key[-1:].isdigit() and "/" in text:
        stem = key.rstrip("0123456789")
        return bool(stem) and stem in text and re.search(re.escape(stem) + r"\d+/", text) is not None
    return False


class _Caption:
    """Caption tokens by normalised form, with the first form as written."""

    __slots__ = ("text", "_forms", "_normalised")

    def __init__(self, text: str):
        self.text = text
        self._forms = None
        self._normalised = None

    @property
    def forms(self) -> dict:
        # Built on first use: only records whose mappings are reconstructed
        # from keywords look words up, and tokenising a caption is costly.
        forms = self._forms
        if forms is None:
            forms = self._forms = _caption_forms(self.text)
        return forms

    @property
    def normalised(self) -> str:
        """The text as norm_abbr normalises a word (see _normalised_text)."""
        normalised = self._normalised
        if normalised is None:
            normalised = self._normalised = _normalised_text(self.text)
        return normalised

    def get(self, key: str) -> Optional[str]:
        """``forms.get(key)``; a key whose letters are nowhere in the
        normalised text is no token's form (each form is the norm of a piece
        of the text), so most look-ups need no tokenising."""
        return self.forms.get(key) if key in self.normalised else None


def _relation(gene, term: str) -> Optional[str]:
    up = term.upper()
    if gene.symbol.upper() == up:
        return "approved"
    if up in {p.upper() for p in gene.previous}:
        return "previous"
    if up in {a.upper() for a in gene.aliases}:
        return "alias"
    key = norm_abbr(term)
    if key in {norm_abbr(p) for p in gene.previous}:
        return "previous"
    if key in {norm_abbr(a) for a in gene.aliases}:
        return "alias"
    return None


def _text(v) -> str:
    return v.strip() if isinstance(v, str) else ""


# What one genes row maps, by the row's cells as read: () or (gene, via, key,
# term, (key, symbol), word) - a pure function of the nomenclature and the
# cells, and the same rows recur across records, so memoised per process
# (bounded; G._KEEP keeps ``human`` alive). Keying by the raw cells lets a
# repeated row cost one dict lookup instead of stripping and resolving.
# Inline rows and table rows have separate memos (their keys could collide).
_ROW_MAPS: dict = {}
_TABLE_MAPS: dict = {}
_SOURCE_VIA = {"hgnc_symbol": "approved", "hgnc_alias_symbol": "alias", "hgnc_prev_symbol": "previous"}
_TABLE_SOURCES = ("ncbigene_symbol", "ncbigene_synonym")


def _mapped(gene, via: str, term: str, word: str) -> tuple:
    key = norm_abbr(term)
    return (gene, via, key, term, (key, gene.symbol), word)


def _inline_map(human, rk: tuple):
    """rk = (id(human), src, symbol cell, hgnc_symbol cell); the word cell is
    read per row (it is the only part that does not decide the mapping)."""
    _, src, term, hg = rk
    term, hg = term.strip(), hg.strip()
    if not term or not hg:
        return remember(_ROW_MAPS, rk, ())
    G._KEEP.setdefault(id(human), human)
    gene = human.gene(hg)
    if gene is None:
        r = human.resolve(hg)
        approved = [g for g in r.genes if g.status == "Approved"]
        if r.kind != "previous" or len(approved) != 1:
            return remember(_ROW_MAPS, rk, ())
        gene = approved[0]
    via = _relation(gene, term) or _SOURCE_VIA[src]
    return remember(_ROW_MAPS, rk, _mapped(gene, via, term, ""))


def _table_map(human, rk: tuple):
    """rk = (id(human), match cell, word cell, ncbigene_symbol cell), cells str or None."""
    _, match, word, sym = rk
    word = _text(word)
    term = _text(match) or word
    sym = _text(sym)
    if not term:
        return remember(_TABLE_MAPS, rk, ())
    G._KEEP.setdefault(id(human), human)
    gene = human.gene(sym) if sym else None
    if gene is None:
        return remember(_TABLE_MAPS, rk, ())
    via = _relation(gene, term)
    if via is None:
        return remember(_TABLE_MAPS, rk, ())
    return remember(_TABLE_MAPS, rk, _mapped(gene, via, term, word.strip("(),;:.") or term))


# Per gene (by id, the gene kept in the value): its previous symbols and
# aliases as (via, term, norm_abbr(term)) with keys of two characters or more.
_GENE_TERMS: dict = {}


def _gene_terms(gene) -> tuple:
    hit = _GENE_TERMS.get(id(gene))
    if hit is None or hit[0] is not gene:
        terms = []
        for via, ts in (("previous", gene.previous), ("alias", gene.aliases)):
            for t in ts:
                key = norm_abbr(t)
                if len(key) >= 2:
                    terms.append((via, t, key))
        hit = (gene, tuple(terms))
        remember(_GENE_TERMS, id(gene), hit, limit=100_000)
    return hit[1]


def mappings(record, human, raw_rows=None) -> list:
    """The record's mappings; ``raw_rows`` is its inline ``genes`` list when it
    has a dict row in it (the caller has looked), else None."""
    out: list = []
    seen = set()
    hid = id(human)
    memo, table_memo = _ROW_MAPS.get, _TABLE_MAPS.get
    append = out.append
    if raw_rows is not None:
        for i, row in enumerate(raw_rows):
            if not isinstance(row, dict):
                continue
            src = row.get("source")
            if src not in ("hgnc_symbol", "hgnc_alias_symbol", "hgnc_prev_symbol"):
                continue
            term, hg = row.get("symbol"), row.get("hgnc_symbol")
            if not isinstance(term, str) or not isinstance(hg, str):
                continue
            rk = (hid, src, term, hg)
            hit = memo(rk)
            if hit is None:
                hit = _inline_map(human, rk)
            if not hit:
                continue
            gene, via, key, term, k, _ = hit
            if k in seen:
                continue
            seen.add(k)
            word = row.get("word")
            word = word.strip() if isinstance(word, str) else ""
            append(Mapping(word or term, term, gene, via, ("genes", i, "hgnc_symbol"), None, None, key))
    table = G.companion(record, "genes")
    if table is not None:
        path = table.path
        for row, line in zip(table.rows, table.lines):
            # cells are str, or None for a column the table lacks
            if row.get("source") not in _TABLE_SOURCES:
                continue
            org = row.get("organism_name")
            if org != G.HUMAN and (org is None or org.strip() != G.HUMAN):
                continue
            rk = (hid, row.get("match"), row.get("word"), row.get("ncbigene_symbol"))
            hit = table_memo(rk)
            if hit is None:
                hit = _table_map(human, rk)
            if not hit:
                continue
            gene, via, key, term, k, word = hit
            if k in seen:
                continue
            seen.add(k)
            append(Mapping(word, term, gene, via, (), path, line, key))
    if raw_rows is not None or table is not None:
        return out
    # Newer layout without tables: reconstruct from keywords and the caption.
    caption = record.cache.get("ab.caption")
    if caption is None:
        return out
    kw_memo = _KEYWORD_GENES.get
    for i, kw in G.keywords(record):
        hit = kw_memo((hid, kw))
        if hit is None:
            hit = _keyword_gene(human, kw)
        if not hit:
            continue
        gene, own, kw, terms = hit
        form = caption.get(own)
        if form is not None:
            if form != kw:
                append(Mapping(form, kw, gene, "approved", ("schema-jsonld", "keywords", i), None, None, own))
            continue
        symbol = gene.symbol
        for via, t, key in terms:
            if (symbol, key) not in seen:
                form = caption.get(key)
                if form is not None:
                    seen.add((symbol, key))
                    append(Mapping(form, t, gene, via, ("schema-jsonld", "keywords", i), None, None, key))
    return out


# (id(human), keyword as written) -> () when the keyword is not an approved
# symbol as written, else (gene, norm_abbr(keyword), keyword stripped, the
# gene's other terms): pure, and keywords recur across records (bounded
# per-process memo; G._KEEP keeps ``human`` alive).
_KEYWORD_GENES: dict = {}


def _keyword_gene(human, raw: str) -> tuple:
    kw = raw.strip()
    r = human.resolve(kw)
    if r.kind != "approved" or r.case_mismatch:
        hit = ()
    else:
        gene = r.genes[0]
        hit = (gene, norm_abbr(kw), kw, _gene_terms(gene))
    G._KEEP.setdefault(id(human), human)
    remember(_KEYWORD_GENES, (id(human), raw), hit)
    return hit


def analyse(record, ctx) -> list:
    cached = record.cache.get("ab.issues")
    if cached is not None:
        return cached
    issues: list = []
    record.cache["ab.issues"] = issues
    k = G.gene_knowledge(ctx)
    if k is None or not isinstance(record.data, dict):
        return issues
    human = k.human
    gc = _gene_context(ctx)
    if gc is not None and not species_context(record, gc).mammalian:
        # a plant, microbe or insect figure: its words name no human gene, and
        # "map it to the human X" would mislead (SP001 reports its human genes)
        return issues
    raw_rows = record.data.get("genes")
    if not (isinstance(raw_rows, list) and any(isinstance(r, dict) for r in raw_rows)):
        raw_rows = None
        if not G.record_species(record).human:
            return issues
    caption_text = record.data.get("caption")
    caption_text = caption_text if isinstance(caption_text, str) else ""
    title = record.data.get("figtitle")
    full = caption_text + (" " + title if isinstance(title, str) else "")
    caption = record.cache["ab.caption"] = _Caption(full)
    maps = mappings(record, human, raw_rows)
    if not maps:
        return issues
    # one normalisation of caption and title serves both look-up shortcuts
    defs = _caption_definitions(caption_text, maps, caption.normalised)
    if not defs and all(m.via == "approved" for m in maps):
        # Only a synonym mapping or a caption definition leads to a verdict
        # (each step below skips approved mappings otherwise): most records.
        return issues
    cx = _Context(record, maps, defs, caption, human)
    groups = cx.groups

    verdicts: dict = {}     # id(mapping) -> (code, message, suggestion)
    confirmed = set()
    if defs:    # most captions define nothing: no AB001 and nothing confirmed
        for key, group in groups.items():
            d = defs.get(key) or defs.get(norm_abbr(group[0].word))
            if d is None:
                continue
            non_gene = non_gene_definition(d.long, key)
            # a gene whose name merely mentions a metabolite or process ("arginine-glutamic
            # acid dipeptide repeats" for Arg = arginine) is not what the caption means
            good = [] if non_gene else [m for m in group if matches_definition(d.long, m.gene, key)]
            confirmed.update(id(m) for m in good)
            if non_gene or good:
                right = f"; the caption's meaning fits {', '.join(m.gene.symbol for m in good)}" if good else ""
                for m in group:
                    if id(m) in confirmed:
                        continue
                    verdicts[id(m)] = ("AB001",
                                       f"{_desc(m.gene)} was mapped from {_show(m)} through {_via_text(m)}, but the "
                                       f"caption defines {d.abbr} as {d.long!r}{right}",
                                       f"Remove {m.gene.symbol} unless the figure really shows it")
    for m in maps:
        if m.via == "approved" or id(m) in verdicts or id(m) in confirmed:
            continue
        v = _single_verdict(m, cx)
        if v:
            verdicts[id(m)] = v
    flagged_keys = {m.key for m in maps if id(m) in verdicts or id(m) in confirmed} if verdicts or confirmed \
        else ()
    for key, group in groups.items():
        if len(group) == 1:
            # Most words map one gene. For a lone mapping the general case below
            # reduces to: a synonym mapping without a verdict may name a family
            # (its key is flagged only if it has a verdict or is confirmed, and
            # a confirmed mapping has no verdict).
            m = group[0]
            if m.via != "approved" and id(m) not in verdicts:
                v = _family_verdict(m, human)
                if v:
                    verdicts[id(m)] = v
            continue
        if key in flagged_keys and not all(id(m) in confirmed for m in group):
            continue
        via_syn = [m for m in group if m.via != "approved"]
        if not via_syn:
            continue
        genes = {m.gene.symbol: m.gene for m in group}
        if len(genes) == 1 and len(via_syn) == 1 and id(via_syn[0]) not in verdicts:
            v = _family_verdict(via_syn[0], human)
            if v:
                verdicts[id(via_syn[0])] = v
            continue
        stems = {_stem(s) for s in genes}
        # genes rows (inline or table) get AB007 from rules/_judge.py, row by row and
        # only when nothing names the meant gene; here only keyword-rebuilt mappings
        from_rows = via_syn[0].path is not None or via_syn[0].parts[:1] == ("genes",)
        if len(genes) >= 2 and len(stems) == len(genes) and key not in flagged_keys and not from_rows:
            m = via_syn[0]
            meant = _grounded_genes(ctx, m.word, genes)
            if meant:
                # FamPlex says which gene the word names (iNOS -> NOS2): the others are wrong
                for x in group:
                    if x.gene.symbol not in meant:
                        verdicts[id(x)] = ("AB008",
                                           f"{_desc(x.gene)} was mapped from {_show(x)} through {_via_text(x)}, "
                                           f"but {x.word} names {', '.join(sorted(meant))} (FamPlex)",
                                           f"Remove {x.gene.symbol} unless the figure really shows it")
                continue
            listing = "; ".join(f"{_desc(x.gene)} ({x.via})" for x in group)
            verdicts[id(m)] = ("AB007",
                               f"{_show(m)} was mapped to {len(genes)} unrelated genes: {listing}; "
                               f"at most one of them is meant",
                               f"Keep only the gene the figure shows ({', '.join(genes)}), or none")
    if verdicts:
        for m in maps:
            v = verdicts.get(id(m))
            if v:
                issues.append(Issue(v[0], v[1], v[2], m.gene.symbol, m.parts, m.path, m.line))
    return issues


class _Context:
    """What the verdicts on one record's mappings read. The genes present and
    the caption's phosphorylation context are worked out on first use: few
    mappings need them."""

    def __init__(self, record, maps: list, defs: dict, caption: _Caption, human):
        self.record = record
        self.maps = maps
        self.defs = defs
        self.caption = caption
        self.human = human
        groups: dict = {}
        for m in maps:
            group = groups.get(m.key)
            if group is None:
                groups[m.key] = [m]
            else:
                group.append(m)
        self.groups = groups
        self._present = None
        self._phospho = None

    @property
    def present(self) -> set:
        """The record's mapped genes and keywords."""
        if self._present is None:
            self._present = {m.gene.symbol for m in self.maps} | {kw.strip() for _, kw in G.keywords(self.record)}
        return self._present

    @property
    def phospho_context(self) -> bool:
        if self._phospho is None:
            full = self.caption.text
            self._phospho = bool(_PHOSPHO_CONTEXT.search(full)) and "ribosom" not in full.lower()
        return self._phospho


def _family_verdict(m: Mapping, human):
    """AB006/AB008 for the one synonym mapping of a word that maps one gene, or None."""
    family = G.family_members(human, m.term)
    # a real family starts at 1 or 2 (SOCS1..7); COX10/COX11 do not make "COX" a family
    if len(family) < 2 or m.gene.symbol in family or not (
            {f"{m.term.upper()}1", f"{m.term.upper()}2"} & set(family)):
        return None
    members = [human.gene(f) for f in family]
    if _related(m.gene, [g for g in members if g is not None]):
        return ("AB006",
                f"{_show(m)} names a gene family ({', '.join(family)}), but it was mapped to "
                f"{_desc(m.gene)} alone through {_via_text(m)}",
                f"List the family members the figure shows instead of {m.gene.symbol}, "
                f"or keep {m.gene.symbol} if the figure means it")
    if m.via == "previous":
        # HGNC retired the symbol from this gene: today the word is the family's stem
        return ("AB008",
                f"{_desc(m.gene)} was mapped from {_show(m)} through {_via_text(m)}, which HGNC "
                f"retired; today {m.term} is the stem of the {', '.join(family)} family",
                f"Remove {m.gene.symbol} unless the figure really shows it; {m.term} means "
                f"{', '.join(family)}")
    return None


def _show(m: Mapping) -> str:
    """The word as read, or the matched term when the figure word is OCR debris ('His,')."""
    return repr(m.word) if norm_abbr(m.word) == m.key else repr(m.term)


def _related(gene, others) -> bool:
    """Same symbol stem (NOS1/NOS2) or a shared content word in the names (CISH/SOCS1: cytokine)."""
    mine = _tokens(getattr(gene, "name", "") or "")
    for o in others:
        if _stem(o.symbol) == _stem(gene.symbol) or mine & _tokens(getattr(o, "name", "") or ""):
            return True
    return False


# (id(human), word, term) -> what the single-mapping verdicts
# read that does not depend on the record: (word shown, common abbreviation,
# phosphosite-shaped, metabolite, English word, approved owner of the term).
# Pure, and the same synonym mappings recur across records (bounded memo;
# G._KEEP keeps ``human`` alive).
_WORD_FACTS: dict = {}


def _word_facts(m: Mapping, human) -> tuple:
    fk = (id(human), m.word, m.term)
    hit = _WORD_FACTS.get(fk)
    if hit is None:
        G._KEEP.setdefault(id(human), human)
        key, term = m.key, m.term
        word = m.word if norm_abbr(m.word) == key else term
        hit = (word,
               key in G.COMMON_ABBREVIATIONS,
               bool(G.PHOSPHOSITE.match(term) and G.PHOSPHOSITE.match(word)),
               key in G.METABOLITES or term.upper() in G.METABOLITES,
               term.lower() in G.ENGLISH_WORDS and word.lower() == term.lower() and not word.isupper(),
               human.gene(term.upper()) or human.gene(term))
        remember(_WORD_FACTS, fk, hit)
    return hit


def _single_verdict(m: Mapping, cx: _Context):
    key = m.key
    defs = cx.defs
    word, common, site, metabolite, english, owner = _word_facts(m, cx.human)
    if key in defs and not non_gene_definition(defs[key].long, key):
        # the caption says the word is a gene product: the word lists do not apply
        return _other_gene_verdict(m, word, owner, cx)
    if common and key not in defs:
        return ("AB002", f"{_desc(m.gene)} was mapped from {word!r} through {_via_text(m)}, but {word} "
                f"usually means {G.COMMON_ABBREVIATIONS[key]!r}",
                f"Remove {m.gene.symbol} unless the figure really shows it")
    if site and cx.phospho_context \
            and not re.search(re.escape(word) + r"\s*(?:kinase|K\b)", cx.caption.text):
        return ("AB004", f"{_desc(m.gene)} was mapped from {word!r} through {_via_text(m)}, but {word} reads "
                f"as a phosphorylation site (residue and position) in this caption",
                f"Remove {m.gene.symbol} unless the figure really shows it")
    if metabolite:
        return ("AB005", f"{_desc(m.gene)} was mapped from {word!r} through {_via_text(m)}, but {word} is a "
                f"metabolite, ion or amino-acid abbreviation",
                f"Remove {m.gene.symbol} unless the figure really shows it")
    if english:
        return ("AB003", f"{_desc(m.gene)} was mapped from the English word {word!r} through {_via_text(m)}",
                f"Remove {m.gene.symbol} unless the figure really shows it")
    return _other_gene_verdict(m, word, owner, cx)


def _other_gene_verdict(m: Mapping, word: str, owner, cx: _Context):
    """``owner``: the approved gene whose symbol the term is (upper-cased, then as written), or None."""
    key = m.key
    human = cx.human
    if owner is not None and owner.symbol != m.gene.symbol:
        d = cx.defs.get(key)
        if d is not None and not matches_definition(d.long, owner, key):
            # 'Pgp (P-glycoprotein)': the caption's gene is neither the mapped
            # one nor the symbol's owner; naming the owner would mislead
            meant = f"; the caption defines {d.abbr} as {d.long!r}: map it to that gene"
        else:
            meant = f" (the word {word} names {owner.symbol})"
        return ("AB008", f"{_desc(m.gene)} was mapped from {word!r} through {_via_text(m)}, but {owner.symbol} "
                f"is the approved symbol of another gene ({owner.name})",
                f"Remove {m.gene.symbol} unless the figure really shows it{meant}")
    if m.via == "previous":
        others = [x for x in cx.groups.get(key, []) if x.gene.symbol != m.gene.symbol and x.via == "alias"]
        holders = [g for g in _by_alias(human, m.term) if g.symbol != m.gene.symbol and g.symbol in cx.present]
        holders = holders or [x.gene for x in others]
        # NOS -> NOS1 while NOS is NOS2's alias: relatives, not a conflict
        holders = [g for g in holders if not _related(m.gene, [g])]
        if holders:
            # numbered forms too: ERK1 (MAPK3) and ERK2 (MAPK1) are what "ERK" means
            for n in range(1, 4):
                holders += [g for g in _by_alias(human, f"{m.term}{n}") if g.symbol in cx.present]
            holders = list({g.symbol: g for g in holders}.values())
        if holders:
            names = ", ".join(g.symbol for g in holders)
            return ("AB008", f"{_desc(m.gene)} was mapped from {word!r} through {_via_text(m)}, which HGNC "
                    f"retired; today {m.term} is an alias of {names}, also in this record",
                    f"Remove {m.gene.symbol} unless the figure really shows it; {word} means {names} here")
    return None


# human.by_alias is an SQL query per call; memoised per process by term (bounded).
_BY_ALIAS: dict = {}


def _by_alias(human, term: str) -> tuple:
    ak = (id(human), term)
    hit = _BY_ALIAS.get(ak)
    if hit is None:
        G._KEEP.setdefault(id(human), human)
        hit = tuple(human.by_alias(term))
        remember(_BY_ALIAS, ak, hit)
    return hit


def _gene_context(ctx):
    try:
        return ctx.knowledge("genecontext")
    except Exception:  # no gene-context snapshot: judge without it
        return None


def _grounded_genes(ctx, word: str, genes) -> frozenset:
    """Of ``genes``, those FamPlex grounds ``word`` to (as written), or empty."""
    gc = _gene_context(ctx)
    hit = gc.grounding(word) if gc is not None and word else None
    if hit is None:
        return frozenset()
    db, ident = hit
    members = frozenset({ident}) if db == "HGNC" else gc.family(ident) if db == "FPLX" else frozenset()
    return members & frozenset(genes)
