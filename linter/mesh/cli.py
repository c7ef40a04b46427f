"""``pfocr-lint data update mesh`` and the MeSH part of ``pfocr-lint data info``.

``update mesh`` builds a fresh MeSH snapshot in the user data folder, where it
takes precedence over the shipped one, from NLM's MeSH files: downloaded
(``--url``, repeatable; by default NLM's ASCII descriptors and supplementary
concepts of the current year) or local (``--from-file``, repeatable). Each
file may be NLM's ASCII (``d2026.bin``, ``c2026.bin``) or XML
(``desc2026.xml``, ``supp2026.xml``) MeSH, or the ID/label/synonyms TSV, gzip
or plain. A kind of record none of them holds (e.g. only descriptors given)
is carried over from the snapshot in use. Failures are one clear line and
exit code 2, never a traceback, and never a half-written snapshot.
"""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path

NLM_ASCII = "https://nlmpubs.nlm.nih.gov/projects/mesh/MESH_FILES/asciimesh/"
TIMEOUT = 60.0


class UpdateError(Exception):
    pass


def default_urls(year: int | None = None) -> list:
    """NLM's ASCII descriptors and supplementary concepts of a MeSH year."""
    year = year or _dt.date.today().year
    return [f"{NLM_ASCII}d{year}.bin", f"{NLM_ASCII}c{year}.bin"]


def info_lines() -> list:
    """The MeSH lines of ``pfocr-lint data info``."""
    from pfocr_lint import mesh
    from pfocr_lint.mesh.snapshot import SnapshotError

    notes: list = []
    try:
        snap = mesh.open_snapshot(notes.append)
    except (SnapshotError, OSError) as exc:
        return [f"MeSH: no usable snapshot: {exc}"]
    meta = snap.meta
    lines = [f"MeSH in use: {snap.where}",
             f"  file:    {snap.path} ({snap.path.stat().st_size / 1e6:.1f} MB)",
             f"  source:  {snap.describe()}",
             f"  records: {meta.get('rows_descriptors', '?')} descriptors, "
             f"{meta.get('rows_supplementary', '?')} supplementary concepts",
             f"  files:   {meta.get('mesh_source', '?')}"]
    lines += [f"note: {n}" for n in notes]
    user = mesh.user_snapshot()
    if snap.path != user:
        lines.append(f"No user MeSH snapshot at {user}; 'pfocr-lint data update mesh' builds one from NLM's files.")
    return lines


def _download(url: str, dest_dir: Path) -> tuple:
    """Stream ``url`` to a temp file in ``dest_dir`` -> (path, source date)."""
    from pfocr_lint.hgnc.cli import _download as download

    return download(url, dest_dir, TIMEOUT, what="MeSH", error=UpdateError, prefix=".mesh-download-",
                    suffix="", agent="pfocr-lint (data update mesh)")


def update(args, cfg) -> int:
    from pfocr_lint import mesh
    from pfocr_lint.mesh import build

    dest = mesh.user_snapshot()
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UpdateError(f"cannot create the data folder {dest.parent}: {exc.strerror or exc}") from None
    sources, downloaded, dates, origins = [], [], [], []
    try:
        if args.from_file:
            for name in args.from_file:
                path = Path(name)
                if not path.is_file():
                    raise UpdateError(f"{path}: no such file")
                sources.append(path)
                dates.append(_dt.date.fromtimestamp(path.stat().st_mtime).isoformat())
                origins.append(str(path))
        else:
            for url in args.url or default_urls():
                print(f"Downloading {url} ...", file=sys.stderr)
                path, date = _download(url, dest.parent)
                downloaded.append(path)
                sources.append(path)
                dates.append(date)
                origins.append(url)
        carry = None
        try:
            carry = mesh.open_snapshot().path
        except Exception:       # no snapshot to carry from: every kind must be given
            carry = None
        try:
            meta = build.build(dest, sources, mesh_date=max(dates), carry_from=carry,
                               extra_meta={"origin": ", ".join(origins),
                                           "mesh_source": ", ".join(Path(o).name for o in origins)})
        except build.BuildError as exc:
            raise UpdateError(f"cannot build a MeSH snapshot from {', '.join(origins)}: {exc}") from None
        except (OSError, UnicodeError, SyntaxError) as exc:    # SyntaxError: ElementTree's ParseError
            raise UpdateError(f"cannot build a MeSH snapshot from {', '.join(origins)}: {exc}") from None
    finally:
        for path in downloaded:
            try:
                path.unlink()
            except OSError:
                pass
    print(f"Built {dest}")
    print(f"  {build.describe(meta)}: {meta['rows_descriptors']} descriptors, "
          f"{meta['rows_supplementary']} supplementary concepts")
    for key in ("carried_descriptors", "carried_supplementary"):
        if key in meta:
            print(f"  carried over: {meta[key]}")
    print("It takes precedence over the shipped MeSH snapshot; delete it to go back.")
    return 0


def run(args, cfg) -> int:
    try:
        return update(args, cfg)
    except UpdateError as exc:
        print(f"pfocr-lint: error: {exc}", file=sys.stderr)
        return 2
