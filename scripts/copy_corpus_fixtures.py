#!/usr/bin/env python3
"""Copy the real PFOCR corpus into tests/fixtures/corpus/ byte for byte.

Why: tests must never read /work/shared (the material is read-only and absent
from a fresh clone), yet several rule families want to be checked against the
89 real records and their 24 companion tables. This script is the one way the
fixture copy is made, so it can be re-run and audited.

Usage: python scripts/copy_corpus_fixtures.py [SOURCE_CORPUS_DIR]
(default source: /work/shared/corpus). Files are copied with shutil.copyfile
(bytes only, no newline or encoding translation); stale files in the fixture
folders that are not in the source are removed so the copy mirrors it.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEST = REPO / "tests" / "fixtures" / "corpus"
SUBDIRS = {"_figures": "*.md", "_data": "*.tsv"}


def copy(source: Path, dest: Path = DEST) -> dict[str, int]:
    counts: dict[str, int] = {}
    for sub, pattern in SUBDIRS.items():
        src_dir, dst_dir = source / sub, dest / sub
        if not src_dir.is_dir():
            raise SystemExit(f"missing {src_dir}")
        dst_dir.mkdir(parents=True, exist_ok=True)
        wanted = {p.name for p in src_dir.glob(pattern)}
        for stale in dst_dir.glob(pattern):
            if stale.name not in wanted:
                stale.unlink()
        for name in sorted(wanted):
            shutil.copyfile(src_dir / name, dst_dir / name)
        counts[sub] = len(wanted)
    return counts


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else Path("/work/shared/corpus")
    counts = copy(source)
    print(", ".join(f"{n} files -> {DEST / sub}" for sub, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
