"""Where snapshots and caches live.

The shipped snapshot sits inside the package (linter/data/genes.sqlite). A
snapshot built by ``pfocr-lint data update`` goes to the user data folder and
wins over the shipped one. Folders come from platformdirs (the per-OS
conventions: XDG on Linux, ~/Library on macOS, AppData on Windows); it is a
dependency of requests-cache anyway. ``PFOCR_LINT_DATA_DIR`` and
``PFOCR_LINT_CACHE_DIR`` override them (tests, CI, shared machines).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from linter.hgnc.layout import SNAPSHOT_NAME

APP = "pfocr-lint"
ENV_DATA = "PFOCR_LINT_DATA_DIR"
ENV_CACHE = "PFOCR_LINT_CACHE_DIR"


def shipped_snapshot() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / SNAPSHOT_NAME


def user_data_dir() -> Path:
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env).expanduser()
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
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP, appauthor=False))
