"""Server time and query count of the main pages, at each size, on one database engine.

    python -m bench.pages OUTPUT.json [--runs 15] [--warmup 2]

`bench.run` starts this module in a process of its own for each engine, with the
environment that points `bench.settings` at a scratch database; the figures go to
OUTPUT.json for `bench.run` to print and merge. For each size the database is flushed, the
community is generated (`bench.data`), and each page is requested through Django's test
client, signed in as a core team member (who sees every part of every page; one page is also
measured as a plain member): warm-up runs, one run that counts the queries, then timed runs
whose median is the server time. The test client keeps its database connection between
requests, so opening one is not counted.
"""

import argparse
import gc
import json
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

# A slow page gets fewer timed runs (never fewer than MIN_RUNS) so that `make bench` stays short.
MIN_RUNS = 5
PAGE_BUDGET_SECONDS = 12.0


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


def _is_csv(scenario, response):
    return None if response["Content-Type"].startswith("text/csv") else f"content type {response['Content-Type']}"


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


BARE = Page("bare", "bare view (HttpResponse)", _url("bench_bare"))
PAGES = [
    BARE,
    Page("home", "home, signed in", _url("home")),
    Page("community", "community page", _community_url("overview:community")),
    Page("directory", "member directory", _community_url("communities:members"), _directory_lists_a_page),
    Page("directory_search", "directory search", _community_url("communities:members", query=True), _search_finds_some),
    Page("who_does_what", "who does what", _community_url("communities:roles")),
    # A core team member's page holds an assignment form per role; a member's does not.
    Page("who_does_what_as_member", "who does what, as a member", _community_url("communities:roles"), viewer="member"),
    Page("who_does_what_csv", "who does what (CSV)", _community_url("communities:who_does_what_csv"), _is_csv),
    Page("community_list", "community list", _url("communities:list")),
    Page("workspace", "workspace", _community_url("lifecycle:workspace")),
    Page("stakeholder_map", "stakeholder map", _community_url("definition:stakeholders")),
    Page("charter", "charter", _community_url("charter:detail")),
    Page("action_plan", "action plan", _community_url("launch:actions")),
    Page("launch_pack", "launch pack", _community_url("launch:pack")),
]


def measure(client, scenario, page: Page, *, runs: int, warmup: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = page.path(scenario)
    for _ in range(warmup):
        _check(scenario, page, url, client.get(url))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    # The next request empties the connection's log: copy the queries now.
    sql = [query["sql"] for query in captured.captured_queries]
    _check(scenario, page, url, response)
    gc.collect()
    times = []
    started = time.perf_counter()
    for _ in range(runs):
        before = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - before)
        if len(times) >= MIN_RUNS and time.perf_counter() - started > PAGE_BUDGET_SECONDS:
            break
    return {
        "url": url,
        "ms": median(times) * 1000,
        "runs": len(times),
        "queries": len(sql),
        "sql": sql,
        "bytes": len(response.content),
    }


def _check(scenario, page, url, response):
    problem = None if response.status_code == 200 else f"answered {response.status_code}"
    if problem is None and page.check:
        problem = page.check(scenario, response)
    if problem:
        raise RuntimeError(f"{page.name} ({url}) {problem}")


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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args(argv)

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench import data

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    result = {
        "engine": connection.vendor,
        "label": engine_label(),
        "runs": args.runs,
        "warmup": args.warmup,
        "sizes": {},
    }
    for size in data.SIZES:
        call_command("flush", interactive=False, verbosity=0)
        built = time.perf_counter()
        scenario = data.build(size)
        analyze()
        print(
            f"  {size.name}: generated in {time.perf_counter() - built:.1f} s "
            f"({scenario.counts['members']} members, {scenario.counts['roles']} roles, "
            f"{scenario.counts['role_assignments']} role assignments); measuring",
            flush=True,
        )
        clients = {"core_team": Client(), "member": Client()}
        clients["core_team"].force_login(scenario.viewer)
        clients["member"].force_login(scenario.member)
        for page in PAGES:  # templates, translations and URL resolvers loaded before any timing
            _check(scenario, page, page.path(scenario), clients[page.viewer].get(page.path(scenario)))
        pages = {
            page.name: measure(
                clients[page.viewer],
                scenario,
                page,
                # The bare view is the unit of every page's "x_bare" figure: time it more often.
                runs=args.runs * 4 if page is BARE else args.runs,
                warmup=args.warmup,
            )
            for page in PAGES
        }
        result["sizes"][size.name] = {"counts": scenario.counts, "pages": pages}
    result["seconds"] = time.perf_counter() - started
    result["titles"] = {page.name: page.title for page in PAGES}
    args.output.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
