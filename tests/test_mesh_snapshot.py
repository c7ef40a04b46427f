"""The MeSH snapshot: the shipped one (facts of the reference README), the
builder's three input formats, the reader's API, and the knowledge provider."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

import pfocr_lint.mesh as mesh
from pfocr_lint.config import Config
from pfocr_lint.engine import RunContext
from pfocr_lint.hgnc import paths
from pfocr_lint.knowledge import load
from pfocr_lint.mesh import build
from pfocr_lint.mesh.snapshot import MeshSnapshot, SnapshotError

FIX = Path(__file__).parent / "fixtures" / "mesh"


@pytest.fixture(autouse=True)
def no_user_snapshot(tmp_path, monkeypatch):
    """Never read the developer's own data folder."""
    monkeypatch.setenv(paths.ENV_DATA, str(tmp_path / "userdata"))
    return tmp_path / "userdata"


@pytest.fixture(scope="module")
def shipped():
    return mesh.open_snapshot()


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("mesh") / "mesh.sqlite"
    build.build(out, [FIX / "desc_subset.tsv", FIX / "supp_subset.tsv"], mesh_date="2025")
    return MeshSnapshot(out, "test")


def test_shipped_snapshot_is_in_the_package_and_small(shipped):
    assert shipped.path == mesh.shipped_snapshot()
    assert shipped.path.parent.name == "data" and shipped.path.parent.parent.name == "linter"
    assert int(shipped.meta["rows_descriptors"]) > 30000
    assert int(shipped.meta["rows_supplementary"]) > 300000
    # the installed package must stay under 40 MB with the gene snapshot beside it
    assert shipped.path.stat().st_size < 20e6
    assert shipped.describe() == "MeSH descriptors + supplementary concepts of 2025 (built " \
        f"{shipped.meta['build_date']}, shipped snapshot)"


def test_docetaxel_supplementary_concept_is_retired(shipped):
    assert shipped.by_id("C067311") is None
    doc = shipped.by_id("D000077143")
    assert (doc.id, doc.label, doc.kind) == ("D000077143", "Docetaxel", "descriptor")
    assert [r.id for r in shipped.by_name("docetaxel")] == ["D000077143"]


@pytest.mark.parametrize("snap_name", ["shipped", "small"])
def test_by_id_accepts_prefixes_and_keeps_meshs_padding(snap_name, request):
    snap = request.getfixturevalue(snap_name)
    assert snap.by_id("mesh:D009369").label == "Neoplasms"
    assert snap.by_id("MESH:D000255").id == "D000255"          # 6 digits
    assert snap.by_id("D000077143").id == "D000077143"         # 9 digits, same number space
    assert snap.by_id("C000592763").mapped == ("D043823",)
    assert snap.by_id("X123") is None and snap.by_id(None) is None and snap.by_id("") is None


@pytest.mark.parametrize("snap_name", ["shipped", "small"])
def test_by_name_ignores_case_punctuation_and_spaces(snap_name, request):
    snap = request.getfixturevalue(snap_name)
    for text in ("adenosine triphosphate", "ADENOSINE-TRIPHOSPHATE", "Adenosine triphosphate.", "atp"):
        assert [r.id for r in snap.by_name(text)][:1] == ["D000255"], text
    assert snap.by_name("asp asp")[0].id == "C108952"
    assert snap.by_name("no such chemical at all") == ()
    assert snap.by_name("") == () and snap.by_name(None) == ()


@pytest.mark.parametrize("snap_name", ["shipped", "small"])
def test_categories_by_tree_and_by_mapped_descriptor(snap_name, request):
    snap = request.getfixturevalue(snap_name)
    assert snap.is_chemical("D002945") and not snap.is_disease("D002945")
    assert snap.is_disease("D009369") and not snap.is_chemical("D009369")
    assert snap.is_disease("D003866")                       # F03 Mental Disorders
    # a supplementary concept has no trees of its own: its mapped descriptor decides
    assert snap.by_id("C108952").trees == ()
    assert snap.is_chemical("C108952")
    if snap_name == "shipped":
        assert snap.tree_heads("C108952") == ("D12 Amino Acids, Peptides, and Proteins",)
        assert snap.tree_heads("D002357") == ("C05 Musculoskeletal Diseases",
                                              "C17 Skin and Connective Tissue Diseases")
    else:   # the head descriptors are not in the subset: the category names the tree
        assert snap.tree_heads("C108952") == ("D12 Chemicals and Drugs",)
    assert not snap.is_chemical("C067311") and snap.tree_heads("C067311") == ()


@pytest.mark.parametrize("snap_name", ["shipped", "small"])
def test_names_chemical_for_the_gene_rules(snap_name, request):
    snap = request.getfixturevalue(snap_name)
    for word in ("ATP", "ADP", "Ca", "Ca2+", "Ca(2+)", "NADPH", "glucose", "Glucose", "F"):
        assert snap.names_chemical(word), word
    for word in ("cancer", "CA", "ca", "Neoplasms", "", None, "STAT1"):
        assert not snap.names_chemical(word), word
    assert snap.element("Ca2+").label == "Calcium"
    assert snap.element("CA") is None


def test_amino_acid_codes_as_written(shipped):
    assert shipped.amino_acid("Arg").label == "Arginine"
    assert shipped.amino_acid("Asp").label == "Aspartic Acid"
    assert shipped.amino_acid("ARG") is None and shipped.element("Arg") is None
    assert shipped.short_name("Gln").id == "D005973" and shipped.short_name("K+").label == "Potassium"
    assert shipped.names_chemical("Asp")


def test_element_symbol_of_a_record(shipped):
    assert shipped.element_symbol("D002118") == "Ca"
    assert shipped.element_symbol(shipped.by_id("D006859")) == "H"
    assert shipped.element_symbol("D001120") is None and shipped.element_symbol("C067311") is None


def test_module_level_names_chemical_opens_the_shipped_snapshot():
    assert mesh.names_chemical("ATP") and mesh.names_chemical("K+")
    assert not mesh.names_chemical("TP53")


def test_provider_names_the_snapshot_in_the_run_sources():
    ctx = RunContext(Config())
    snap = load("mesh", ctx)
    assert snap.by_id("D000077143").label == "Docetaxel"
    assert ctx.sources["mesh"].startswith("MeSH descriptors + supplementary concepts of 2025")


def test_user_snapshot_wins_and_a_bad_one_is_ignored(no_user_snapshot):
    no_user_snapshot.mkdir(parents=True)
    user = no_user_snapshot / "mesh.sqlite"
    build.build(user, [FIX / "desc_subset.tsv", FIX / "supp_subset.tsv"], mesh_date="2026-01-01")
    snap = mesh.open_snapshot()
    assert snap.path == user and "2026-01-01" in snap.describe() and "data update mesh" in snap.describe()
    user.write_bytes(b"not a database")
    notes = []
    snap = mesh.open_snapshot(notes.append)
    assert snap.path == mesh.shipped_snapshot()
    assert notes and notes[0].startswith("mesh: ignoring")


def test_build_meta_and_counts(small):
    assert small.meta["rows_descriptors"] == "24" and small.meta["rows_supplementary"] == "5"
    assert small.meta["mesh_format"] == "tsv, tsv" and small.meta["mesh_date"] == "2025"


def test_build_refuses_a_file_that_is_not_mesh_and_leaves_nothing(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("symbol\tname\nTP53\ttumor protein p53\n")
    out = tmp_path / "out" / "mesh.sqlite"
    with pytest.raises(build.BuildError, match="not a MeSH file"):
        build.build(out, [bad])
    assert not out.exists() and list(out.parent.glob("*")) == []


def test_schema_version_mismatch_is_an_error(tmp_path):
    import sqlite3

    out = tmp_path / "mesh.sqlite"
    build.build(out, [FIX / "desc_subset.tsv"])
    con = sqlite3.connect(out)
    con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with pytest.raises(SnapshotError, match="data update mesh"):
        MeshSnapshot(out)


ASCII_D = """*NEWRECORD
RECTYPE = D
MH = Docetaxel
ENTRY = Docetaxol|T109|NON|EQV|NLM (2019)|180515|abcdef
PRINT ENTRY = Docetaxel Hydrate|T109|NON|EQV|NLM (2019)|180515|abcdef
MN = D02.455.426.392.368.242.888.389
UI = D000077143

*NEWRECORD
RECTYPE = D
MH = Taxoids
ENTRY = Taxoid
MN = D02.455.426.392.368.242.888
UI = D043823

*NEWRECORD
RECTYPE = Q
SH = adverse effects
UI = Q000009
"""

ASCII_C = """*NEWRECORD
RECTYPE = C
NM = 10-O-sec-aminoethyl docetaxel
SY = AE-docetaxel|NON
HM = *Taxoids
UI = C112901
"""

XML_D = """<?xml version="1.0"?>
<DescriptorRecordSet LanguageCode="eng">
<DescriptorRecord DescriptorClass="1">
 <DescriptorUI>D009369</DescriptorUI>
 <DescriptorName><String>Neoplasms</String></DescriptorName>
 <TreeNumberList><TreeNumber>C04</TreeNumber></TreeNumberList>
 <ConceptList><Concept PreferredConceptYN="Y"><ConceptUI>M0014585</ConceptUI>
  <ConceptName><String>Neoplasms</String></ConceptName>
  <TermList><Term><TermUI>T1</TermUI><String>Neoplasms</String></Term>
   <Term><TermUI>T2</TermUI><String>Tumors</String></Term></TermList>
 </Concept></ConceptList>
</DescriptorRecord>
</DescriptorRecordSet>
"""

XML_C = """<?xml version="1.0"?>
<SupplementalRecordSet LanguageCode="eng">
<SupplementalRecord SCRClass="3">
 <SupplementalRecordUI>C538231</SupplementalRecordUI>
 <SupplementalRecordName><String>Example rare tumor syndrome</String></SupplementalRecordName>
 <HeadingMappedToList><HeadingMappedTo><DescriptorReferredTo>
  <DescriptorUI>*D009369</DescriptorUI><DescriptorName><String>Neoplasms</String></DescriptorName>
 </DescriptorReferredTo></HeadingMappedTo></HeadingMappedToList>
 <ConceptList><Concept><TermList><Term><String>ERTS</String></Term></TermList></Concept></ConceptList>
</SupplementalRecord>
</SupplementalRecordSet>
"""


def test_build_from_nlm_ascii_resolves_mapped_headings_by_name(tmp_path):
    d, c = tmp_path / "d2025.bin", tmp_path / "c2025.bin.gz"
    d.write_text(ASCII_D)
    with gzip.open(c, "wt") as fh:
        fh.write(ASCII_C)
    out = tmp_path / "mesh.sqlite"
    meta = build.build(out, [d, c], mesh_date="2025-11-10")
    assert meta["mesh_format"] == "ascii, ascii" and meta["rows_descriptors"] == "2"
    snap = MeshSnapshot(out)
    doc = snap.by_id("D000077143")
    assert doc.synonyms == ("Docetaxol", "Docetaxel Hydrate") and doc.trees[0].startswith("D02")
    assert snap.by_id("Q000009") is None
    ae = snap.by_id("C112901")
    assert ae.mapped == ("D043823",) and snap.is_chemical(ae)
    assert [r.id for r in snap.by_name("ae docetaxel")] == ["C112901"]


def test_build_from_nlm_xml(tmp_path):
    d, c = tmp_path / "desc2025.xml", tmp_path / "supp2025.xml"
    d.write_text(XML_D)
    c.write_text(XML_C)
    out = tmp_path / "mesh.sqlite"
    meta = build.build(out, [d, c])
    assert meta["mesh_format"] == "xml, xml"
    snap = MeshSnapshot(out)
    assert snap.by_id("D009369").synonyms == ("Tumors",)
    rare = snap.by_id("C538231")
    assert rare.mapped == ("D009369",) and snap.is_disease(rare) and not snap.is_chemical(rare)
    assert snap.by_name("erts")[0].id == "C538231"


def test_build_carries_the_missing_kind_over(tmp_path, small):
    d = tmp_path / "d2026.bin"
    d.write_text(ASCII_D)
    out = tmp_path / "mesh.sqlite"
    meta = build.build(out, [d], mesh_date="2026", carry_from=small.path)
    snap = MeshSnapshot(out)
    assert meta["rows_descriptors"] == "2" and meta["rows_supplementary"] == "5"
    assert "supplementary concepts of 2025" in meta["carried_supplementary"]
    assert snap.by_id("C108952").label == "aspartyl-aspartic acid"
