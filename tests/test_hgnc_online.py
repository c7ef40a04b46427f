"""Online mode against a real HTTP server on 127.0.0.1 that answers like HGNC:
answers used, the cache, the rate limit, and every way HGNC can fail ending
in the snapshot with one warning."""

from __future__ import annotations

import pytest

import pfocr_lint.hgnc as hgnc
from pfocr_lint.config import Config
from pfocr_lint.engine import RunContext
from pfocr_lint.hgnc import online, paths
from tests.hgnc_server import FakeHGNC, refused_url


@pytest.fixture(autouse=True)
def fast_and_isolated(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ENV_DATA, str(tmp_path / "userdata"))   # shipped snapshot as fallback
    monkeypatch.setattr(online, "BACKOFF", 0.01)
    monkeypatch.setattr(online, "RETRIES", 2)


@pytest.fixture
def server():
    with FakeHGNC() as srv:
        yield srv


def run_ctx(url, cache, **extra):
    cfg = Config(hgnc="online", hgnc_rest_url=url, hgnc_cache_dir=str(cache), hgnc_timeout=0.5,
                 hgnc_rate_limit=extra.pop("rate", 1000.0), **extra)
    return RunContext(cfg)


def load(ctx):
    return hgnc.load_for_run(ctx)


def test_answers_come_from_hgnc(server, tmp_path):
    # the server's CCN1 differs from the snapshot's: prove which one answered
    ccn1 = next(d for d in server.docs if d["symbol"] == "CCN1")
    ccn1["name"] = "answered by the local HGNC"
    ctx = run_ctx(server.url, tmp_path / "cache")
    know = load(ctx)
    res = know.human.resolve("CYR61")
    assert res.kind == "previous" and res.genes[0].symbol == "CCN1"
    assert res.genes[0].name == "answered by the local HGNC"
    assert res.genes[0].entrez_id == "3491" and "CYR61" in res.genes[0].previous
    emt = know.human.resolve("EMT")
    assert emt.kind == "alias" and [g.symbol for g in emt.genes] == ["ITK", "SLC22A3"]
    assert know.human.by_entrez("3491").symbol == "CCN1"
    assert know.human.gene("GAST").name == "gastrin"
    # the snapshot says how a miRNA or a wrongly cased symbol is spelt; HGNC confirms
    mir = know.human.resolve("mir-210")
    assert (mir.kind, mir.genes[0].symbol, mir.case_mismatch) == ("approved", "MIR210", True)
    assert know.human.resolve("A12M1").kind == "withdrawn"
    assert ctx.warnings == []
    assert ctx.sources["hgnc"].startswith(f"HGNC REST {server.url}")
    # mouse and rat stay with the snapshot
    assert know.mouse.resolve("Mtor").kind == "approved"
    # the header HGNC requires for JSON
    assert server.accept and set(server.accept) == {"application/json"}


def test_one_request_per_term_per_run_and_none_on_the_second_run(server, tmp_path):
    terms = ["CCN1", "CYR61", "GAS", "EMT", "ITK", "CCN1", "CYR61"]
    know = load(run_ctx(server.url, tmp_path / "cache"))
    for t in terms * 3:
        know.human.resolve(t)
    paths_seen = server.fetch_paths()
    assert len(paths_seen) == len(set(paths_seen))           # never the same request twice
    assert "/fetch/symbol/CCN1" in paths_seen and paths_seen.count("/fetch/symbol/CCN1") == 1
    first = len(server.requests)
    assert first > 0
    second = load(run_ctx(server.url, tmp_path / "cache"))
    for t in terms:
        assert second.human.resolve(t).kind == know.human.resolve(t).kind
    assert len(server.requests) == first                     # all from the cache


def test_the_rate_limit_holds(server, tmp_path):
    rate = 20.0
    know = load(run_ctx(server.url, tmp_path / "cache", rate=rate))
    for i in range(30):
        know.human.gene(f"NOSUCHGENE{i}")
    stamps = [t for t, p in server.requests]
    assert len(stamps) == 30
    # never more than `rate` arrivals in any one-second window ...
    assert max(sum(1 for s in stamps if t <= s < t + 1) for t in stamps) <= rate
    # ... and evenly spread, not bursts (arrival times jitter a little)
    assert all(b - a >= 5 / rate * 0.9 for a, b in zip(stamps, stamps[5:]))


def test_default_rate_is_ten_per_second(server, tmp_path):
    assert Config().hgnc_rate_limit == 10.0
    know = load(run_ctx(server.url, tmp_path / "cache", rate=10.0))
    for i in range(6):
        know.human.gene(f"NOSUCHGENE{i}")
    stamps = [t for t, p in server.requests]
    assert stamps[-1] - stamps[0] >= 5 * 0.1 * 0.9


def test_the_limit_is_shared_by_threads(tmp_path):
    import threading
    import time

    limiter = online.RateLimiter(50.0, tmp_path / "rate.lock")
    times = []
    lock = threading.Lock()

    def worker():
        for _ in range(5):
            limiter.wait()
            with lock:
                times.append(time.monotonic())
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times.sort()
    assert len(times) == 20
    # 20 waits at 50/s take at least 19 intervals; any 5 in a row span 4 intervals
    # (the threads' own timestamps jitter, so no single gap is compared)
    assert times[-1] - times[0] >= 19 * 0.02 * 0.95
    assert all(b - a >= 4 * 0.02 * 0.8 for a, b in zip(times, times[4:]))


def test_a_429_then_success_is_retried(server, tmp_path):
    server.mode = "flaky"
    server.flaky_failures = 2
    ctx = run_ctx(server.url, tmp_path / "cache")
    res = load(ctx).human.resolve("CCN1")
    assert res.kind == "approved"
    assert ctx.warnings == []
    assert server.fetch_paths()[:3] == ["/fetch/symbol/CCN1"] * 3


def test_retry_after_is_respected_and_capped(monkeypatch):
    class Resp:
        headers = {"Retry-After": "2"}
    assert online._retry_delay(Resp, 0) == 2.0
    Resp.headers = {"Retry-After": "3600"}
    assert online._retry_delay(Resp, 0) == online.MAX_RETRY_AFTER
    Resp.headers = {}
    assert online._retry_delay(Resp, 2) == pytest.approx(online.BACKOFF * 4)


@pytest.mark.parametrize("mode,reason", [
    ("429", "HTTP 429"),
    ("500", "HTTP 500"),
    ("slow", "no answer within"),
    ("malformed", "malformed answer"),
])
def test_failures_fall_back_to_the_snapshot_with_one_warning(server, tmp_path, mode, reason):
    server.mode = mode
    server.delay = 2.0
    ctx = run_ctx(server.url, tmp_path / "cache")
    know = load(ctx)
    assert know.human.resolve("CYR61").genes[0].symbol == "CCN1"   # the snapshot's answer
    assert know.human.resolve("EMT").kind == "alias"
    assert know.human.by_entrez("3491").symbol == "CCN1"
    assert know.human.gene("GAST").name == "gastrin"
    assert len(ctx.warnings) == 1
    assert reason in ctx.warnings[0] and "snapshot" in ctx.warnings[0]
    assert "unreachable" in ctx.sources["hgnc"]
    asked = len(server.requests)
    know.human.resolve("GAS")
    assert len(server.requests) == asked                     # no more tries in this run
    if mode == "malformed":
        # a malformed answer is not cached: the next run asks again
        server.mode = "ok"
        ctx2 = run_ctx(server.url, tmp_path / "cache")
        assert load(ctx2).human.resolve("CYR61").kind == "previous" and ctx2.warnings == []


def test_refused_connection_falls_back(tmp_path):
    ctx = run_ctx(refused_url(), tmp_path / "cache")
    know = load(ctx)
    assert know.human.resolve("CYR61").genes[0].symbol == "CCN1"
    assert len(ctx.warnings) == 1 and "connection refused" in ctx.warnings[0]


def test_persistent_errors_are_bounded_in_time(server, tmp_path):
    import time

    server.mode = "500"
    t0 = time.perf_counter()
    load(run_ctx(server.url, tmp_path / "cache")).human.resolve("CCN1")
    assert time.perf_counter() - t0 < 2.0
    assert len(server.fetch_paths()) == online.RETRIES + 1


def test_online_knowledge_survives_odd_terms(server, tmp_path):
    know = load(run_ctx(server.url, tmp_path / "cache"))
    for odd in (None, 3, "", "9/7", "a b", "ü"):
        assert know.human.resolve(odd).kind == "unknown"
    assert know.human.by_entrez("abc") is None and know.human.by_alias("") == ()


def test_an_unusable_cache_folder_falls_back(server, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    ctx = run_ctx(server.url, blocker / "cache")
    know = load(ctx)
    assert know.human.resolve("CYR61").genes[0].symbol == "CCN1"
    assert len(ctx.warnings) == 1 and "answer cache" in ctx.warnings[0]


def test_the_cache_is_a_sqlite_file_in_the_cache_folder(server, tmp_path):
    load(run_ctx(server.url, tmp_path / "cache")).human.resolve("CCN1")
    assert (tmp_path / "cache" / "hgnc_rest.sqlite").is_file()
