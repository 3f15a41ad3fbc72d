"""The community's archive at 2,000 members: 1,000 then 10,000 knowledge items.

    python -m bench.archive [--members 2000] [--small 1000] [--large 10000] [--output PATH]

In a scratch SQLite database (a temporary TERREAU_VAR_DIR, through `bench.settings`), a community
of `members` members gets `small` published knowledge items (each with two versions, its author
among the members, one in 50 with an attachment of its own), and its members' archive is built
to a temporary file: the time, the ZIP's size and the peak of the memory Python allocated while
writing it (tracemalloc, measured in a second build: tracing slows the build). Then the community
grows to `large` items and the same is measured. The archive is streamed, record by record: the
peak grows only by the small index kept per record (its list line, its files' hashes for the
manifest, zipfile's central directory), never by the records' content.

Figures go to var/bench.json through `bench.results.merge`: archive.build.seconds,
archive.zip.mb, archive.peak.mb, archive.records.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench import results

ROOT = Path(__file__).resolve().parent.parent
# What the builder keeps per record: its line of the list page, the address of its page, the
# SHA-256 of its files for the manifest and zipfile's entry of each in the ZIP's central
# directory (about 2 KB measured). A record's content (several KB of HTML, Markdown and JSON) is
# never kept: more than this per record means something is.
KEPT_PER_RECORD_KB = 8


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--output", type=Path, default=results.BENCH_JSON)
    parser.add_argument("--inner", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:
        return _inner(args.inner, args.members, args.small, args.large)

    env = {name: value for name, value in os.environ.items() if name not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="bench-" + "x" * 50, TERREAU_HTTPS="0")
    with tempfile.TemporaryDirectory(prefix="terreau-bench-archive-") as scratch:
        env["TERREAU_VAR_DIR"] = scratch
        env.pop("TERREAU_MEDIA_ROOT", None)
        output = Path(scratch) / "archive.json"
        command = [sys.executable, "-m", "bench.archive", "--members", str(args.members)]
        command += ["--small", str(args.small), "--large", str(args.large), "--inner", str(output)]
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        measured = json.loads(output.read_text())
    small, large = measured["small"], measured["large"]
    records = [
        results.record("archive.records", small["records"], large["records"], "records", 0),
        results.record("archive.build.seconds", small["seconds"], large["seconds"], "s"),
        results.record("archive.zip.mb", small["zip_mb"], large["zip_mb"], "MB"),
        results.record("archive.peak.mb", small["peak_mb"], large["peak_mb"], "MB"),
    ]
    print(f"{'':28}{'small':>10}{'large':>10}{'ratio':>8}")
    for label, key, digits in (
        ("knowledge items", "items", 0),
        ("records in the archive", "records", 0),
        ("files in the ZIP", "files", 0),
        ("build (s)", "seconds", 1),
        ("ZIP (MB)", "zip_mb", 1),
        ("peak Python memory (MB)", "peak_mb", 1),
        ("max RSS growth (MB)", "rss_mb", 1),
    ):
        ratio = large[key] / small[key] if small[key] else 0
        print(f"{label:28}{small[key]:>10.{digits}f}{large[key]:>10.{digits}f}{ratio:>8.2f}")
    ratio = large["peak_mb"] / small["peak_mb"]
    per_record = (large["peak_mb"] - small["peak_mb"]) * 1024 / max(1, large["records"] - small["records"])
    records.append(results.record("archive.peak.kb_per_record", 0, per_record, "KB"))
    results.merge(records, args.output)
    verdict = "streamed" if per_record <= KEPT_PER_RECORD_KB else "CONTENT KEPT IN MEMORY"
    print(
        f"{args.members} members, {args.large} items: {large['seconds']:.1f} s, {large['zip_mb']:.1f} MB; "
        f"peak memory {ratio:.2f}x the {args.small} items', {per_record:.1f} KB more per record ({verdict})."
    )
    return 0 if per_record <= KEPT_PER_RECORD_KB else 1


def _inner(output: Path, members: int, small: int, large: int) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    rng = random.Random(members)
    community, users = _community(members)
    measured = {}
    made = 0
    for name, size in (("small", small), ("large", large)):
        started = time.perf_counter()
        _items(community, users, made, size, rng)
        made = size
        print(f"  {size:,} items made in {time.perf_counter() - started:.1f} s", flush=True)
        measured[name] = {"items": size, **_measure(community)}
        print(f"  {name}: {measured[name]}", flush=True)
    output.write_text(json.dumps(measured))
    return 0


def _community(size: int):
    from django.contrib.auth.hashers import make_password

    from terreau.accounts.models import User
    from terreau.communities.models import Community, Membership, Phase, Theme

    community = Community.objects.create(
        name="Circuits courts", slug="circuits-courts", purpose="Partager les pratiques.", phase=Phase.CLOSED
    )
    for name in ("vente directe", "logistique", "marchés", "transformation"):
        Theme(community=community, name=name).save()
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"m{index}@bench.test", display_name=f"Membre {index}", password=password) for index in range(size)
    )
    Membership.objects.bulk_create(
        Membership(community=community, user=user, is_core_team=index < 3) for index, user in enumerate(users)
    )
    return community, users


PARAGRAPH = (
    "Les producteurs du territoire se sont organisés pour livrer ensemble les points de vente : "
    "une tournée par semaine, un calendrier partagé et une caisse commune pour le carburant. "
)


def _items(community, users, start: int, end: int, rng: random.Random) -> None:
    from django.core.files.base import ContentFile

    from terreau.communities.models import Theme
    from terreau.core.models import Visibility
    from terreau.knowledge.models import Attachment, ItemStatus, ItemType, KnowledgeItem, KnowledgeVersion
    from terreau.knowledge.tests.helpers import FIELDS, PDF

    themes = list(Theme.objects.filter(community=community))
    types = [ItemType.GOOD_PRACTICE, ItemType.LESSONS_LEARNED, ItemType.EXCHANGE_MEMO, ItemType.ARTICLE]
    batch = 1000
    for first in range(start, end, batch):
        numbers = range(first, min(first + batch, end))
        items = KnowledgeItem.objects.bulk_create(
            KnowledgeItem(
                community=community,
                type=types[number % len(types)],
                title=f"Fiche {number} : tournée de livraison mutualisée",
                fields=FIELDS[types[number % len(types)]],
                body=PARAGRAPH * rng.randint(2, 8),
                status=ItemStatus.PUBLISHED,
                visibility=Visibility.MEMBERS if number % 3 else Visibility.PUBLIC,
                author=rng.choice(users),
                version=2,
            )
            for number in numbers
        )
        KnowledgeVersion.objects.bulk_create(
            KnowledgeVersion(item=item, number=version, title=item.title, body=item.body, author=item.author)
            for item in items
            for version in (1, 2)
        )
        KnowledgeItem.themes.through.objects.bulk_create(
            KnowledgeItem.themes.through(knowledgeitem=item, theme=themes[index % len(themes)])
            for index, item in enumerate(items)
        )
        for item in items[::50]:
            content = PDF + f"% item {item.pk}\n".encode() * 2000
            attachment = Attachment(
                item=item, name=f"bilan-{item.pk}.pdf", content_type="application/pdf", size=len(content)
            )
            attachment.file.save(attachment.name, ContentFile(content), save=False)
            attachment.save()


def _measure(community) -> dict:
    import resource
    import zipfile

    from terreau.archive import builder
    from terreau.archive.models import Scope

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        manifest = builder.write(community, Scope.MEMBERS, out)
        seconds = time.perf_counter() - started
        zip_mb = builder.size_of(out) / 1024 / 1024
        out.seek(0)
        with zipfile.ZipFile(out) as zf:
            files = len(zf.namelist())
    rss_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    with tempfile.TemporaryFile() as out:
        tracemalloc.start()
        builder.write(community, Scope.MEMBERS, out)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {
        "records": sum(count for kind, count in manifest["counts"].items() if kind != "person"),
        "files": files,
        "seconds": seconds,
        "zip_mb": zip_mb,
        "peak_mb": peak / 1024 / 1024,
        "rss_mb": rss_mb,
    }


if __name__ == "__main__":
    sys.exit(main())
