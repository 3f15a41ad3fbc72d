"""Weekly digests for 20,000 members: total time, queries and peak memory of the rhythm pass.

    python -m bench.digests [--members 20000] [--output PATH]

In a scratch database (a temporary TERREAU_VAR_DIR with SQLite, through `bench.settings`), a
community of N members is generated in bulk: a mix of frequencies (immediate, daily, weekly,
email off), two pending notifications each, a weekly message and a week of feed. Nobody has
been emailed for a month, so on the community's digest day every member with email on is due
a digest. `mailing.rhythm_run` is timed over the whole community (rendering every digest in
the member's language, storing the emails, queueing one delivery task per batch; the
delivery itself is SMTP's time, not measured), once plainly and once under tracemalloc for
the peak memory. A small run (1,000 members) gives the ratio. Target: under 60 s at 20,000.

Figures go to var/bench.json through `bench.results.merge`: digests.weekly.seconds,
digests.weekly.peak_mb, digests.weekly.queries, digests.weekly.emails.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench import results

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 60
SMALL = 1_000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--output", type=Path, default=results.BENCH_JSON)
    parser.add_argument("--inner", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:
        return _inner(args.inner, args.members)

    env = {name: value for name, value in os.environ.items() if name not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="bench-" + "x" * 50, TERREAU_HTTPS="0")
    with tempfile.TemporaryDirectory(prefix="terreau-bench-digests-") as scratch:
        env["TERREAU_VAR_DIR"] = scratch
        output = Path(scratch) / "digests.json"
        command = [sys.executable, "-m", "bench.digests", "--members", str(args.members), "--inner", str(output)]
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        measured = json.loads(output.read_text())
    small, large = measured[str(SMALL)], measured[str(args.members)]
    records = [
        results.record("digests.weekly.seconds", small["seconds"], large["seconds"], "s"),
        results.record("digests.weekly.peak_mb", small["peak_mb"], large["peak_mb"], "MB", 1),
        results.record("digests.weekly.queries", small["queries"], large["queries"], "queries"),
        results.record("digests.weekly.emails", small["emails"], large["emails"], "emails", 0),
    ]
    results.merge(records, args.output)
    print(f"{'members':>8} {'emails':>8} {'seconds':>8} {'peak MB':>8} {'queries':>8}")
    for size, figures in ((SMALL, small), (args.members, large)):
        print(
            f"{size:>8} {figures['emails']:>8} {figures['seconds']:>8.1f} "
            f"{figures['peak_mb']:>8.1f} {figures['queries']:>8}"
        )
    verdict = "within" if large["seconds"] < TARGET_SECONDS else "OVER"
    print(f"{args.members} members: {large['seconds']:.1f} s, {verdict} the {TARGET_SECONDS} s target.")
    return 0 if large["seconds"] < TARGET_SECONDS else 1


def _inner(output: Path, members: int) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    measured = {}
    for size in (SMALL, members):
        call_command("flush", interactive=False, verbosity=0)
        started = time.perf_counter()
        community, now = _build(size)
        print(f"  {size} members generated in {time.perf_counter() - started:.1f} s; measuring", flush=True)
        measured[str(size)] = _measure(community, now)
    output.write_text(json.dumps(measured))
    return 0


def _build(size: int):
    from datetime import UTC, datetime, timedelta

    from django.contrib.auth.hashers import make_password

    from terreau.accounts.models import User
    from terreau.communities.models import Community, Membership, Phase, Theme
    from terreau.exchanges.models import (
        FeedItem,
        Frequency,
        Notification,
        NotificationKind,
        NotificationPreference,
        RhythmPolicy,
        WeeklyMessage,
    )

    now = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)  # a Monday, 10:00 in Brussels
    community = Community.objects.create(
        name="Circuits courts", slug="circuits-courts", purpose="Bench", phase=Phase.RUN
    )
    Theme.objects.create(community=community, name="vente directe")
    RhythmPolicy.objects.create(community=community, weekly_day=0, welcome_memo="Bienvenue.")
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"m{index}@bench.test",
            display_name=f"Membre {index}",
            password=password,
            language="fr" if index % 4 else "en",
        )
        for index in range(size)
    )
    joined = now - timedelta(days=30)
    memberships = Membership.objects.bulk_create(
        Membership(community=community, user=user, joined_at=joined) for user in users
    )
    frequencies = [Frequency.WEEKLY, Frequency.WEEKLY, Frequency.DAILY, Frequency.IMMEDIATE, Frequency.OFF]
    NotificationPreference.objects.bulk_create(
        NotificationPreference(membership=membership, frequency=frequencies[index % len(frequencies)])
        for index, membership in enumerate(memberships)
        if index % len(frequencies)  # a fifth keep the default
    )
    author = users[0]
    WeeklyMessage.objects.create(
        community=community,
        author=author,
        subject="La semaine des circuits courts",
        body="## Nouvelles\n\n- Le marché de Ciney recommence.\n- **Rencontre** jeudi.",
        sent_at=now - timedelta(days=1),
    )
    FeedItem.objects.bulk_create(
        FeedItem(community=community, actor=author, kind="question", text=f"Question {index}", created_at=now)
        for index in range(20)
    )
    Notification.objects.bulk_create(
        (
            Notification(
                recipient=user,
                community=community,
                kind=NotificationKind.ANSWER if index % 2 else NotificationKind.KUDOS,
                text=f"Notification {index} pour {user.display_name}",
                url="/c/circuits-courts/feed/",
                created_at=now - timedelta(hours=index + 1),
            )
            for user in users
            for index in range(2)
        ),
        batch_size=5000,
    )
    return community, now


def _measure(community, now) -> dict:
    import gc

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from terreau.emails.models import Email
    from terreau.exchanges import mailing
    from terreau.exchanges.models import Notification, SentMessage

    def reset():
        SentMessage.objects.all().delete()
        Email.objects.all().delete()
        Notification.objects.update(emailed_at=None, email=None, digested_in=None)

    def run():
        with transaction.atomic():  # deliveries are queued on commit: rolled back here, not measured
            outcome = mailing.rhythm_run(community=community, now=now)
            transaction.set_rollback(True)
        return outcome

    gc.collect()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        outcome = run()
    seconds = time.perf_counter() - started
    reset()
    gc.collect()
    tracemalloc.start()
    run()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "seconds": seconds,
        "peak_mb": peak / 1024 / 1024,
        "queries": len(queries),
        "emails": outcome.individual + outcome.digests,
    }


if __name__ == "__main__":
    sys.exit(main())
