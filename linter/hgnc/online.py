"""Online mode: ask HGNC's REST service, with the snapshot as the safety net.

``{base}/fetch/{symbol|prev_symbol|alias_symbol|entrez_id}/{term}`` with
``Accept: application/json``. Every answer goes through requests-cache (a
SQLite file in the user cache folder, ``hgnc-cache-dir``; entries expire after
``hgnc-cache-expiry-days``), so a second run asks HGNC nothing.

Rules of conduct towards HGNC:
  - one request per distinct (field, term) per run (memo); a term that is an
    approved symbol costs one request, others at most three (symbol, then
    prev_symbol, then alias_symbol, stopping at the first hit);
  - never more than ``hgnc-rate-limit`` (10) requests per second: a
    thread-safe minimum interval, shared through a lock file with the other
    worker processes of the same run;
  - 429 and 5xx are retried with exponential backoff (Retry-After respected,
    capped).
When HGNC cannot be reached (refused, timeout, malformed answer, persistent
errors) the run gets ONE warning and the snapshot answers from then on: a
lint never fails because of the network. ``hgnc-timeout`` bounds the whole
answer, not each socket read: a server that trickles one byte at a time
cannot hold the run. An answer is malformed when it is not HGNC's JSON, or
when a field has the wrong type (a number for a symbol, a text for a list):
it is never used, never cached.
"""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from pfocr_lint.hgnc.api import Gene, Resolution

# Retry policy (module-level so tests can make it fast).
RETRIES = 3              # retries after the first attempt, for 429 and 5xx
BACKOFF = 0.5            # seconds; doubled on each retry
MAX_RETRY_AFTER = 10.0   # never wait longer than this for one retry

_FIELDS = ("symbol", "prev_symbol", "alias_symbol", "entrez_id")
_SEE = re.compile(r"\bsee\s+(.+)$", re.I)


class Unreachable(Exception):
    """HGNC could not answer; the message is the short reason shown to the user."""


class RateLimiter:
    """At most ``rate`` calls per second across threads and, when given a
    lock file, across the processes of a parallel run."""

    def __init__(self, rate: float, lock_path: Optional[Path] = None):
        # 5% margin: jitter on the way must never put rate+1 requests into
        # one second as HGNC counts them
        self.interval = 1.05 / rate if rate > 0 else 0.0
        self._lock = threading.Lock()
        self._next = 0.0
        self.lock_path = lock_path

    def wait(self) -> None:
        if self.interval <= 0:
            return
        with self._lock:
            slot = self._reserve_shared() if self.lock_path else None
            now = time.time()
            if slot is None:
                slot = max(now, self._next)
            self._next = slot + self.interval
            delay = slot - now
            if delay > 0:
                time.sleep(delay)

    def _reserve_shared(self) -> Optional[float]:
        """Take the next free slot from the lock file -> its start time, or
        None when the file cannot be used (then this process limits itself)."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: per-process limit only
            return None
        try:
            self.lock_path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.lock_path, "a+") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)
                try:
                    fh.seek(0)
                    try:
                        stored = float(fh.read().strip() or 0)
                    except ValueError:
                        stored = 0.0
                    now = time.time()
                    # a slot far ahead means a clock went back: do not wait for it
                    slot = max(now, self._next, min(stored, now + self.interval))
                    fh.seek(0)
                    fh.truncate()
                    fh.write(repr(slot + self.interval))
                    fh.flush()
                    return slot
                finally:
                    fcntl.flock(fh, fcntl.LOCK_UN)
        except OSError:
            return None


# The request under way in this thread: the adapter notes when it really
# sends (after the rate limiter's wait), so the deadline counts from there.
_CURRENT = threading.local()


def _make_session(cache_dir: Path, expiry_days: float, limiter: RateLimiter):
    import datetime

    import requests
    import requests_cache

    class LimitedAdapter(requests.adapters.HTTPAdapter):
        # requests-cache calls the adapter only on a cache miss: only real
        # requests wait for the rate limit
        def send(self, request, **kwargs):
            limiter.wait()
            box = getattr(_CURRENT, "box", None)
            if box is not None:
                box["sent"] = time.monotonic()
            resp = super().send(request, **kwargs)
            if box is not None:
                resp.content  # the whole body, here, inside the deadline
                box["received"] = time.monotonic()
            return resp

    cache_dir.mkdir(parents=True, exist_ok=True)
    session = requests_cache.CachedSession(
        str(cache_dir / "hgnc_rest"), backend="sqlite",
        expire_after=datetime.timedelta(days=expiry_days),
        allowable_codes=(200,), allowable_methods=("GET",),
        stale_if_error=True)   # an expired answer beats none when HGNC is down
    adapter = LimitedAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    from pfocr_lint import __version__
    session.headers.update({"Accept": "application/json",
                            "User-Agent": f"pfocr-lint/{__version__} (HGNC cross-checks)"})
    return session


class HGNCClient:
    """Fetches and caches; raises Unreachable with a short reason."""

    def __init__(self, base_url: str, cache_dir: Path, expiry_days: float, timeout: float, rate: float):
        self.base = base_url.rstrip("/")
        self.timeout = timeout
        self.limiter = RateLimiter(rate, cache_dir / "rate.lock")
        self._session = None
        self._cache_dir = cache_dir
        self._expiry = expiry_days
        self._memo: dict = {}
        self.requests_made = 0        # answers that came from the network, not the cache

    def session(self):
        if self._session is None:
            self._session = _make_session(self._cache_dir, self._expiry, self.limiter)
        return self._session

    def fetch(self, field: str, term: str) -> list:
        key = (field, term)
        if key not in self._memo:
            self._memo[key] = self._fetch(field, term)
        return self._memo[key]

    def _fetch(self, field: str, term: str) -> list:
        try:
            import requests

            session = self.session()
        except ImportError as exc:
            raise Unreachable(f"{exc.name or 'requests-cache'} is not installed") from None
        except Exception as exc:  # e.g. the cache folder cannot be written
            raise Unreachable(f"cannot open the answer cache in {self._cache_dir} ({exc})") from None
        url = f"{self.base}/fetch/{field}/{quote(term, safe='')}"
        attempt = 0
        while True:
            try:
                resp = _get_within(session, url, self.timeout)
            except requests.exceptions.Timeout:
                raise Unreachable(f"no answer within {self.timeout:g} s") from None
            except requests.exceptions.ConnectionError as exc:
                raise Unreachable(_connection_reason(exc)) from None
            except requests.exceptions.RequestException as exc:
                raise Unreachable(type(exc).__name__) from None
            except Exception as exc:  # a broken cache file must not break the lint
                raise Unreachable(f"{type(exc).__name__}: {exc}") from None
            if not getattr(resp, "from_cache", False):
                self.requests_made += 1
            status = resp.status_code
            if status == 429 or status >= 500:
                if attempt >= RETRIES:
                    raise Unreachable(f"HTTP {status} after {attempt + 1} attempts")
                time.sleep(_retry_delay(resp, attempt))
                attempt += 1
                continue
            if status != 200:
                # No URL or term in the reason: each worker process of a
                # parallel run fails on its own term, and the run's warnings
                # are de-duplicated by their text (one warning per run).
                raise Unreachable(f"HTTP {status} from /fetch/{field}/")
            try:
                doc = json.loads(resp.content.decode("utf-8"))
                docs = doc["response"]["docs"]
                if not isinstance(docs, list) or not all(isinstance(d, dict) for d in docs):
                    raise TypeError("docs is not a list of records")
                for d in docs:
                    _check_doc(d)
            except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
                self._forget(resp)
                raise Unreachable(f"malformed answer ({exc})" if isinstance(exc, _BadField)
                                  else f"malformed answer ({type(exc).__name__})") from None
            return docs

    def _forget(self, resp) -> None:
        """Do not keep a malformed answer in the cache."""
        try:
            key = getattr(resp, "cache_key", None)
            if key:
                self.session().cache.delete(key)
        except Exception:
            pass


class _BadField(TypeError):
    pass


_TEXT_FIELDS = ("symbol", "name", "status", "hgnc_id", "locus_type")
_LIST_FIELDS = ("alias_symbol", "prev_symbol")


def _check_doc(doc: dict) -> None:
    """Raise _BadField unless every field the linter reads has HGNC's type:
    texts are text, symbol lists are lists of text, entrez_id is a text of
    digits (or a whole number). A wrong type silently read would turn into
    false findings (a number symbol is "unknown") or lost ones."""
    if not isinstance(doc.get("symbol"), str) or not doc["symbol"]:
        raise _BadField("a record without a text 'symbol'")
    for key in _TEXT_FIELDS:
        if key in doc and doc[key] is not None and not isinstance(doc[key], str):
            raise _BadField(f"'{key}' is {type(doc[key]).__name__}, not text")
    for key in _LIST_FIELDS:
        value = doc.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise _BadField(f"'{key}' is not a list of texts")
    entrez = doc.get("entrez_id")
    if entrez is not None and not (isinstance(entrez, str) and entrez.strip().isdigit()
                                   or type(entrez) is int and entrez > 0):
        raise _BadField("'entrez_id' is not a number")


def _get_within(session, url: str, timeout: float):
    """``session.get(url)``, but the whole answer within ``timeout`` seconds
    of being sent (requests' own timeout is per socket read). The request
    runs in a daemon thread; one that misses the deadline is abandoned, and
    the run goes on with the snapshot. The deadline covers the network only:
    from the request leaving (after the rate limiter's wait) to the last
    byte of the answer, not the local cache's bookkeeping."""
    import requests

    box: dict = {}

    def run():
        _CURRENT.box = box
        try:
            box["resp"] = session.get(url, timeout=timeout)
        except BaseException as exc:  # handed to the caller below
            box["exc"] = exc

    worker = threading.Thread(target=run, name="pfocr-lint-hgnc", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.05)
        sent = box.get("sent")
        if (worker.is_alive() and sent is not None and "received" not in box
                and time.monotonic() - sent > timeout):
            raise requests.exceptions.Timeout(f"no complete answer within {timeout:g} s")
    if "exc" in box:
        raise box["exc"]
    return box["resp"]


def _connection_reason(exc) -> str:
    text = str(exc)
    if "refused" in text.lower():
        return "connection refused"
    if "Name or service not known" in text or "getaddrinfo" in text or "resolve" in text.lower():
        return "host name could not be resolved"
    if "timed out" in text.lower():
        return "connection timed out"
    return "connection failed"


def _retry_delay(resp, attempt: int) -> float:
    header = resp.headers.get("Retry-After")
    delay = BACKOFF * (2 ** attempt)
    if header:
        try:
            delay = float(header)
        except ValueError:
            from email.utils import parsedate_to_datetime

            try:
                delay = parsedate_to_datetime(header).timestamp() - time.time()
            except (TypeError, ValueError):
                pass
    return max(0.0, min(delay, MAX_RETRY_AFTER))


def _listify(value) -> tuple:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v) for v in value if v not in (None, ""))
    return (str(value),) if str(value) else ()


class OnlineGenes:
    """Human genes from HGNC REST (implements api.SpeciesGenes); the snapshot
    answers when HGNC cannot."""

    species = "Homo sapiens"
    authority = "HGNC"

    def __init__(self, ctx, fallback, fallback_source: str = "", client: Optional[HGNCClient] = None):
        from pfocr_lint.hgnc import paths

        cfg = ctx.config
        self.ctx = ctx
        self.fallback = fallback
        self.fallback_source = fallback_source
        self.base = cfg.hgnc_rest_url.rstrip("/")
        self.client = client or HGNCClient(cfg.hgnc_rest_url, paths.cache_dir(cfg.hgnc_cache_dir),
                                           cfg.hgnc_cache_expiry_days, cfg.hgnc_timeout, cfg.hgnc_rate_limit)
        self.failed: Optional[str] = None
        self._memo: dict = {}

    def source(self) -> str:
        if self.failed:
            return f"HGNC REST {self.base} unreachable ({self.failed}); answered by {self.fallback_source}"
        return f"HGNC REST {self.base} (cached), falling back to {self.fallback_source}"

    # -- plumbing -----------------------------------------------------------
    def _fetch(self, field: str, term: str) -> Optional[list]:
        """The docs, or None once HGNC has failed in this run."""
        if self.failed:
            return None
        try:
            return self.client.fetch(field, term)
        except Unreachable as exc:
            self.failed = str(exc)
            self.ctx.warn(f"hgnc: HGNC REST at {self.base} could not be used ({exc}); the offline "
                          f"snapshot ({self.fallback_source}) answers for the rest of this run")
            self.ctx.sources["hgnc"] = self.source()
            return None

    def _gene(self, doc: dict) -> Gene:
        symbol = str(doc.get("symbol") or "")
        status = str(doc.get("status") or "Approved")
        replaced: tuple = ()
        if status != "Approved":
            known = self.fallback.resolve(symbol)
            for g in known.genes if known.kind == "withdrawn" else ():
                if g.symbol == symbol and g.replaced_by:
                    replaced = g.replaced_by
                    break
            if not replaced:
                m = _SEE.search(str(doc.get("name") or ""))
                if m:
                    replaced = tuple(s.strip() for s in re.split(r",|\band\b", m.group(1))
                                     if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9@._-]*", s.strip()))
        entrez = doc.get("entrez_id")
        return Gene(symbol=symbol, name=str(doc.get("name") or ""), status=status,
                    hgnc_id=str(doc.get("hgnc_id") or ""), locus_type=str(doc.get("locus_type") or ""),
                    entrez_id=str(entrez) if entrez not in (None, "") else "",
                    aliases=_listify(doc.get("alias_symbol")), previous=_listify(doc.get("prev_symbol")),
                    replaced_by=replaced)

    # -- SpeciesGenes -------------------------------------------------------
    def resolve(self, term: str) -> Resolution:
        if not isinstance(term, str):       # wrong types are the schema's business
            return Resolution(str(term), "unknown")
        hit = self._memo.get(term)
        if hit is None:
            hit = self._resolve(term)
            if hit is None:
                return self.fallback.resolve(term)   # not memoised: the snapshot memoises itself
            self._memo[term] = hit
        return hit

    def _resolve(self, term) -> Optional[Resolution]:
        if not isinstance(term, str) or not term.strip():
            return Resolution(str(term), "unknown")
        found = self._lookup(term)
        if found is None:
            return None
        if found.kind != "unknown":
            return found
        # HGNC's fetch may be case-sensitive, and it knows no miRBase names:
        # let the snapshot say how the term is spelt, then ask HGNC about that
        hint = self.fallback.resolve(term)
        if hint.kind != "unknown" and hint.normalized and hint.normalized != term:
            again = self._lookup(hint.normalized)
            if again is None:
                return None
            if again.kind != "unknown":
                return Resolution(term, again.kind, again.genes, True, hint.normalized)
        return found

    def _lookup(self, term: str) -> Optional[Resolution]:
        """approved > previous > alias > withdrawn, as written, then ignoring case."""
        by_field = {}
        order = (("symbol", "approved"), ("prev_symbol", "previous"), ("alias_symbol", "alias"))
        for field, _ in order:
            docs = self._fetch(field, term)
            if docs is None:
                return None
            by_field[field] = docs
            if field == "symbol" and any(d.get("symbol") == term and d.get("status", "Approved") == "Approved"
                                         for d in docs):
                break
            if field != "symbol" and any(term in _listify(d.get(field)) for d in docs):
                break
        folded = term.casefold()
        for exact in (True, False):
            same = (lambda s: s == term) if exact else (lambda s: s.casefold() == folded)
            for field, kind in order:
                docs = by_field.get(field, [])
                if field == "symbol":
                    hits = [d for d in docs if same(str(d.get("symbol") or ""))
                            and d.get("status", "Approved") == "Approved"]
                    matched = [str(d.get("symbol")) for d in hits]
                else:
                    hits = [d for d in docs if any(same(v) for v in _listify(d.get(field)))]
                    matched = [v for d in hits for v in _listify(d.get(field)) if same(v)]
                if hits:
                    hits.sort(key=lambda d: str(d.get("symbol") or ""))
                    m = matched[0]
                    return Resolution(term, kind, tuple(self._gene(d) for d in hits), m != term,
                                      m if m != term else "")
            withdrawn = [d for d in by_field.get("symbol", []) if same(str(d.get("symbol") or ""))
                         and d.get("status", "Approved") != "Approved"]
            if withdrawn:
                m = str(withdrawn[0].get("symbol"))
                return Resolution(term, "withdrawn", tuple(self._gene(d) for d in withdrawn), m != term,
                                  m if m != term else "")
        return Resolution(term, "unknown")

    def gene(self, symbol: str) -> Optional[Gene]:
        if not isinstance(symbol, str) or not symbol:
            return None
        docs = self._fetch("symbol", symbol)
        if docs is None:
            return self.fallback.gene(symbol)
        hits = [d for d in docs if d.get("symbol") == symbol and d.get("status", "Approved") == "Approved"]
        return self._gene(hits[0]) if hits else None

    def by_entrez(self, entrez_id) -> Optional[Gene]:
        text = str(entrez_id).strip() if entrez_id is not None else ""
        if not text.isdigit():
            return None
        docs = self._fetch("entrez_id", text)
        if docs is None:
            return self.fallback.by_entrez(text)
        hits = [d for d in docs if str(d.get("entrez_id")) == text]
        hits.sort(key=lambda d: d.get("status", "Approved") != "Approved")
        return self._gene(hits[0]) if hits else None

    def by_alias(self, term: str) -> tuple:
        if not isinstance(term, str) or not term:
            return ()
        docs = self._fetch("alias_symbol", term)
        if docs is None:
            return self.fallback.by_alias(term)
        folded = term.casefold()
        hits = [d for d in docs if any(v.casefold() == folded for v in _listify(d.get("alias_symbol")))]
        hits.sort(key=lambda d: str(d.get("symbol") or ""))
        return tuple(self._gene(d) for d in hits)
