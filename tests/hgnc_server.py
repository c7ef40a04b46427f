"""A real HTTP server on 127.0.0.1 that answers like HGNC, for the online tests.

It serves ``/fetch/{symbol|prev_symbol|alias_symbol|entrez_id}/{term}`` in
HGNC's Solr-style JSON from the fixture custom-download rows, and any file
put in ``files`` (for ``pfocr-lint data update``). ``mode`` makes it
misbehave: "429", "500", "slow" (answers after ``delay`` seconds),
"malformed" (200 with a body that is not JSON), "flaky" (the first
``flaky_failures`` requests get a 429, then normal answers), "404" (every
fetch is not found), "trickle" (a normal answer, one byte every ``delay``
seconds), "wrongtypes" (HGNC's shape, but numbers where texts belong and a
text where a list belongs).
"""

from __future__ import annotations

import csv
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

FIXTURES = Path(__file__).parent / "fixtures" / "hgnc_snapshot"


def load_docs(path: Path = FIXTURES / "custom_download.tsv") -> list:
    docs = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            doc = {"hgnc_id": row["HGNC ID"], "symbol": row["Approved symbol"], "name": row["Approved name"],
                   "status": row["Status"], "locus_type": row["Locus type"]}
            for key, col in (("alias_symbol", "Alias symbols"), ("prev_symbol", "Previous symbols")):
                items = [s.strip() for s in row[col].split(",") if s.strip()]
                if items:
                    doc[key] = items
            if row["NCBI Gene ID(supplied by NCBI)"]:
                doc["entrez_id"] = row["NCBI Gene ID(supplied by NCBI)"]
            docs.append(doc)
    return docs


class FakeHGNC:
    def __init__(self, docs=None):
        self.docs = docs if docs is not None else load_docs()
        self.mode = "ok"
        self.delay = 0.0
        self.flaky_failures = 1
        self.retry_after = "0"
        self.files: dict = {}         # url path -> bytes
        self.requests: list = []      # (time, path) of every request received
        self.accept: list = []        # the Accept header of each request
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02},
                                       daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def fetch_paths(self) -> list:
        return [p for _, p in self.requests if p.startswith("/fetch/")]

    def answer(self, field: str, term: str) -> dict:
        hits = []
        for d in self.docs:
            value = d.get(field)
            values = value if isinstance(value, list) else [value] if value else []
            if term in values:
                hits.append(d)
        return {"responseHeader": {"status": 0, "QTime": 1},
                "response": {"numFound": len(hits), "start": 0, "docs": hits}}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, status, body: bytes, ctype="application/json", headers=None):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                with fake._lock:
                    fake.requests.append((time.monotonic(), self.path))
                    fake.accept.append(self.headers.get("Accept"))
                    n = len(fake.requests)
                if self.path in fake.files:
                    return self._send(200, fake.files[self.path], "text/plain",
                                      {"Last-Modified": "Tue, 04 Mar 2025 10:00:00 GMT"})
                mode = fake.mode
                if mode == "flaky" and n <= fake.flaky_failures:
                    mode = "429"
                if mode == "429":
                    return self._send(429, b'{"error": "too many requests"}',
                                      headers={"Retry-After": fake.retry_after})
                if mode == "500":
                    return self._send(500, b"internal error", "text/plain")
                if mode == "slow":
                    time.sleep(fake.delay)
                if mode == "malformed":
                    return self._send(200, b"<html>maintenance</html>")
                if mode == "404":
                    return self._send(404, b"not found", "text/plain")
                parts = self.path.split("/")
                if len(parts) != 4 or parts[1] != "fetch":
                    return self._send(404, b"not found", "text/plain")
                answer = fake.answer(parts[2], unquote(parts[3]))
                if mode == "wrongtypes":  # on copies: the server's docs stay as they are
                    answer["response"]["docs"] = [dict(d, symbol=12345, prev_symbol="CYR61")
                                                  for d in answer["response"]["docs"]]
                body = json.dumps(answer).encode()
                try:
                    if mode == "trickle":
                        self.send_response(200)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        for i in range(len(body)):
                            self.wfile.write(body[i:i + 1])
                            self.wfile.flush()
                            time.sleep(fake.delay)
                        return
                    self._send(200, body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler


def refused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (connection refused)."""
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"
