"""``pfocr-lint data update`` and ``pfocr-lint data info``.

``update`` downloads HGNC's complete set (``hgnc-download-url``, or
``--url``), or reads ``--from-file``, and builds a fresh snapshot in the user
data folder, where it takes precedence over the shipped one. The mouse and
rat tables (and withdrawn human symbols, which the complete set lacks) are
carried over from the shipped snapshot. Failures are one clear line and exit
code 2, never a traceback.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
import tempfile
from pathlib import Path

from pfocr_lint.hgnc import paths


class UpdateError(Exception):
    pass


def run(args, cfg) -> int:
    if args.data_command == "info":
        return info(cfg)
    if args.data_command == "update":
        try:
            return update(args, cfg)
        except UpdateError as exc:
            print(f"pfocr-lint: error: {exc}", file=sys.stderr)
            return 2
    print(f"pfocr-lint: error: unknown data command {args.data_command!r}", file=sys.stderr)
    return 2


# -- info ------------------------------------------------------------------------

def _snapshot_lines(path: Path, meta: dict) -> list:
    from pfocr_lint.hgnc.layout import describe

    size = path.stat().st_size / 1e6
    return [f"  file:    {path} ({size:.1f} MB)",
            f"  source:  {describe(meta)}",
            f"  genes:   {meta.get('rows_human', '?')} HGNC, {meta.get('rows_mouse', '?')} MGI, "
            f"{meta.get('rows_rat', '?')} RGD records",
            f"  tables:  HGNC {meta.get('hgnc_source', '?')}; MGI {meta.get('mgi_source') or '-'}; "
            f"RGD {meta.get('rgd_source') or '-'}"]


def info(cfg) -> int:
    from pfocr_lint.hgnc import open_snapshot
    from pfocr_lint.hgnc.snapshot import SnapshotError

    notes: list = []
    try:
        snap = open_snapshot(notes.append)
    except (SnapshotError, OSError) as exc:
        print(f"pfocr-lint: error: no usable gene snapshot: {exc}", file=sys.stderr)
        return 2
    print(f"In use: {snap.where}")
    print("\n".join(_snapshot_lines(snap.path, snap.meta)))
    for n in notes:
        print(f"note: {n}")
    user = paths.user_snapshot()
    if snap.path != user and not user.exists():
        print(f"No user snapshot at {user}; 'pfocr-lint data update' builds one from HGNC's current complete set.")
    elif snap.path == user:
        print(f"The shipped snapshot ({paths.shipped_snapshot()}) is the fallback.")
    print(f"HGNC mode: {cfg.hgnc}" + (f" (REST {cfg.hgnc_rest_url}, cache {paths.cache_dir(cfg.hgnc_cache_dir)}, "
                                       f"expiry {cfg.hgnc_cache_expiry_days:g} days)" if cfg.hgnc == "online" else ""))
    return 0


# -- update ----------------------------------------------------------------------

def _download(url: str, dest_dir: Path, timeout: float, what: str = "HGNC's complete set",
              error: type = None, prefix: str = ".hgnc-download-", suffix: str = ".txt",
              agent: str = "pfocr-lint (data update)") -> tuple[Path, str]:
    """Stream ``url`` to a temp file in ``dest_dir`` -> (path, source date).
    Failures raise ``error`` (UpdateError), naming ``what`` was downloaded;
    'data update mesh' downloads through here too."""
    import requests

    error = error or UpdateError
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=dest_dir)
    try:
        with os.fdopen(fd, "wb") as out:
            with requests.get(url, stream=True, timeout=timeout, headers={"User-Agent": agent}) as resp:
                if resp.status_code != 200:
                    raise error(f"cannot download {what} from {url}: HTTP {resp.status_code}")
                for chunk in resp.iter_content(chunk_size=1 << 16):
                    out.write(chunk)
                date = _http_date(resp.headers.get("Last-Modified"))
    except requests.exceptions.RequestException as exc:
        os.unlink(tmp)
        raise error(f"cannot download {what} from {url}: {_reason(exc)}") from None
    except BaseException:
        os.unlink(tmp)
        raise
    return Path(tmp), date


def _reason(exc) -> str:
    import requests

    if isinstance(exc, requests.exceptions.Timeout):
        return "no answer in time"
    text = str(exc)
    if "refused" in text.lower():
        return "connection refused"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "cannot connect (offline?)"
    return type(exc).__name__


def _http_date(value) -> str:
    if value:
        from email.utils import parsedate_to_datetime

        try:
            return parsedate_to_datetime(value).strftime("%Y-%m-%d")
        except (TypeError, ValueError):
            pass
    return _dt.date.today().isoformat()


def update(args, cfg) -> int:
    from pfocr_lint.hgnc import build

    shipped = paths.shipped_snapshot()
    dest = paths.user_snapshot()
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UpdateError(f"cannot create the data folder {dest.parent}: {exc.strerror or exc}") from None
    downloaded = None
    if args.from_file:
        source = Path(args.from_file)
        if not source.is_file():
            raise UpdateError(f"{source}: no such file")
        date = _dt.date.fromtimestamp(source.stat().st_mtime).isoformat()
        origin = str(source)
    else:
        url = args.url or cfg.hgnc_download_url
        print(f"Downloading {url} ...", file=sys.stderr)
        downloaded, date = _download(url, dest.parent, cfg.hgnc_timeout)
        source, origin = downloaded, url
    try:
        carry = shipped if shipped.is_file() else None
        try:
            meta = build.build(dest, [source], hgnc_date=date, carry_from=carry,
                               extra_meta={"origin": origin})
        except build.BuildError as exc:
            raise UpdateError(f"cannot build a snapshot from {origin}: {exc}") from None
        except (OSError, UnicodeError) as exc:
            raise UpdateError(f"cannot build a snapshot from {origin}: {exc}") from None
    finally:
        if downloaded is not None:
            try:
                downloaded.unlink()
            except OSError:
                pass
    print(f"Built {dest}")
    print("\n".join(_snapshot_lines(dest, meta)))
    if carry is not None:
        old = build.snapshot_meta(carry)
        try:
            if int(meta.get("rows_human", 0)) < int(old.get("rows_human", 0)) // 2:
                print(f"warning: the new snapshot has {meta['rows_human']} HGNC records, the shipped one "
                      f"{old['rows_human']}: was the download complete?", file=sys.stderr)
        except ValueError:
            pass
    print("It takes precedence over the shipped snapshot; delete it to go back.")
    return 0
