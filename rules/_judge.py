"""Judge every gene row of a record: is it of the figure's species, what does
its word mean here, and is this the gene the word names?

One walk over both layouts (inline ``genes`` items and the genes table's rows),
one verdict per row, worked out once per record and read by the rules that
report each kind of verdict (``SP001`` and the ``AB`` family). The older
caption-and-symbol analysis of ``rules/_mapping.py`` runs first; a row it has
already judged is not judged again here, so a curator sees one finding per row.

The steps, for the rows of one word in one organism:

1. **Species** (:mod:`rules._species`): a row of a species the figure is not
   about is reported, whatever its word.
2. **What the word means** (first answer wins):
   a. the caption defines it (``HBP: hexosamine biosynthetic pathway``): a
      non-gene definition means no gene; a gene definition names the genes
      whose names fit it;
   b. FamPlex grounds it: to a gene (``p62`` -> SQSTM1), a family (``PDH``,
      ``CaM``), or a chemical or process (``ATP`` -> CHEBI, ``LPS``);
   c. it is a metabolite, ion or amino-acid abbreviation, or a well-known
      non-gene abbreviation of biology (``FAD``, ``Arg``, ``TCA``);
   d. it is the approved symbol of a human gene (``HK2``, ``GLS``, ``LAT``);
   e. it is an English word written as one (``fog``, ``Mast``, ``Killer``);
   f. it is the stem of a numbered family of approved symbols (``CPT1`` ->
      CPT1A/B/C, ``MAP`` -> MAP1A, MAP2, MAP4...);
   g. exactly one human gene carries it as an HGNC alias or previous symbol
      (``BiP`` -> HSPA5, ``IRE1`` -> ERN1).
3. **Which rows are wrong**: for a non-gene meaning, every row of the word
   (for an English word, only rows reached through a synonym); for a meant
   gene set, every row whose gene (or its human ortholog) is not in it,
   except FamPlex family expansions, which the pipeline makes on purpose.
   A word read through an OCR homoglyph (``Cll`` as CL1, CLI and C11) whose
   readings reach unrelated genes, and a word whose synonyms reach unrelated
   genes with nothing to say which is meant, have all their rows reported.
"""

from __future__ import annotations

import re
from typing import Optional

from pfocr_lint.rules import _genes as G
from pfocr_lint.rules._entities import inline_gene_rows, table_gene_rows
from pfocr_lint.rules._glossary import definitions, norm_abbr
from pfocr_lint.rules._mapping import _gene_context as gene_context
from pfocr_lint.rules._mapping import (_normalised_text, analyse, matches_definition, may_be_defined,
                                       non_gene_definition)
from pfocr_lint.rules._verdict import Issue
from pfocr_lint.rules._species import MAMMAL_GROUPS, species_context

SYMBOL_SOURCES = frozenset({"ncbigene_symbol", "hgnc_symbol"})
SYNONYM_SOURCES = frozenset({"ncbigene_synonym", "hgnc_alias_symbol", "hgnc_prev_symbol"})
_STRIP = "()[]{},;:.*+'\"!?«»"
_ORGANISM_CODE = {G.MOUSE: 1, G.RAT: 2}
_CHEMICAL_DBS = {"CHEBI": "ChEBI", "PUBCHEM": "PubChem", "HMDB": "HMDB"}
_HOMOGLYPHS = str.maketrans({"L": "1", "I": "1", "O": "0", "S": "5", "B": "8", "Z": "2"})
_TITLE_OR_LOWER = re.compile(r"^(?:[A-Z]?[a-z]{2,})$")





def _clean(word) -> str:
    return word.strip().strip(_STRIP).strip() if isinstance(word, str) else ""


def _cell(v) -> str:
    return v.strip() if isinstance(v, str) else ""


class _Meaning:
    """What a word means in this record: ``genes`` (human symbols) when some
    gene is meant, ``nongene`` (code, text) when it is not a gene at all."""

    __slots__ = ("genes", "why", "nongene", "english", "strong", "weak", "family")

    def __init__(self, genes=None, why="", nongene=None, english=False, strong=False, weak=False,
                 family=False):
        self.genes = genes
        self.why = why
        self.nongene = nongene
        self.english = english
        self.strong = strong      # the meaning overrides the row's own symbol (caption, FamPlex)
        self.weak = weak          # a guess: rows whose gene HGNC lists the word for are left alone
        self.family = family      # ``genes`` is a family: name no members in the suggestion

    def reason(self) -> str:
        """Why the word means ``genes`` (worked out only for a finding: it reads gene names)."""
        return self.why() if callable(self.why) else self.why


def _describe(human, symbols) -> str:
    out = []
    for s in sorted(symbols)[:6]:
        g = human.gene(s)
        out.append(f"{s} ({g.name})" if g is not None and g.name else s)
    more = len(symbols) - 6
    return ", ".join(out) + (f" and {more} more" if more > 0 else "")


def _meaning(word: str, key: str, defs: "_Definitions", human, gc, row_genes, ctx=None,
             match_only: bool = False, self_named: bool = False) -> Optional[_Meaning]:
    """``self_named``: every row is the approved symbol the word spells (BAX -> BAX,
    Bax): only the caption or FamPlex can then say the word means something else."""
    d = defs.get(key)
    if d is not None and (non_gene_definition(d.long, key)
                          or ctx is not None and _mesh_non_gene(ctx, d.long, diseases=False) is not None):
        return _Meaning(nongene=("AB001", f"the caption defines {d.abbr} as {d.long!r}"), strong=True)
    grounded = gc.grounding(word) if gc is not None else None
    if grounded is None and gc is not None and match_only:
        grounded = gc.grounding(word, True)     # the pipeline's upper-cased match: its case is lost
    if grounded is not None:
        db, ident = grounded
        if db in _CHEMICAL_DBS and d is None:
            return _Meaning(nongene=("AB005", f"{word} is a chemical (FamPlex grounds it to {_CHEMICAL_DBS[db]} "
                                              f"{ident})"), strong=True)
        if db in ("GO", "MESH", "NCIT") and d is None:
            return _Meaning(nongene=("AB002", f"{word} names a process or concept, not a gene (FamPlex grounds "
                                              f"it to {db} {ident})"), strong=True)
        if db == "HGNC" and ident:
            return _Meaning(frozenset({ident}), lambda: f"{word} names {_describe(human, [ident])} (FamPlex)", strong=True)
        if db == "FPLX":
            members = gc.family(ident)
            if members:
                return _Meaning(members, lambda: f"{word} names the {ident} family or complex "
                                                 f"({_describe(human, members)}; FamPlex)", strong=True)
    if self_named:
        return None
    if d is not None:
        # the caption says the word is a gene product: the word lists below do not apply
        fitting = {g.symbol for g in row_genes() if matches_definition(d.long, g, key)}
        if fitting:
            return _Meaning(frozenset(fitting), f"the caption defines {d.abbr} as {d.long!r}", strong=True)
    elif key in G.METABOLITES:
        return _Meaning(nongene=("AB005", f"{word} is a metabolite, ion or amino-acid abbreviation"))
    elif ctx is not None and len(key) >= 3 and (rec := _mesh_non_gene(ctx, word, diseases=False)) is not None:
        return _Meaning(nongene=("AB005", f"{word} is a small molecule in MeSH ({rec.id} {rec.label})"))
    elif key in G.COMMON_ABBREVIATIONS:
        return _Meaning(nongene=("AB002", f"{word} usually means {G.COMMON_ABBREVIATIONS[key]!r}"))
    own = human.gene(key)
    if own is not None:
        return _Meaning(frozenset({own.symbol}),
                        lambda: f"{word} is the approved symbol of {_describe(human, [own.symbol])}")
    if d is None and gc is not None and _TITLE_OR_LOWER.match(word) and gc.is_word(word.lower()):
        return _Meaning(nongene=("AB003", f"{word!r} is an English word"), english=True)
    # Weak readings: they never overrule a row whose gene HGNC lists the word for
    # (FXR is an alias of NR1H4 as well as the stem of FXR1/FXR2).
    if key.isalnum() and 2 <= len(key) <= 8 and not key[-1].isdigit():
        starting = getattr(human, "approved_starting", None)
        if starting is not None:
            family = sorted(s for s in starting(key) if re.fullmatch(re.escape(key) + r"\d{1,2}[A-Z]?", s))
            if len(family) >= 2:
                return _Meaning(frozenset(family), lambda: f"HGNC's {word}-numbered genes are "
                                f"{_describe(human, family)}, and HGNC does not list {word} for this row's gene",
                                weak=True, family=True)
    holders = _holders(human, key)
    if len(holders) == 1:
        (symbol, kind), = holders.items()
        return _Meaning(frozenset({symbol}), lambda: f"HGNC lists {word} for {_describe(human, [symbol])} "
                                                    f"alone (as its {kind})", weak=True)
    return None


def _holders(human, key: str) -> dict:
    """Approved human genes that list ``key`` as an alias or previous symbol: {symbol: kind}."""
    r = human.resolve(key)
    out = {}
    if r.kind in ("alias", "previous"):
        for g in r.genes:
            if g.status == "Approved":
                out[g.symbol] = "previous symbol" if r.kind == "previous" else "alias"
    for g in human.by_alias(key):
        if g.status == "Approved":
            out.setdefault(g.symbol, "alias")
    return out


class _Definitions:
    """The caption's definitions, parsed only when a word asked about can be
    defined there (its normalised letters are in the caption): most captions
    define none of a record's gene words."""

    __slots__ = ("text", "full", "_norm", "_defs")

    def __init__(self, text: str, full: str):
        self.text, self.full, self._norm, self._defs = text, full, None, None

    def get(self, key: str):
        if self._defs is None:
            if self._norm is None:
                self._norm = _normalised_text(self.full)
            if not may_be_defined(key, self._norm):
                return None
            self._defs = definitions(self.text)
        return self._defs.get(key)


class _Row:
    __slots__ = ("row", "word", "key", "match", "symbol", "source", "organism", "group", "names", "humans")

    def __init__(self, row, word, key, match, symbol, source, organism, group, names, humans):
        self.row, self.word, self.key, self.match = row, word, key, match
        self.symbol, self.source, self.organism, self.group = symbol, source, organism, group
        self.names = names      # the nomenclature of the row's organism (or None)
        self.humans = humans    # human symbols of the row's gene (itself, or its orthologs)

    @property
    def gene(self):
        """The row's gene in its own nomenclature, or None (read for messages only)."""
        return self.names.gene(self.symbol) if self.names is not None else None


def _issue(code, message, suggestion, r: _Row) -> Issue:
    row = r.row
    parts = row.parts + ("hgnc_symbol",) if row.inline else ()
    return Issue(code, message, suggestion, r.symbol, parts, row.path, row.line)


def _row_text(r: _Row) -> str:
    gene = r.gene
    name = f" ({gene.name})" if gene is not None and getattr(gene, "name", "") else ""
    species = "" if r.organism in ("", G.HUMAN) else f"{r.organism} "
    return f"{species}{r.symbol}{name}"


def _how(r: _Row) -> str:
    if r.source in SYMBOL_SOURCES:
        return f"the symbol {r.match or r.symbol}"
    via = {"hgnc_alias_symbol": "HGNC alias", "hgnc_prev_symbol": "HGNC previous symbol",
           "ncbigene_synonym": "NCBI Gene synonym"}.get(r.source, r.source or "a lexicon entry")
    return f"the {via} {r.match}" if r.match else f"a {via}"


_UNREAD = object()


def _read_row(row, entry, k, gc, organisms: dict):
    """What judging reads from a row's cells: (word, key, match, symbol, source,
    organism, group, nomenclature, human symbols), or None for a row without a
    symbol or a word. ``entry`` is the organism entry of inline rows (human)."""
    w, lex, symbol = row.word, row.lexicon, row.symbol
    word = w.strip().strip(_STRIP).strip() if isinstance(w, str) else ""
    match = lex.strip() if isinstance(lex, str) else ""
    symbol = symbol.strip() if isinstance(symbol, str) else ""
    if not symbol or not (word or match):
        return None
    if entry is None:
        org = row.organism
        entry = organisms.get(org)
        if entry is None:
            name = org.strip() if isinstance(org, str) else ""
            hit = gc.species(name) if name else None
            entry = organisms[org] = (name, G.nomenclature(k, name) if name else None,
                                      hit[2] if hit else "", _ORGANISM_CODE.get(name))
    organism, names, group, code = entry
    if group == "human":
        humans = (symbol,)
    elif code is not None:
        humans = gc.human_orthologs(code, symbol) | {symbol.upper()}
    else:
        humans = ()
    # rows are grouped by what the word matched (``p62/ZIP–APKC«src`` matched P62)
    key = norm_abbr(word) if word else ""
    if match and key != norm_abbr(match):
        word, key = match, norm_abbr(match)
    src = row.source
    return (word, key, match, symbol, src.strip() if isinstance(src, str) else "",
            organism, group, names, humans)


def _species_text(r: _Row, species) -> tuple:
    """SP001's message and suggestion for a row of a species the figure is not about."""
    where = "this figure" if r.row.inline else "this genes-table row"
    return (f"{where} maps {r.word!r} to {_row_text(r)}, a gene of {r.organism or 'another species'}, "
            f"but the figure is about {species.about()}"
            + (f"; only organisms_ner names {', '.join(species.ner)}" if species.ner else ""),
            f"Remove the row, or add {r.organism} to 'organisms' if the figure shows its genes"
            if not r.row.inline else "Remove the gene unless the figure shows it")


def judge(record, ctx) -> list:
    cached = record.cache.get("judge.issues")
    if cached is not None:
        return cached
    issues: list = []
    record.cache["judge.issues"] = issues
    k = G.gene_knowledge(ctx)
    gc = gene_context(ctx)
    if k is None or gc is None or not isinstance(record.data, dict):
        return issues
    inline, table = inline_gene_rows(record), table_gene_rows(record)
    species = species_context(record, gc)
    if not inline and not table:
        if G.companion(record, "genes") is None and not isinstance(record.data.get("genes"), list):
            issues.extend(_keyword_species(record, ctx, k, gc, species))
        return issues
    human = k.human
    # rows the older analysis has judged keep its finding alone
    done = {(i.path, i.line) if i.path is not None else i.parts[:2] for i in analyse(record, ctx)}
    caption = record.data.get("caption")
    title = record.data.get("figtitle")
    # the caption alone, as the caption analysis reads it: the parser's memo then
    # serves both (titles define nothing in practice)
    defs = _Definitions(caption if isinstance(caption, str) else "",
                        (caption if isinstance(caption, str) else "") + " " + (title if isinstance(title, str) else ""))

    rows: list = []
    # per organism name: (name, nomenclature, group, ortholog code), worked out once
    organisms: dict = {}
    human_entry = (G.HUMAN, G.nomenclature(k, G.HUMAN), "human", None)
    # table rows repeat their cells (one word on many lines, re-runs appended
    # to a table): what a row's cells say is worked out once per distinct cells
    # (table cells are strings; inline items may hold anything, so they are not kept)
    read: dict = {}
    for row in inline + table:
        if row.path is None:
            cells = _read_row(row, human_entry, k, gc, organisms)
        else:
            memo = (row.word, row.lexicon, row.symbol, row.organism, row.source)
            cells = read.get(memo, _UNREAD)
            if cells is _UNREAD:
                cells = read[memo] = _read_row(row, None, k, gc, organisms)
        if cells is not None:
            rows.append(_Row(row, *cells))

    judged = set()
    # 1. species (the verdict per group and the words per row's text, once each)
    accepted: dict = {}
    texts: dict = {}
    for r in rows:
        ok = accepted.get(r.group)
        if ok is None:
            ok = accepted[r.group] = not r.group or species.accepts(r.group)
        if not ok:
            judged.add(id(r))
            if (r.row.path, r.row.line) in done or (r.row.inline and r.row.parts[:2] in done):
                continue
            said = (r.row.inline, r.word, r.symbol, r.organism)
            text = texts.get(said)
            if text is None:
                text = texts[said] = _species_text(r, species)
            issues.append(_issue("SP001", text[0], text[1], r))

    # 2-3. what each word means, per word and organism
    groups: dict = {}
    for r in rows:
        if id(r) not in judged:
            groups.setdefault(r.key, []).append(r)
    series = _label_series(groups)
    meanings: dict = {}
    for key, group in groups.items():
        word = group[0].word
        label = _LABEL.match(key)
        if label and label.group(1) in series and not _holders(human, key) \
                and not any(r.source in SYMBOL_SOURCES for r in group):
            listing = ", ".join(sorted(series[label.group(1)], key=lambda w: (len(w), w)))
            for r in group:
                if (r.row.path, r.row.line) in done or (r.row.inline and r.row.parts[:2] in done):
                    continue
                issues.append(_issue(
                    "AB009", f"{word!r} is one of a series of numbered labels in this figure ({listing}), such as "
                             f"reaction rates or steps; no HGNC gene carries it, and {_row_text(r)} only shares "
                             f"{_how(r)}", "Remove the row unless the figure really shows this gene", r))
            continue
        if key not in meanings:
            def row_genes(group=group):
                return [g for g in (human.gene(h) for r in group for h in r.humans) if g is not None]
            self_named = all(r.source in SYMBOL_SOURCES and r.symbol.upper() == key for r in group)
            meanings[key] = _meaning(word, key, defs, human, gc, row_genes, ctx,
                                     match_only=not any(_clean(r.row.word) == word for r in group),
                                     self_named=self_named)
        m = meanings[key]
        flagged = []
        if m is not None and m.nongene is not None:
            code, why = m.nongene
            for r in group:
                if m.english and (r.source not in SYNONYM_SOURCES or not _TITLE_OR_LOWER.match(r.word)):
                    continue    # an English word only when this row's word is written as one
                if not m.strong and r.source in SYMBOL_SOURCES and r.symbol.upper() == key:
                    continue    # the word is this gene's own symbol: only the caption or FamPlex can overrule it
                flagged.append((r, code, f"{why}, but it was mapped to {_row_text(r)} through {_how(r)}",
                                f"Remove the row: {word} is not a gene here"))
        elif m is not None and m.genes:
            for r in group:
                if r.source not in SYMBOL_SOURCES | SYNONYM_SOURCES or not m.genes.isdisjoint(r.humans):
                    continue
                if r.source in SYMBOL_SOURCES and not m.strong:
                    continue
                if r.group not in MAMMAL_GROUPS:
                    continue    # no orthologs to compare with: the species verdict is all we can say
                if m.weak and any(_holders(human, key).get(h) for h in r.humans):
                    continue
                gene = r.gene
                pseudo = gene is not None and "pseudogene" in (gene.locus_type or "")
                if m.weak and m.family:
                    action = "Remove the row unless the figure shows this gene"
                elif len(m.genes) > 3:
                    action = f"Remove the row; map {word!r} to the members the figure shows"
                else:
                    action = f"Remove the row; map {word!r} to {', '.join(sorted(m.genes))}"
                flagged.append((r, "AB008",
                                f"{m.reason()}; {_row_text(r)} only shares {_how(r)}"
                                + (" (it is a pseudogene of the meant gene)" if pseudo else ""),
                                action))
        else:
            by_organism: dict = {}
            for r in group:
                by_organism.setdefault(r.organism, []).append(r)
            flagged = [f for rs in by_organism.values() for f in _ambiguous(rs, human, word)]
        for r, code, message, suggestion in flagged:
            if (r.row.path, r.row.line) in done or (r.row.inline and r.row.parts[:2] in done):
                continue
            issues.append(_issue(code, message, suggestion, r))
    return issues


#: A letter and a number: v1, V17, k2 (rates and steps of model diagrams).
_LABEL = re.compile(r"^([A-Z])(\d{1,2})$")


def _label_series(groups: dict) -> dict:
    """{letter: words} for letters that label three or more numbered words of the record."""
    found: dict = {}
    for key, group in groups.items():
        m = _LABEL.match(key)
        if m:
            found.setdefault(m.group(1), set()).add(group[0].word)
    return {letter: words for letter, words in found.items() if len({norm_abbr(w) for w in words}) >= 3}


def _unrelated(genes) -> bool:
    stems = {re.sub(r"\d+[A-Z]?\d*$|[A-Z]$", "", g.symbol) or g.symbol for g in genes}
    return len(stems) == len(genes) >= 2


def _ambiguous(group, human, word) -> list:
    """A word with no known meaning whose rows reach unrelated genes through
    synonyms or OCR readings: all rows are reported, at most one is meant."""
    mammal = [r for r in group if r.group in MAMMAL_GROUPS and r.source in SYNONYM_SOURCES]
    if not mammal or any(r.source in SYMBOL_SOURCES for r in group):
        return []
    out = []
    homoglyph = [r for r in mammal if r.match and norm_abbr(_clean(r.row.word)) != norm_abbr(r.match)
                 and norm_abbr(_clean(r.row.word)).translate(_HOMOGLYPHS) == norm_abbr(r.match).translate(_HOMOGLYPHS)]
    genes = {}
    for r in mammal:
        for h in sorted(r.humans):
            g = human.gene(h)
            if g is not None:
                genes.setdefault(g.symbol, g)
                break
    if len(genes) < 2 or not _unrelated(list(genes.values())):
        return []
    listing = ", ".join(sorted(genes))
    if homoglyph:
        return []       # OCR readings: MP002 reports every row of them
    for r in mammal:
        out.append((r, "AB007", f"{word!r} reaches unrelated genes ({listing}) through synonyms, and "
                                f"nothing in the record says which is meant; this row maps it to "
                                f"{_row_text(r)} through {_how(r)}",
                    "Keep only the gene the figure shows, or none"))
    return out


def _keyword_species(record, ctx, k, gc, species) -> list:
    """SP002: on a newer-layout record without a genes table, keywords that no
    human, mouse or rat nomenclature knows, from the lexicon of a species only
    ``organisms_ner`` names (the pipeline maps words in every species NER found)."""
    from pfocr_lint.rules._symbolcheck import analyse as symbol_issues

    foreign = sorted(name for name, grp in species.ner.items()
                     if grp not in MAMMAL_GROUPS and not species.accepts(grp))
    if not foreign or not species.mammalian or species.competing_species:
        return []   # a yeast or bacterial figure's keywords may be its own species' genes
    reported = {i.parts for i in symbol_issues(record, ctx)}
    non_gene = G.non_gene_words(record)
    names = [n for n in (G.nomenclature(k, s) for s in G.TABLED) if n is not None]
    human = k.human
    who = " or ".join(foreign)
    out = []
    for i, raw in G.keywords(record):
        kw = raw.strip()
        parts = ("schema-jsonld", "keywords", i)
        if parts in reported or " " in kw or len(kw) < 2 or kw.upper() in non_gene \
                or kw.lower() in G._PLACEHOLDERS:
            continue
        has_digit = any(ch.isdigit() for ch in kw)
        if (kw.isupper() and not has_digit) or G.chemical_shaped(kw) or kw.upper() in G.METABOLITES:
            continue    # an acronym or a chemical as likely as a gene
        if not has_digit and kw.isalpha() and gc.is_word(kw.lower()):
            continue    # an English word: a disease or process keyword
        if any(n.gene(kw) is not None for n in names):
            continue    # a human, mouse or rat symbol as written
        r = human.resolve(kw)
        if r.kind in ("alias", "previous") and not r.case_mismatch:
            continue    # an HGNC synonym as written: HG003 territory
        if _mesh_non_gene(ctx, kw):
            continue    # a disease or small-molecule name in MeSH (Cardiomyopathy, kynurenine)
        out.append(Issue("SP002",
                         f"keyword {kw!r} is no human, mouse or rat gene symbol as written: the pipeline took it "
                         f"from another lexicon, likely {who}'s, which only 'organisms_ner' names; the figure "
                         f"is about {species.about()}",
                         f"Remove {kw!r}, or add {who} to 'organisms' if the figure shows its genes",
                         kw, parts, None, None))
    return out


#: MeSH trees of small molecules (a record in one of them and in no protein or
#: enzyme tree names a chemical, not a gene product).
_SMALL_MOLECULE_TREES = ("D01", "D02", "D03", "D04", "D08.211", "D09", "D10", "D12.125", "D13.695")
_PROTEIN_TREES = ("D05", "D06", "D08.811", "D12.644", "D12.776", "D23")


def mesh(ctx):
    try:
        return ctx.knowledge("mesh")
    except Exception:  # no MeSH snapshot: the word lists alone decide
        return None


def _mesh_non_gene(ctx, word: str, diseases: bool = True):
    """The MeSH record that names ``word`` as a disease (when asked) or a small
    molecule (never a protein or enzyme), or None."""
    snap = mesh(ctx)
    if snap is None:
        return None
    try:
        for rec in snap.by_name(word):
            if rec.kind != "descriptor":
                continue    # supplementary concepts: obscure chemicals share short names with genes (CPT)
            trees = snap.trees_of(rec)
            if diseases and snap.is_disease(rec.id):
                return rec
            if any(t.startswith(_SMALL_MOLECULE_TREES) for t in trees) and \
                    not any(t.startswith(_PROTEIN_TREES) for t in trees):
                return rec
    except Exception:  # a damaged snapshot must not cost the record its other verdicts
        return None
    return None
