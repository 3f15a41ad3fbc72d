"""The pieces of `make bench`: generated data, turn-about timing, throughput, first-load size, records.

Gunicorn itself is not started here (`make bench` does); the HTTP client and the throughput
loop run against a small server in a thread.
"""

import dataclasses
import gzip
import http.server
import threading

import pytest

from bench import data, results, run, serve
from bench.pages import first_load_gzip
from terreau.exchanges.models import Answer, FeedItem, Notification, Question
from terreau.knowledge.models import KnowledgeItem

TINY = dataclasses.replace(
    data.SMALL,
    name="tiny",
    members=6,
    questions=4,
    answers_per_question=2,
    knowledge_items=3,
    help_posts=2,
    kudos=2,
    notifications=3,
    calls=1,
    applications_per_call=2,
)


@pytest.mark.django_db
def test_bench_data_builds_a_community_with_every_page_filled():
    scenario = data.build(TINY)

    community = scenario.community
    assert Question.objects.filter(community=community).count() == 4
    assert Answer.objects.filter(question_id=scenario.question_id).count() == 2
    assert Answer.objects.filter(question__community=community).count() == 8
    item = KnowledgeItem.objects.get(pk=scenario.item_id)
    assert (item.status, item.visibility, item.type) == ("published", "members", "good_practice")
    assert KnowledgeItem.objects.filter(community=community).count() == 3
    # One line per question, answer and help post, and one per member's arrival.
    assert FeedItem.objects.filter(community=community).count() == 4 + 8 + 2 + 6
    assert Notification.objects.filter(recipient=scenario.viewer).count() == 3
    assert scenario.counts["answers"] == 8
    assert community.memberships.get(user=scenario.viewer).is_core_team


def test_interleaved_times_page_and_bare_view_turn_about():
    calls = []

    def page():
        calls.append("page")
        return 0.010

    def bare():
        calls.append("bare")
        return 0.002

    figures = serve.interleaved(page, bare, runs=4, budget_seconds=60)

    assert calls == ["bare", "page", "page", "bare", "bare", "page", "page", "bare"]
    assert figures["ms"] == pytest.approx(10)
    assert figures["bare_ms"] == pytest.approx(2)
    assert figures["x_bare"] == pytest.approx(5)
    assert figures["runs"] == 4


def test_x_bare_follows_a_load_that_comes_and_goes():
    # The machine is twice as slow during the last three pairs, and one bare request hits a hiccup.
    pages = iter([0.010] * 3 + [0.020] * 3)
    bares = iter([0.002, 0.050, 0.002, 0.004, 0.004, 0.004])

    figures = serve.interleaved(lambda: next(pages), lambda: next(bares), runs=6, budget_seconds=60)

    assert figures["x_bare"] == pytest.approx(5)


def test_interleaved_cuts_a_slow_page_short_after_the_minimum_runs():
    figures = serve.interleaved(lambda: 0.5, lambda: 0.001, runs=15, min_runs=3, budget_seconds=0)

    assert figures["runs"] == 3


def test_linked_assets_are_style_sheets_and_scripts_once_each():
    html = b"""<html><head>
    <link rel="icon" href="/static/favicon.png">
    <link rel="stylesheet" href="/static/css/terreau.css">
    <script src="/static/vendor/htmx-2.0.11.min.js" defer></script>
    <script type="application/json" id="data">{}</script>
    </head><body><script src='/static/vendor/htmx-2.0.11.min.js'></script></body></html>"""

    assert serve.linked_assets(html) == ["/static/css/terreau.css", "/static/vendor/htmx-2.0.11.min.js"]


def test_first_load_counts_the_page_and_its_static_files_compressed():
    html = b'<link rel="stylesheet" href="/static/css/terreau.css"><p>Bonjour</p>'

    size = first_load_gzip(html)

    assert size > len(gzip.compress(html)) + 1000  # the style sheet, compressed, is a few KB


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        status = 200 if self.headers["Cookie"] == "sessionid=abc" else 403
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def http_port():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_client_sends_the_session_cookie_over_successive_connections(http_port):
    client = serve.Client(http_port, {"sessionid": "abc"})

    answers = [client.get("/bench/bare/") for _ in range(3)]  # HTTP/1.0: each answer closes its connection

    assert [(answer.status, answer.body) for answer in answers] == [(200, b"ok")] * 3
    assert all(answer.seconds > 0 for answer in answers)


def test_throughput_gives_answers_per_second_for_each_path(http_port, monkeypatch):
    monkeypatch.setattr(serve, "SLICE_SECONDS", 0.1)

    rates = serve.throughput(http_port, ["/a/", "/b/"], {"sessionid": "abc"}, threads=2, seconds=0.2)

    assert set(rates) == {"/a/", "/b/"}
    assert all(rate > 10 for rate in rates.values())


def test_throughput_refuses_a_page_that_does_not_answer_200(http_port):
    with pytest.raises(RuntimeError, match="403"):
        serve.throughput(http_port, ["/a/"], {"sessionid": "wrong"}, threads=1, seconds=0.1)


def _result():
    def page(ms, x_bare, queries, size, first_load):
        return {"ms": ms, "x_bare": x_bare, "queries": queries, "bytes": size, "first_load_gz": first_load, "runs": 9}

    sizes = {
        "small": {
            "bare": page(2, 1, 2, 2, 30),
            "questions": page(10, 5, 9, 8_000, 20_000),
        },
        "large": {
            "bare": page(2.5, 1, 2, 2, 30),
            "questions": page(50, 20, 11, 120_000, 70_000),
        },
    }
    counts = {
        name: 1
        for name in (
            "members roles role_assignments questions answers knowledge_items stakeholders actions help_posts calls"
        ).split()
    }
    return {
        "engine": "sqlite",
        "label": "SQLite 3",
        "workers": 2,
        "threads": 4,
        "runs": 9,
        "warmup": 2,
        "throughput_seconds": 3,
        "titles": {"bare": "bare view", "questions": "Q&A list"},
        "sizes": {
            size: {
                "pages": pages,
                "counts": counts,
                "load": 0.5,
                "throughput": {"bare": 400.0, "questions": 40.0 if size == "small" else 10.0},
            }
            for size, pages in sizes.items()
        },
    }


def test_records_keep_name_small_large_ratio_unit():
    records = run._records(_result())

    by_name = {item["name"]: item for item in records}
    assert all(set(item) == {"name", "small", "large", "ratio", "unit"} for item in records)
    assert by_name["sqlite.questions.server_ms"] == {
        "name": "sqlite.questions.server_ms",
        "small": 10,
        "large": 50,
        "ratio": 5.0,
        "unit": "ms",
    }
    assert by_name["sqlite.questions.x_bare"]["large"] == 20
    assert "sqlite.bare.x_bare" not in by_name
    assert by_name["sqlite.questions.first_load_kb_gz"]["large"] == pytest.approx(68.4)
    assert by_name["sqlite.questions.throughput_x_bare"]["small"] == pytest.approx(0.1)
    assert by_name["sqlite.questions.throughput_x_bare"]["large"] == pytest.approx(0.025)


def test_a_page_over_the_targets_is_flagged():
    by_name = {item["name"]: item for item in run._records(_result())}

    assert run.over_targets(by_name, "sqlite", "questions") == [
        "> 15× bare",
        "HTML > 100 KB",
        "1st load > 60 KB gz",
        "more queries",
    ]


def test_merge_replaces_the_records_it_writes_and_keeps_the_others(tmp_path):
    path = tmp_path / "bench.json"
    results.merge([results.record("sqlite.search.p95_ms", 1, 2, "ms"), results.record("a.x", 1, 1, "ms")], path)

    merged = results.merge(run._records(_result()), path)

    names = [item["name"] for item in merged]
    assert names[:2] == ["sqlite.search.p95_ms", "a.x"]
    assert "sqlite.questions.throughput_x_bare" in names
    assert len(names) == len(set(names))


def test_the_table_flags_a_page_over_target_and_gives_the_throughput_share():
    result = _result()

    table = run._table(result, run._records(result))

    assert "Q&A list" in table
    assert "← > 15× bare, HTML > 100 KB, 1st load > 60 KB gz, more queries" in table
    assert "1/10.0 / 1/40.0 of the bare view (NOT better than the 1/30 aim" in table
