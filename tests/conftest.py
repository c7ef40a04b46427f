"""Suite-wide settings.

The result cache (linter/cache.py) is off for every test but those of the
cache itself (tests/test_cache.py), which turn it on with a folder of their
own: many tests change a rule in-process (monkeypatch) or run the same
record under changed conditions, and a cache shared across the suite (the
user's cache folder by default) would answer them with an earlier result.
Subprocesses inherit the setting.
"""

import os

os.environ["PFOCR_LINT_NO_CACHE"] = "1"
