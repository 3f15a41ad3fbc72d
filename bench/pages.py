"""The main pages at each size on one database engine, served by gunicorn as users meet them.

    python -m bench.pages OUTPUT.json [--runs 15] [--warmup 2] [--throughput-seconds 3] [--threads 4]

`bench.run` starts this module in a process of its own for each engine, with the
environment that points `bench.settings` at a scratch database; the figures go to
OUTPUT.json for `bench.run` to print and merge. For each size the database is flushed and the
community generated (`bench.data`); then, signed in as a core team member (who sees every
part of every page; one page is also measured as a plain member):

1. each page is requested twice through Django's test client, the second time counting its
   SQL queries;
2. gunicorn starts on a free port (`bench.serve`, two sync workers, production settings) and
   each page is requested over HTTP: warm-up runs, then timed runs interleaved with the bare
   view, whose medians give the time and `x_bare`; the HTML's size and the gzip size of a
   first load (the HTML, its style sheets and scripts);
3. several client threads request the bare view, then the Q&A list, for a few seconds each:
   the Q&A list's answers per second as a share of the bare view's.
"""

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

# A slow page gets fewer timed runs (never fewer than MIN_RUNS) so that `make bench` stays short.
MIN_RUNS = 5
PAGE_BUDGET_SECONDS = 8.0
# Gunicorn's sync workers: two, as on a small server with two cores.
WORKERS = 2


@dataclass(frozen=True)
class Page:
    name: str
    title: str
    path: Callable  # scenario -> URL path
    check: Callable | None = None  # (scenario, response) -> error message or None
    viewer: str = "core_team"  # or "member": who is signed in


# The directory shows one page of members at a time.
DIRECTORY_PAGE_SIZE = 50


def _directory_lists_a_page(scenario, response):
    listed = len(re.findall(rf'href="/c/{scenario.community.slug}/members/\d+/"'.encode(), response.content))
    expected = min(scenario.counts["members"], DIRECTORY_PAGE_SIZE)
    return None if listed == expected else f"lists {listed} members, expected {expected}"


def _search_finds_some(scenario, response):
    listed = len(re.findall(rf'href="/c/{scenario.community.slug}/members/\d+/"'.encode(), response.content))
    expected = min(scenario.counts["search_matches"], DIRECTORY_PAGE_SIZE)
    return None if listed == expected else f"finds {listed} members, expected {expected}"


def _community_url(name, query=None):
    def path(scenario):
        from django.urls import reverse

        url = reverse(name, args=[scenario.community.slug])
        return f"{url}?{urlencode({'q': scenario.search})}" if query else url

    return path


def _url(name):
    def path(scenario):
        from django.urls import reverse

        return reverse(name)

    return path


def _item_url(name, attribute, query=None):
    def path(scenario):
        from django.urls import reverse

        return reverse(name, args=[scenario.community.slug, getattr(scenario, attribute)])

    return path


def _knowledge_search(scenario):
    from django.urls import reverse

    return f"{reverse('knowledge:home', args=[scenario.community.slug])}?{urlencode({'q': scenario.knowledge_search})}"


def _finds_items(scenario, response):
    found = len(re.findall(rf'href="/c/{scenario.community.slug}/knowledge/\d+/"'.encode(), response.content))
    return None if found else "finds no knowledge item"


def _calendar_feed(scenario):
    from django.urls import reverse

    return reverse("calendar:feed", args=[scenario.calendar_key])


def _is_a_calendar(scenario, response):
    body = response.content
    ok = body.startswith(b"BEGIN:VCALENDAR") and b"RRULE:" in body and b"BEGIN:VTIMEZONE" in body
    return None if ok else "is not a calendar with a series"


BARE = Page("bare", "bare view (HttpResponse)", _url("bench_bare"))
QUESTIONS = "questions"  # the page whose throughput is measured against the bare view's
PAGES = [
    BARE,
    Page("home", "home, signed in", _url("home")),
    Page("community", "community page", _community_url("overview:community")),
    Page("directory", "member directory", _community_url("communities:members"), _directory_lists_a_page),
    Page("directory_search", "directory search", _community_url("communities:members", query=True), _search_finds_some),
    Page("who_does_what", "who does what", _community_url("communities:roles")),
    # A core team member's page holds an assignment form per role; a member's does not.
    Page("who_does_what_as_member", "who does what, as a member", _community_url("communities:roles"), viewer="member"),
    Page(QUESTIONS, "Q&A list", _community_url("exchanges:questions")),
    Page("question", "question (10 answers)", _item_url("exchanges:question", "question_id")),
    Page("help_list", "help list", _community_url("exchanges:help_list")),
    Page("feed", "feed", _community_url("exchanges:feed")),
    Page("notifications", "notifications", _url("notifications:all")),
    Page("knowledge", "knowledge list", _community_url("knowledge:home")),
    Page("knowledge_item", "knowledge item", _item_url("knowledge:item", "item_id")),
    Page("knowledge_search", "knowledge search", _knowledge_search, _finds_items),
    Page("workspace", "workspace", _community_url("lifecycle:workspace")),
    Page("charter", "charter", _community_url("charter:detail")),
    Page("stakeholder_map", "stakeholder map", _community_url("definition:stakeholders")),
    Page("action_plan", "action plan", _community_url("launch:actions")),
    Page("launch_pack", "launch pack", _community_url("launch:pack")),
    Page("calls", "calls", _community_url("calls:list")),
    Page("calendar", "calendar", _community_url("events:calendar")),
    Page("calendar_feed", "person's calendar feed (.ics)", _calendar_feed, _is_a_calendar),
    # Governance and the community's health (issues 13 and 14): their cost with 2,000 members.
    Page("circles", "circles map", _community_url("circles:map")),
    Page("decision_log", "decision log", _community_url("decisions:log")),
    Page("ideas", "idea box", _community_url("ideas:list")),
    Page("surveys", "surveys", _community_url("surveys:list")),
    Page("evaluations", "evaluations", _community_url("evaluations:list")),
    Page("weekly_hour", "facilitator's weekly hour", _community_url("overview:weekly_hour")),
    Page("grow", "grow: recruitment and partners", _community_url("overview:grow")),
]


def count_queries(client, scenario, page: Page) -> dict:
    """One request through the test client after a warm-up one: its queries (and their SQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = page.path(scenario)
    _check(scenario, page, url, client.get(url))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    _check(scenario, page, url, response)
    # The next request empties the connection's log: copy the queries now.
    return {"url": url, "queries": len(captured.captured_queries), "sql": [q["sql"] for q in captured]}


def first_load_gzip(html: bytes) -> int:
    """Bytes a first visit downloads, gzip-compressed: the page, its style sheets and scripts."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    from bench import serve

    total = serve.gzip_size(html)
    for url in serve.linked_assets(html):
        if not url.startswith(settings.STATIC_URL):
            continue  # a script from elsewhere would be a CSP violation anyway
        path = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
        if path:
            total += serve.gzip_size(Path(path).read_bytes())
    return total


def measure_served(port: int, cookies: dict, scenario, *, runs: int, warmup: int) -> dict:
    """Each page through gunicorn, interleaved with the bare view; HTML and first-load sizes."""
    from bench import serve

    clients = {viewer: serve.Client(port, jar) for viewer, jar in cookies.items()}
    bare_url = BARE.path(scenario)
    bare_client = clients["core_team"]

    def timed(client, url):
        def get():
            response = client.get(url)
            if response.status != 200:
                raise RuntimeError(f"{url} answered {response.status} through gunicorn")
            return response.seconds

        return get

    for page in PAGES:  # each worker loads templates, translations and URL resolvers before any timing
        for _ in range(max(warmup, 2)):
            timed(clients[page.viewer], page.path(scenario))()
    served = {}
    for page in PAGES:
        url = page.path(scenario)
        client = clients[page.viewer]
        html = client.get(url).body
        figures = serve.interleaved(
            timed(client, url),
            timed(bare_client, bare_url),
            runs=runs * 2 if page is BARE else runs,
            min_runs=MIN_RUNS,
            budget_seconds=PAGE_BUDGET_SECONDS,
        )
        served[page.name] = {**figures, "bytes": len(html), "first_load_gz": first_load_gzip(html)}
    return served


def engine_label() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
        else:
            cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    return f"{connection.display_name} {version}"


def analyze() -> None:
    """PostgreSQL's autovacuum keeps planner statistics; a fresh bulk load has none yet.

    SQLite is left as Terreau runs it (no ANALYZE), so that its plans are production's.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _check(scenario, page, url, response):
    problem = None if response.status_code == 200 else f"answered {response.status_code}"
    if problem is None and page.check:
        problem = page.check(scenario, response)
    if problem:
        raise RuntimeError(f"{page.name} ({url}) {problem}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--throughput-seconds", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=4, help="client threads of the throughput run")
    args = parser.parse_args(argv)

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench import data, serve
    from terreau.accounts import consent

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    result = {
        "engine": connection.vendor,
        "label": engine_label(),
        "runs": args.runs,
        "warmup": args.warmup,
        "workers": WORKERS,
        "threads": args.threads,
        "throughput_seconds": args.throughput_seconds,
        "sizes": {},
    }
    for size in data.SIZES:
        call_command("flush", interactive=False, verbosity=0)
        built = time.perf_counter()
        scenario = data.build(size)
        analyze()
        print(
            f"  {size.name}: generated in {time.perf_counter() - built:.1f} s "
            f"({scenario.counts['members']:,} members, {scenario.counts['questions']:,} questions, "
            f"{scenario.counts['answers']:,} answers, {scenario.counts['knowledge_items']:,} knowledge items); "
            "counting queries",
            flush=True,
        )
        clients = {"core_team": Client(), "member": Client()}
        for person in (scenario.viewer, scenario.member):
            consent.accept(user=person)  # as at sign-up: otherwise every page is the consent page
        clients["core_team"].force_login(scenario.viewer)
        clients["member"].force_login(scenario.member)
        pages = {page.name: count_queries(clients[page.viewer], scenario, page) for page in PAGES}
        cookies = {
            viewer: {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
            for viewer, client in clients.items()
        }
        connection.close()  # gunicorn's workers open their own
        print(f"  {size.name}: timing through gunicorn ({WORKERS} workers)", flush=True)
        with serve.Server(workers=WORKERS) as server:
            served = measure_served(server.port, cookies, scenario, runs=args.runs, warmup=args.warmup)
            questions = next(page for page in PAGES if page.name == QUESTIONS)
            paths = {BARE.name: BARE.path(scenario), questions.name: questions.path(scenario)}
            rates = serve.throughput(
                server.port,
                list(paths.values()),
                cookies["core_team"],
                threads=args.threads,
                seconds=args.throughput_seconds,
            )
            rates = {name: rates[path] for name, path in paths.items()}
        for name, figures in served.items():
            pages[name].update(figures)
        result["sizes"][size.name] = {
            "counts": scenario.counts,
            "pages": pages,
            "throughput": rates,
            "load": os.getloadavg()[0],  # how busy the machine was: the figures are noisier above its cores
        }
    result["seconds"] = time.perf_counter() - started
    result["titles"] = {page.name: page.title for page in PAGES}
    args.output.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
