"""Terreau served by a real gunicorn, timed from an HTTP client, each request beside a bare view's.

`bench.pages` starts `Server` on a free port with the environment of its measuring process
(bench settings, the scratch database), then:

- `interleaved()` times a page and the bare view turn about, so that both meet the same
  machine (another process waking up slows both): the page's cost is `x_bare`, the median
  of its times over the bare view's timed beside them;
- `throughput()` keeps N client threads busy on the bare view and on a page, in turns, and
  counts the answers per second; the page's figure over the bare view's is the share of the
  bare rate a real page keeps.

Gunicorn runs as production runs it (`gunicorn terreau.wsgi`, sync workers): a sync worker
closes the connection after each answer, so every request opens one, the bare view's too.
"""

import gzip
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import median

HOST = "testserver"  # in bench.settings' ALLOWED_HOSTS
SLICE_SECONDS = 2.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A gunicorn serving `terreau.wsgi` with the caller's environment (DJANGO_SETTINGS_MODULE=bench.settings)."""

    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def __enter__(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "terreau.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            "--worker-class=sync",
            "--log-level=warning",
            "--timeout=120",
        ]
        self.process = subprocess.Popen(command, env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"})
        deadline = time.monotonic() + 60
        while True:
            try:
                Client(self.port).get("/bench/bare/")
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.__exit__()
                    raise RuntimeError("gunicorn did not start (see above)") from None
                time.sleep(0.2)

    def __exit__(self, *_exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Response:
    status: int
    body: bytes
    seconds: float


class Client:
    """GET requests to 127.0.0.1:`port` with a session cookie; the connection is reopened when the server closes it."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None):
        self.port = port
        self.headers = {"Host": HOST, "Accept-Encoding": "identity"}
        if cookies:
            self.headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def get(self, path: str) -> Response:
        began = time.perf_counter()
        try:
            self.connection.request("GET", path, headers=self.headers)
            answer = self.connection.getresponse()
            body = answer.read()
        except (http.client.HTTPException, ConnectionError):
            self.connection.close()  # a worker that closed a kept connection: retry once on a new one
            began = time.perf_counter()
            self.connection.request("GET", path, headers=self.headers)
            answer = self.connection.getresponse()
            body = answer.read()
        seconds = time.perf_counter() - began
        if answer.will_close:
            self.connection.close()
        return Response(answer.status, body, seconds)


def interleaved(
    page: Callable[[], float],
    bare: Callable[[], float],
    *,
    runs: int,
    min_runs: int = 5,
    budget_seconds: float = 12.0,
) -> dict:
    """Time `page` and `bare` turn about (each returns the seconds one request took).

    Stops after `runs` pairs, or after `min_runs` once `budget_seconds` are spent (a slow page).
    Returns the medians in ms, `x_bare` and the number of pairs. `x_bare` is the median of each
    page time over the bare view's timed beside it (the median of its own pair's and its
    neighbours'), so that a load that comes and goes on the machine, or a bare request caught
    in a hiccup, moves it little.
    """
    page_times, bare_times = [], []
    started = time.perf_counter()
    for turn in range(runs):
        # Which goes first alternates, so neither always follows the other's cache misses.
        first, second = (bare, page) if turn % 2 == 0 else (page, bare)
        a, b = first(), second()
        bare_times.append(a if first is bare else b)
        page_times.append(b if first is bare else a)
        if len(page_times) >= min_runs and time.perf_counter() - started > budget_seconds:
            break
    beside = [median(bare_times[max(0, turn - 1) : turn + 2]) for turn in range(len(bare_times))]
    return {
        "ms": median(page_times) * 1000,
        "bare_ms": median(bare_times) * 1000,
        "x_bare": median(page / bare for page, bare in zip(page_times, beside, strict=True)),
        "runs": len(page_times),
    }


def throughput(port: int, paths: list[str], cookies: dict[str, str], *, threads: int, seconds: float) -> dict:
    """Answers per second to each of `paths`, `threads` clients requesting one after another.

    The paths take turns in slices of about SLICE_SECONDS until each had `seconds` of load, so
    that a machine busier for a moment weighs on all of them alike. A slice counts the requests
    under way when it ends, and lasts until they are answered.
    """
    slices = max(1, round(seconds / SLICE_SECONDS))
    answered, spent = dict.fromkeys(paths, 0), dict.fromkeys(paths, 0.0)
    for _ in range(slices):
        for path in paths:
            count, elapsed = _load(port, path, cookies, threads=threads, seconds=seconds / slices)
            answered[path] += count
            spent[path] += elapsed
    return {path: answered[path] / spent[path] for path in paths}


def _load(port: int, path: str, cookies: dict[str, str], *, threads: int, seconds: float) -> tuple[int, float]:
    counts = [0] * threads
    failures = []
    stop = threading.Event()

    def client(slot):
        session = Client(port, cookies)
        while not stop.is_set():
            response = session.get(path)
            if response.status != 200:
                failures.append(response.status)
                return
            counts[slot] += 1

    workers = [threading.Thread(target=client, args=(slot,)) for slot in range(threads)]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    time.sleep(seconds)
    stop.set()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began  # the requests under way when told to stop are counted too
    if failures:
        raise RuntimeError(f"{path} answered {failures[0]} under load")
    return sum(counts), elapsed


# First load: the page and what it links to, compressed ----------------------------------------

ASSET = re.compile(
    rb"""<link\b[^>]*\brel=["']?(?:stylesheet|modulepreload)["']?[^>]*>|<script\b[^>]*\bsrc=[^>]*>""", re.IGNORECASE
)
URL_ATTRIBUTE = re.compile(rb"""\b(?:href|src)=["']([^"']+)["']""", re.IGNORECASE)


def linked_assets(html: bytes) -> list[str]:
    """The addresses of the style sheets and scripts a page links to, in order, each once."""
    found = []
    for tag in ASSET.findall(html):
        if (match := URL_ATTRIBUTE.search(tag)) and (url := match.group(1).decode()) not in found:
            found.append(url)
    return found


def gzip_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6, mtime=0))
