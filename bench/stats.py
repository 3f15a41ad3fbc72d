"""The statistics dashboard at two years of activity: 5,000 members against a small community.

    python -m bench.stats [--members 5000] [--days 730] [--runs 15] [--output PATH]

In a scratch SQLite database (a temporary TERREAU_VAR_DIR, through `bench.settings`), each size
gets a community whose members visit, read and contribute over `days` days: the activity log is
written in bulk (a few hundred thousand rows at 5,000 members), then aggregated as the periodic
job does on its first run (the time it takes is reported). The dashboard is then requested
through Django's test client as a core team member, by month and by year: the median server
time of `runs` requests, and the queries of one. Target (issue 14): the large community's
dashboard within 2x of the small one's, with the same query count.

Figures go to var/bench.json through `bench.results.merge`: stats.dashboard_<granularity>.server_ms
and .queries, stats.aggregate.seconds, stats.log.rows.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import results

ROOT = Path(__file__).resolve().parent.parent
SMALL = 10
TARGET_RATIO = 2.0
GRANULARITIES = ["month", "year"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--output", type=Path, default=results.BENCH_JSON)
    parser.add_argument("--inner", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:
        return _inner(args.inner, args.members, args.days, args.runs)

    env = {name: value for name, value in os.environ.items() if name not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="bench-" + "x" * 50, TERREAU_HTTPS="0")
    with tempfile.TemporaryDirectory(prefix="terreau-bench-stats-") as scratch:
        env["TERREAU_VAR_DIR"] = scratch
        output = Path(scratch) / "stats.json"
        command = [sys.executable, "-m", "bench.stats", "--members", str(args.members), "--days", str(args.days)]
        command += ["--runs", str(args.runs), "--inner", str(output)]
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        measured = json.loads(output.read_text())
    small, large = measured["small"], measured["large"]
    records = [
        results.record("stats.log.rows", small["rows"], large["rows"], "rows", 0),
        results.record("stats.aggregate.seconds", small["aggregate_s"], large["aggregate_s"], "s"),
    ]
    worst = 0.0
    print(f"{'':24}{'small':>10}{'large':>10}{'ratio':>8}")
    print(f"{'members':24}{small['members']:>10}{large['members']:>10}")
    print(f"{'log rows':24}{small['rows']:>10}{large['rows']:>10}")
    print(f"{'aggregation (s)':24}{small['aggregate_s']:>10.1f}{large['aggregate_s']:>10.1f}")
    for granularity in GRANULARITIES:
        ms = (small["pages"][granularity]["ms"], large["pages"][granularity]["ms"])
        queries = (small["pages"][granularity]["queries"], large["pages"][granularity]["queries"])
        records.append(results.record(f"stats.dashboard_{granularity}.server_ms", *ms, "ms"))
        records.append(results.record(f"stats.dashboard_{granularity}.queries", *queries, "queries"))
        worst = max(worst, ms[1] / ms[0])
        print(f"{'dashboard by ' + granularity + ' (ms)':24}{ms[0]:>10.1f}{ms[1]:>10.1f}{ms[1] / ms[0]:>8.2f}")
        print(f"{'  queries':24}{queries[0]:>10}{queries[1]:>10}")
        if queries[1] > queries[0]:
            print(f"QUERY COUNT GROWS WITH THE DATA: dashboard by {granularity}")
    results.merge(records, args.output)
    verdict = "within" if worst <= TARGET_RATIO else "OVER"
    print(
        f"{args.members} members over {args.days} days: the dashboard takes {worst:.2f}x the small one's, {verdict} 2x."
    )
    return 0 if worst <= TARGET_RATIO else 1


def _inner(output: Path, members: int, days: int, runs: int) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    measured = {}
    for name, size in (("small", SMALL), ("large", members)):
        call_command("flush", interactive=False, verbosity=0)
        started = time.perf_counter()
        community, viewer, rows = _build(size, days)
        built = time.perf_counter() - started
        started = time.perf_counter()
        from terreau.stats import aggregation

        aggregation.aggregate_community(community)
        aggregated = time.perf_counter() - started
        print(f"  {size} members: {rows:,} log rows in {built:.1f} s, aggregated in {aggregated:.1f} s", flush=True)
        measured[name] = {
            "members": size,
            "rows": rows,
            "aggregate_s": aggregated,
            "pages": {g: _measure(community, viewer, g, runs) for g in GRANULARITIES},
        }
    output.write_text(json.dumps(measured))
    return 0


def _build(size: int, days: int):
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from terreau.accounts import consent
    from terreau.accounts.models import User
    from terreau.communities.models import Community, Membership, Phase
    from terreau.stats import aggregation, log
    from terreau.stats.models import Activity, Kind

    rng = random.Random(size)
    community = Community.objects.create(
        name="Circuits courts", slug="circuits-courts", purpose="Bench", phase=Phase.RUN
    )
    Community.objects.filter(pk=community.pk).update(created_at=timezone.now() - timedelta(days=days))
    community.refresh_from_db()
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"m{index}@bench.test", display_name=f"Membre {index}", password=password) for index in range(size)
    )
    now = timezone.now()
    levels = list(Membership.Engagement)
    memberships = Membership.objects.bulk_create(
        Membership(
            community=community,
            user=user,
            engagement=levels[index % 4],
            is_core_team=index < 3,
            joined_at=now - timedelta(days=rng.randint(0, days)),
        )
        for index, user in enumerate(users)
    )
    viewer = users[0]
    consent.accept(user=viewer)
    today = log.today(community)
    first = today - timedelta(days=days)
    joined_day = {m.pk: log.local_day(community, m.joined_at) for m in memberships}
    rows = [log.row(community, Kind.JOINED, membership=m, thing=m, occurred_at=m.joined_at) for m in memberships]
    total = len(rows)
    Activity.objects.bulk_create(rows, batch_size=5000)
    # Each day, about 6 % of the members visit, half of them read something, 1 in 15 contributes.
    for offset in range(days + 1):
        day = first + timedelta(days=offset)
        moment = aggregation.day_start(community, day) + timedelta(hours=12)
        rows = []
        for membership in rng.sample(memberships, max(1, int(size * 0.06))):
            if joined_day[membership.pk] > day:
                continue
            rows.append(log.row(community, Kind.CONNECTION, membership=membership, occurred_at=moment))
            if rng.random() < 0.5:
                rows.append(
                    log.row(
                        community,
                        Kind.CONSULTATION,
                        membership=membership,
                        object_type="knowledge.knowledgeitem",
                        object_id=rng.randint(1, 2000),
                        occurred_at=moment,
                    )
                )
            if rng.random() < 1 / 15:
                kind = rng.choice([Kind.QUESTION, Kind.ANSWER, Kind.ANSWER, Kind.KNOWLEDGE_PUBLISHED])
                rows.append(log.row(community, kind, membership=membership, occurred_at=moment, object_id=offset))
        if day.weekday() == 0:
            rows.append(log.row(community, Kind.WEEKLY_MESSAGE, membership=memberships[0], occurred_at=moment))
        Activity.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
        total += len(rows)
    return community, viewer, total


def _measure(community, viewer, granularity: str, runs: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(viewer)
    url = reverse("stats:dashboard", args=[community.slug]) + f"?g={granularity}"
    for _warm in range(2):
        assert client.get(url).status_code == 200
    queries = []

    def counted(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        checked = client.get(url)
    if checked.status_code != 200 or b'role="img"' not in checked.content:
        raise RuntimeError(f"{url} answered {checked.status_code} without a chart")
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return {"ms": statistics.median(times), "queries": len(queries), "kb": len(response.content) / 1024}


if __name__ == "__main__":
    sys.exit(main())
