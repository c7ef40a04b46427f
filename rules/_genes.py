"""Helpers shared by the gene-knowledge rule families (hgnc_symbols, abbreviations).

Which nomenclature a record is judged against
--------------------------------------------
``record_species`` reads ``organisms`` (the curated field); when it holds
nothing usable (``NA``, ``.na.character``, empty, missing) it falls back to
``organisms_ner``; when that is empty too the record is assumed human (PFOCR's
default). Of the species found, human, mouse and rat can be checked (HGNC, MGI,
RGD); ``other`` is True when some other species is listed too, because then a
keyword may legitimately be, say, a Drosophila symbol, and the
"not a symbol"/"wrong case" checks on keywords stand down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pfocr_lint.rules._util import remember

HUMAN, MOUSE, RAT = "Homo sapiens", "Mus musculus", "Rattus norvegicus"
TABLED = (HUMAN, MOUSE, RAT)
_PLACEHOLDERS = {"", "na", ".na.character", "nan", "null", "none", "unknown", "n/a", ".na"}


@dataclass(frozen=True)
class RecordSpecies:
    checked: tuple       # the species among human/mouse/rat the record is about
    other: bool          # some other species is listed as well
    source: str          # "organisms" | "organisms_ner" | "assumed"
    # The pipeline mapped words with the tables of the organisms_ner species;
    # when those include mouse or rat, an unknown lower-case word may be an
    # NCBI rodent locus that our MGI/RGD tables lack (mouse 'tp', 'cx').
    rodent_mapped: bool = False

    @property
    def human(self) -> bool:
        return HUMAN in self.checked


def _known(value) -> list:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [v.strip() for v in value if isinstance(v, str) and v.strip().lower() not in _PLACEHOLDERS]


def record_species(record) -> RecordSpecies:
    cached = record.cache.get("genes.species")
    if cached is not None:
        return cached
    data = record.data if isinstance(record.data, dict) else {}
    organisms, ner = data.get("organisms"), data.get("organisms_ner")
    # The species follow from the two fields alone and a handful of
    # combinations recur in every corpus: memoised per process by their
    # values (lists as tuples; a str and a one-item list give the same answer
    # anyway; unhashable items, never seen in real records, skip the memo).
    key = (tuple(organisms) if isinstance(organisms, list) else organisms,
           tuple(ner) if isinstance(ner, list) else ner)
    try:
        result = _SPECIES.get(key)
    except TypeError:
        result = _record_species(organisms, ner)
    if result is None:
        result = _record_species(organisms, ner)
        remember(_SPECIES, key, result)
    record.cache["genes.species"] = result
    return result


_SPECIES: dict = {}


def _record_species(organisms, ner_value) -> RecordSpecies:
    ner = _known(ner_value)
    declared, source = _known(organisms), "organisms"
    if not declared:
        declared, source = ner, "organisms_ner"
    rodent = any(s in (MOUSE, RAT) for s in (ner or declared))
    if not declared:
        return RecordSpecies((HUMAN,), False, "assumed", False)
    return RecordSpecies(tuple(s for s in TABLED if s in declared),
                         any(s not in TABLED for s in declared), source, rodent)


# Zebrafish and the fruit fly: model species with no gene table in the
# snapshot, whose symbols a newer-layout record carries when NER found them
# (the pipeline maps words in every species NER names). ZFIN writes symbols in
# lowercase (``mtor``); FlyBase in any case (``Tor``, ``Ras85D``, ``mir-210``).
FISH, FLY = "Danio rerio", "Drosophila melanogaster"


def fish_or_fly(record) -> tuple:
    """FISH and/or FLY when ``organisms`` or ``organisms_ner`` names them, else ()."""
    cached = record.cache.get("genes.fish_or_fly")
    if cached is not None:
        return cached
    data = record.data if isinstance(record.data, dict) else {}
    named = set(_known(data.get("organisms"))) | set(_known(data.get("organisms_ner")))
    found = tuple(s for s in (FISH, FLY) if s in named)
    record.cache["genes.fish_or_fly"] = found
    return found


def spelling_species(record, term: str) -> tuple:
    """Of ``fish_or_fly(record)``, the species whose symbol ``term`` could be:
    the fly whatever the case, zebrafish only in lowercase."""
    return tuple(s for s in fish_or_fly(record) if s == FLY or lowercase_symbol(term))


def lowercase_symbol(term: str) -> bool:
    """``mtor``, ``macf1a``: letters all lowercase, as ZFIN and FlyBase write them."""
    return term[:1].isalpha() and term == term.lower() and term != term.upper()


def gene_knowledge(ctx):
    """The GeneKnowledge, or None (no snapshot, ``--hgnc off``): rules then yield nothing."""
    try:
        return ctx.knowledge("hgnc")
    except Exception:  # a broken provider must not break the lint
        return None


def nomenclature(knowledge, species: str):
    if knowledge is None:
        return None
    try:
        return knowledge.for_organism(species)
    except Exception:
        return None


# Memo of resolutions: per process, keyed by the nomenclature object and term.
# _KEEP holds the objects so that their ids cannot be reused by another one.
_RESOLVED: dict = {}
_KEEP: dict = {}


def resolve(names, term: str):
    _KEEP.setdefault(id(names), names)
    key = (id(names), term)
    hit = _RESOLVED.get(key)
    if hit is None:
        hit = names.resolve(term)
        remember(_RESOLVED, key, hit)
    return hit


_FAMILY: dict = {}


def family_members(names, stem: str) -> tuple:
    """Approved symbols ``stem1``..``stem12`` (``FOXO`` -> FOXO1, FOXO3, FOXO4, FOXO6)."""
    _KEEP.setdefault(id(names), names)
    key = (id(names), stem.upper())
    hit = _FAMILY.get(key)
    if hit is None:
        out = []
        up = stem.upper()
        if 2 <= len(up) <= 8 and up.isalnum() and not up[-1].isdigit():
            starting = getattr(names, "approved_starting", None)
            if starting is not None:
                # the snapshot answers with one range query: a term resolves
                # as "approved" without a case mismatch exactly when it is an
                # approved symbol as written
                have = starting(up)
                out = [f"{up}{i}" for i in range(1, 13) if f"{up}{i}" in have]
            else:
                for i in range(1, 13):
                    r = resolve(names, f"{up}{i}")
                    if r.kind == "approved" and not r.case_mismatch:
                        out.append(r.genes[0].symbol)
        hit = _FAMILY[key] = tuple(out)
    return hit


def keywords(record) -> list:
    """``[(index, keyword)]`` of ``schema-jsonld.keywords`` (strings only)."""
    sj = record.data.get("schema-jsonld") if isinstance(record.data, dict) else None
    kws = sj.get("keywords") if isinstance(sj, dict) else None
    if not isinstance(kws, list):
        return []
    return [(i, k) for i, k in enumerate(kws) if isinstance(k, str) and k.strip()]


def inline_rows(record, kind: str) -> list:
    """``[(index, row dict)]`` of the older layout's inline ``genes``/``chemicals``/``diseases``."""
    rows = record.data.get(kind) if isinstance(record.data, dict) else None
    if not isinstance(rows, list):
        return []
    return [(i, r) for i, r in enumerate(rows) if isinstance(r, dict)]


def companion(record, kind: str):
    comps = getattr(record, "companions", None)
    if comps is None:
        return None
    try:
        table = comps.get(kind)
    except Exception:
        return None
    if table is None or getattr(table, "problem", None):
        return None
    return table


_NAME_KEYS = ("word", "name", "match")


def non_gene_words(record) -> set:
    """Upper-cased chemical and disease words/names of the record (inline lists and tables)."""
    cached = record.cache.get("genes.nongene")
    if cached is not None:
        return cached
    out = set()
    data = record.data if isinstance(record.data, dict) else {}
    for kind in ("chemicals", "diseases"):
        rows = data.get(kind)
        for row in rows if isinstance(rows, list) else ():
            if isinstance(row, dict):
                for key in _NAME_KEYS:
                    v = row.get(key)
                    if isinstance(v, str):
                        out.add(v.strip().upper())
        table = companion(record, kind)
        if table is not None:
            # every table row has every header column, as a string: one pass
            # per column present instead of three dict look-ups per row
            for key in _NAME_KEYS:
                if key in table.header:
                    out.update([row[key].strip().upper() for row in table.rows])
    record.cache["genes.nongene"] = out
    return out


# Small molecules, ions and amino acids whose abbreviations are also HGNC
# symbols or aliases (ATP -> ATP8A2, Arg -> ABL2/RERE, NO, cAMP -> CAMP): a
# keyword or figure word that is one of these is a metabolite, not a gene.
METABOLITES = frozenset(x.upper() for x in """
ATP ADP AMP GTP GDP GMP UTP UDP UMP CTP CDP CMP ITP IMP TTP dATP dTTP dTMP dUMP cAMP cGMP
cADPR NAD NADH NAD+ NADP NADPH FAD FADH FADH2 FMN CoA AcCoA SAM SAH GSH GSSG ROS RNS NO
H2O2 H2S CO CO2 O2 Ca Ca2+ Mg Mg2+ Zn Zn2+ Fe Fe2+ Fe3+ Cu K+ Na+ Cl- Pi PPi PIP PIP2 PIP3
IP3 IP4 DAG PA PC PE PS PI LPA LPC S1P PGE2 PGD2 PGF2a PGI2 TXA2 TXB2 LTB4 LTC4 AA EPA DHA
G6P F6P F1,6BP G3P DHAP 3PG 2PG PEP OAA aKG KG TCA BH4 cGAMP GABA DOPA ACh
Ala Arg Asn Asp Cys Gln Glu Gly His Ile Leu Lys Met Phe Pro Ser Thr Trp Tyr Val Sec Pyl
Glc GlcNAc UDP-GlcNAc GalNAc Gal Man Fuc Sia NeuAc KYN Kyn HCY Hcy ADMA SDMA
NH3 NH4 NH4+ HNO3 ONOO OH LDL HDL VLDL TG FFA FA ThPP TPP TDP PLP DAHP LPS
DNA RNA dsRNA ssRNA dsDNA ssDNA mRNA miRNA lncRNA circRNA siRNA shRNA cDNA mtDNA tRNA rRNA
""".split())

# Well-known non-gene abbreviations of biology and medicine that are also HGNC
# aliases or previous symbols: a gene reached through one of them when the
# caption uses the abbreviation is very likely a mapping error.
COMMON_ABBREVIATIONS = {
    "EMT": "epithelial-mesenchymal transition",
    "TME": "tumor microenvironment",
    "ECM": "extracellular matrix",
    "ROS": "reactive oxygen species",
    "RNS": "reactive nitrogen species",
    "UPR": "unfolded protein response",
    "CSC": "cancer stem cell",
    "CSCS": "cancer stem cells",
    "TCA": "tricarboxylic acid cycle",
    "OXPHOS": "oxidative phosphorylation",
    "HBP": "hexosamine biosynthetic pathway",
    "PPP": "pentose phosphate pathway",
    "MDSC": "myeloid-derived suppressor cell",
    "MDSCS": "myeloid-derived suppressor cells",
    "SASP": "senescence-associated secretory phenotype",
    "NET": "neutrophil extracellular trap",
    "NETS": "neutrophil extracellular traps",
    "CAF": "cancer-associated fibroblast",
    "CAFS": "cancer-associated fibroblasts",
    "TAM": "tumor-associated macrophage",
    "TAMS": "tumor-associated macrophages",
    "BBB": "blood-brain barrier",
    "CNS": "central nervous system",
    "PNS": "peripheral nervous system",
    "GI": "gastrointestinal",
    "IR": "ionizing radiation",
    "RT": "radiotherapy",
    "HCC": "hepatocellular carcinoma",
    "NSCLC": "non-small cell lung cancer",
    "CRC": "colorectal cancer",
    "AML": "acute myeloid leukemia",
    "CML": "chronic myeloid leukemia",
    "ALL": "acute lymphoblastic leukemia",
    "MS": "multiple sclerosis",
    "AD": "Alzheimer's disease",
    "PD": "Parkinson's disease",
    "ICD": "immunogenic cell death",
    "PCD": "programmed cell death",
    "MOMP": "mitochondrial outer membrane permeabilization",
    "DSB": "double-strand break",
    "DSBS": "double-strand breaks",
    "HR": "homologous recombination",
    "NHEJ": "non-homologous end joining",
    "EV": "extracellular vesicle",
    "EVS": "extracellular vesicles",
    "LPS": "lipopolysaccharide",
    "PAMP": "pathogen-associated molecular pattern",
    "DAMP": "damage-associated molecular pattern",
}

# Common English words that are HGNC aliases or previous symbols (OUT -> TCF23,
# CAT, CAN, ...): a gene reached through one written in lower case is a word
# read as a symbol.
ENGLISH_WORDS = frozenset("""
a about after all also an and any are as at be been but by can could did do does down each
for from had has have her here him his how if in into is it its just like made make many
may more most much must my new no not now of off on once one only or other our out over
own per put same see set she should so some such than that the their them then there these
they this those through to too two under up upon use used very was way we well were what
when where which while who why will with within without would yes you your
act age aid aim air arm art bad bag bar bed big bit box boy car cat cut day die dry ear eat
end eye far fat few fit fly fun gas get got gun hat hit hot ice job key kid law lay leg let
lie lot low man map men met mix net nor odd oil old pan pay pen pet pop raw red rid row run
sad sat saw say sea sex sit six sky son sun tag tan tax tea ten tie tip top toy try war wet
win yet zip able back band base bear beat best bind bold bone born both call care case cell
cold come cost dark dead deal dear deep door dose draw drop drug dust east easy edge else
even ever face fact fair fall farm fast fear feel fill find fine fire firm fish flat flow
fold food foot form free full gain gate give glad goal gold good gray grow hair half hall
hand hard head heat help hide high hold hole home hope host huge idea item keep kind king
lack lady lake land last late lead less life lift line link list live load lock long look
loop lose loss love main mark mass meal mean meet mild mind miss mode move name near neck
need next nice note open page pain pair pale park part pass past path peak pick pink plan
play plus poor port post pull pure push race rain rank rate read real rest rich ride ring
rise risk road rock role roof room root rule rush safe sale salt sand seed seek self sell
send ship shop shot show shut side sign site size skin slow snow soft soil sole song soon
sort spot star stay step stop such suit sure tail take talk tall task team tell tend term
test text thin time tiny tone tool tour town tree trip true turn type unit vast view wait
wake walk wall want warm wash wave weak wear week wide wild wind wine wing wire wise wish
wood word work yard year zero zone killer
""".split())

# Phospho-sites and residues written like "S16", "T308", "Y705", "Ser473".
PHOSPHOSITE = re.compile(r"^(?:[pP]-?)?(?:[STY]|Ser|Thr|Tyr)\d{1,4}$")

# A keyword that is a chemical by its shape: L-/D- prefixed names, names
# starting with a digit ("5-HT", "13S-HPODE"), "-CoA" esters, and words (or
# hyphenated parts of five letters or more) with the usual chemical endings.
_CHEMICAL_PREFIX = re.compile(r"^(?:\d|[LDNSR]-[A-Za-z]|.*-CoA$)")
_CHEMICAL_ENDING = re.compile(r"^[A-Za-z]{2,}(?:ine|ate|ose|ol|one|ide|ene|ane|acid|oid|ium|in|yl|ite)$", re.I)
_SYMBOL_CHARS = re.compile(r"^[A-Za-z][A-Za-z0-9\-.@/:'()]*$")
# Gene-symbol shapes of other species: fly (Ras64B, Stat92E, Pi3K21B), fish
# (macf1a, cxcl8a), and mixed-case names with a capital inside (ATPsynbeta, CkIIbeta).
_OTHER_SPECIES_SHAPE = re.compile(r"^(?:[A-Z][a-z]+\d+[A-Z][a-z]?|[A-Za-z][a-z0-9]*[a-z][A-Z]+[a-z]*\d*|[a-z]{2,}\d+[a-z]?)$")


def looks_like_symbol(term: str) -> bool:
    """Shape alone says "gene symbol": capitals and/or digits in a short token
    (SRPK, Pi3K21B, ATPsynbeta, p53), never a metabolite abbreviation."""
    if not (2 <= len(term) <= 20) or not _SYMBOL_CHARS.match(term):
        return False
    if term.upper() in METABOLITES:
        return False
    ups = sum(1 for ch in term if ch.isupper())
    digits = any(ch.isdigit() for ch in term)
    if ups >= 2 or (digits and any(ch.isalpha() for ch in term)):
        return True
    # lower-case or Title-case words are English/chemical/disease words unless
    # something else (a family, a case-insensitive match) says otherwise
    return any(ch.isupper() for ch in term[1:])


def chemical_shaped(term: str) -> bool:
    """A chemical's shape: Cisplatin, L-alanine, 5-HT, UDP-glucose, Succinyl-CoA."""
    if _CHEMICAL_PREFIX.match(term):
        return True
    parts = [p for p in term.split("-") if p]
    if len(parts) > 1:
        return any(len(p) >= 5 and _CHEMICAL_ENDING.match(p) for p in parts)
    return sum(1 for ch in term if ch.isupper()) <= 1 and bool(_CHEMICAL_ENDING.match(term))


def other_species_shaped(term: str) -> bool:
    return bool(_OTHER_SPECIES_SHAPE.match(term))


_CASE_CHANGE = re.compile(r"[a-z][A-Z]|[A-Z]{2,}[a-z]{3,}")


def symbol_evidence(term: str) -> bool:
    """Shape evidence that an unknown word is a gene symbol (of some species):
    letters with digits (ECB2, Pi3K21B, macf1a), a capital after a small letter
    (CkIIbeta) or a capital run before a word (ATPsynbeta). An all-capital word
    without digits (AMO, PSC, TAM) is as likely an acronym of anything."""
    has_digit = any(ch.isdigit() for ch in term)
    has_alpha = any(ch.isalpha() for ch in term)
    return (has_digit and has_alpha) or bool(_CASE_CHANGE.search(term)) or other_species_shaped(term)
