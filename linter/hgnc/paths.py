"""Where snapshots and caches live.

The shipped snapshot sits inside the package (linter/data/genes.sqlite). A
snapshot built by ``pfocr-lint data update`` goes to the user data folder and
wins over the shipped one. ``PFOCR_LINT_DATA_DIR`` and ``PFOCR_LINT_CACHE_DIR``
override the folders (tests, CI, shared machines). Otherwise: on Linux and
other Unixes the XDG base-directory rules, computed here (two environment
variables; importing platformdirs would cost every run ~5 ms of start-up);
on macOS and Windows platformdirs (a dependency of requests-cache anyway)
knows the conventions (~/Library, AppData).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

from pfocr_lint.hgnc.layout import SNAPSHOT_NAME

APP = "pfocr-lint"
ENV_DATA = "PFOCR_LINT_DATA_DIR"
ENV_CACHE = "PFOCR_LINT_CACHE_DIR"


def shipped_snapshot() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / SNAPSHOT_NAME


def _xdg(var: str, default: str) -> Optional[Path]:
    """The XDG folder for this app, or None where XDG is not the convention."""
    if sys.platform.startswith(("win", "darwin")) or sys.platform == "cygwin":
        return None
    base = os.environ.get(var, "").strip()
    # the spec: relative paths are invalid and must be ignored
    root = Path(base) if base and os.path.isabs(base) else Path.home() / default
    return root / APP


def user_data_dir() -> Path:
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env).expanduser()
    xdg = _xdg("XDG_DATA_HOME", ".local/share")
    if xdg is not None:
        return xdg
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def user_snapshot() -> Path:
    return user_data_dir() / SNAPSHOT_NAME


def cache_dir(configured: Optional[str] = None) -> Path:
    if configured:
        return Path(configured).expanduser()
    env = os.environ.get(ENV_CACHE)
    if env:
        return Path(env).expanduser()
    xdg = _xdg("XDG_CACHE_HOME", ".cache")
    if xdg is not None:
        return xdg
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP, appauthor=False))
