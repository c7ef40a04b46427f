"""Configuration: ``[tool.pfocr-lint]`` in pyproject.toml or a ``.pfocr-lint.toml``.

Searched upward from the working directory; the first file that has a
pfocr-lint section wins (``.pfocr-lint.toml`` before ``pyproject.toml`` in the
same folder). Command-line flags win over the file. Unknown keys are an error.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from pfocr_lint.findings import Severity

DEFAULT_INCLUDE = ["*.md"]
# Folders that never hold records, and the prose files every repository has
# (a README.md in a figure repository is not a record).
DEFAULT_EXCLUDE = [".git", ".venv", "venv", "node_modules", "_site", "__pycache__", ".*_cache",
                   "README.md", "CHANGELOG.md", "CONTRIBUTING.md", "LICENSE.md",
                   "CODE_OF_CONDUCT.md", "SECURITY.md"]


class ConfigError(Exception):
    """A configuration mistake: reported with exit code 2."""


@dataclass
class Config:
    select: Optional[list] = None
    extend_select: list = field(default_factory=list)
    ignore: list = field(default_factory=list)
    per_file_ignores: dict = field(default_factory=dict)
    include: list = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    extend_exclude: list = field(default_factory=list)
    force_exclude: bool = False
    fail_on: str = "error"
    report_level: str = "info"       # the lowest severity the reports show (fail-on sees all)
    format: Optional[str] = None
    max_file_size: int = 5 * 1024 * 1024
    #: rows of one companion table (real ones have at most a few hundred); a
    #: longer table is reported (TB004) and not checked. Each row costs a
    #: finding or reference look-ups, and 5 MB holds over 100,000 short rows:
    #: at 3,000 the costliest tables measured take about 1.3 s (issue 16)
    max_table_rows: int = 3000
    jobs: Optional[int] = None
    baseline: Optional[str] = None   # a baseline file (linter/baseline.py), relative to this file
    #: where pfocr-lint's docs/ folder is published (SARIF helpUri: <docs-url>rules.md#<code>)
    docs_url: Optional[str] = None
    cache_dir: Optional[str] = None  # the result cache's folder (linter/cache.py), relative to this file
    hgnc: str = "offline"            # offline | online | off
    hgnc_rest_url: str = "https://rest.genenames.org"
    hgnc_download_url: str = (
        "https://storage.googleapis.com/public-download-files/hgnc/tsv/tsv/hgnc_complete_set.txt")
    hgnc_cache_dir: Optional[str] = None
    hgnc_cache_expiry_days: float = 30.0
    hgnc_timeout: float = 10.0
    hgnc_rate_limit: float = 10.0
    rules: dict = field(default_factory=dict)  # code/name -> {severity=..., option=...}
    source: Optional[str] = None  # which file it came from, for messages

    def toml_keys(self):
        return {f.name.replace("_", "-") for f in fields(self) if f.name != "source"}


_LIST_KEYS = {"select", "extend_select", "ignore", "include", "exclude", "extend_exclude"}


def find_config_file(start: Path) -> Optional[tuple[Path, dict]]:
    for folder in [start, *start.parents]:
        for name in (".pfocr-lint.toml", "pyproject.toml"):
            candidate = folder / name
            if not candidate.is_file():
                continue
            try:
                doc = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"{candidate}: cannot read configuration: {exc}") from exc
            if name == "pyproject.toml":
                section = doc.get("tool", {}).get("pfocr-lint")
                if section is None:
                    continue
                return candidate, section
            return candidate, doc.get("tool", {}).get("pfocr-lint", doc)
    return None


def load_config(start: Optional[Path] = None, explicit: Optional[Path] = None) -> Config:
    cfg = Config()
    if explicit is not None:
        try:
            doc = tomllib.loads(Path(explicit).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{explicit}: cannot read configuration: {exc}") from exc
        found = (Path(explicit), doc.get("tool", {}).get("pfocr-lint", doc))
    else:
        found = find_config_file((start or Path.cwd()).resolve())
    if found is None:
        return cfg
    path, section = found
    apply_mapping(cfg, section, str(path))
    cfg.source = str(path)
    return cfg


def apply_mapping(cfg: Config, section: dict, where: str) -> None:
    if not isinstance(section, dict):
        raise ConfigError(f"{where}: [tool.pfocr-lint] must be a table")
    known = cfg.toml_keys()
    for key, value in section.items():
        if key not in known:
            close = [k for k in sorted(known) if k.split("-")[0] == key.split("-")[0]]
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise ConfigError(f"{where}: unknown configuration key {key!r}{hint}; "
                              f"known keys: {', '.join(sorted(known))}")
        attr = key.replace("-", "_")
        setattr(cfg, attr, _coerce(attr, value, where, key))


def _coerce(attr: str, value: Any, where: str, key: str) -> Any:
    if attr in _LIST_KEYS:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: {key!r} must be a list of strings")
        return value
    if attr == "fail_on":
        if value not in ("error", "warning", "info", "never"):
            raise ConfigError(f"{where}: 'fail-on' must be one of error, warning, info, never; got {value!r}")
        return value
    if attr == "report_level":
        if value not in ("error", "warning", "info"):
            raise ConfigError(f"{where}: 'report-level' must be one of error, warning, info; got {value!r}")
        return value
    if attr == "docs_url":
        if not isinstance(value, str) or not _is_web_address(value):
            raise ConfigError(f"{where}: 'docs-url' must be an http(s) address such as "
                              f"'https://github.com/OWNER/pfocr-lint/blob/v0.1.0/docs/'; got {value!r}")
        return value
    if attr == "hgnc":
        if value not in ("offline", "online", "off"):
            raise ConfigError(f"{where}: 'hgnc' must be one of offline, online, off; got {value!r}")
        return value
    if attr in ("max_file_size", "max_table_rows", "jobs"):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"{where}: {key!r} must be a positive whole number; got {value!r}")
        return value
    if attr in ("hgnc_cache_expiry_days", "hgnc_timeout", "hgnc_rate_limit"):
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            raise ConfigError(f"{where}: {key!r} must be a positive number; got {value!r}")
        return float(value)
    if attr == "force_exclude":
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: 'force-exclude' must be true or false")
        return value
    if attr in ("per_file_ignores", "rules"):
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: {key!r} must be a table")
        return value
    if not isinstance(value, str):
        raise ConfigError(f"{where}: {key!r} must be a string; got {value!r}")
    return value


def _is_web_address(text: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in text)


def rule_settings(cfg: Config, rule_classes: list) -> dict:
    """Validate ``[tool.pfocr-lint.rules.<code|name>]`` tables against each rule's
    declared options (generically, as yamllint does) -> {code: (severity, options)}."""
    from pfocr_lint.registry import did_you_mean, find_rule

    out: dict = {}
    for key, table in (cfg.rules or {}).items():
        cls = find_rule(key)
        if cls is None:
            raise ConfigError(f"{cfg.source or 'configuration'}: [rules.{key}]: no rule has that code or name"
                              f"{did_you_mean(key)} (see 'pfocr-lint rules')")
        if not isinstance(table, dict):
            raise ConfigError(f"{cfg.source or 'configuration'}: [rules.{key}] must be a table")
        severity = None
        options = {}
        for opt, value in table.items():
            if opt == "severity":
                try:
                    severity = Severity.parse(value)
                except ValueError as exc:
                    raise ConfigError(f"{cfg.source or 'configuration'}: [rules.{key}]: {exc}") from None
                continue
            name = opt.replace("-", "_")
            if name not in cls.options:
                known = ", ".join(["severity"] + [o.replace("_", "-") for o in cls.options]) or "severity"
                raise ConfigError(f"{cfg.source or 'configuration'}: [rules.{key}]: unknown option {opt!r} "
                                  f"for {cls.code} ({cls.name}); known: {known}")
            try:
                options[name] = cls.options[name].validate(opt, value)
            except ValueError as exc:
                raise ConfigError(f"{cfg.source or 'configuration'}: [rules.{key}]: {exc}") from None
        out[cls.code] = (severity, options)
    return out
