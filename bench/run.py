"""`make bench`: the main pages as users meet them, served by gunicorn, small community against large.

    python -m bench.run [--engine sqlite|postgresql] [--runs 15] [--warmup 2] [--quick] [--output PATH]

For each database engine, a process of its own (`bench.pages`) migrates a scratch database,
generates a small community and then a large one (2,000 members, 2,000 questions of 10
answers, 2,000 knowledge items, 300 stakeholders, 200 actions, ...: `bench.data`), and
measures each page through a real gunicorn, each request beside one to a bare view. SQLite
runs in a temporary directory; PostgreSQL runs too when a server answers on 127.0.0.1:5432
(user postgres; TERREAU_BENCH_PG names another server), in a database `terreau_bench_pages`
(TERREAU_BENCH_PG_DATABASE names another, starting with `terreau_bench`) created for the run
and dropped after it. var/terreau.sqlite3 is never touched.

The table goes to stdout and the figures into var/bench.json (see `bench.results`): per
engine and page, `<engine>.<page>.server_ms` (median time of a request over HTTP),
`.x_bare` (that time over the bare view's, timed turn about with it), `.queries`, `.kb`
(HTML) and `.first_load_kb_gz` (gzip size of the HTML, its style sheets and scripts); and
`<engine>.questions.throughput_x_bare`: the Q&A list's answers per second with two workers, as
a share of the bare view's. Pages over a target are flagged; a query count that grows with
the data is reported after the table.
"""

import argparse
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from bench import results

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("TERREAU_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
PG_DATABASE = os.environ.get("TERREAU_BENCH_PG_DATABASE", "terreau_bench_pages")
# Targets at the large size (issue 11): time against the bare view, HTML, first load compressed.
TARGET_X_BARE, AIM_X_BARE = 15.0, 8.0
TARGET_HTML_KB = 100.0
TARGET_FIRST_LOAD_KB_GZ = 60.0
TARGET_THROUGHPUT = 1 / 30  # the Q&A list's answers per second, as a share of the bare view's
# What the caller's shell may set that must not reach the measuring process.
ENV_DROPPED = [
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_CACHE_BACKEND",
    "DJANGO_CACHE_LOCATION",
    "TERREAU_MEDIA_ROOT",
    "TERREAU_TASKS_BACKEND",
    "TERREAU_BEHIND_PROXY",
    "DJANGO_EMAIL_BACKEND",
]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--engine",
        choices=["sqlite", "postgresql"],
        action="append",
        help="measure only this engine (repeatable); default: SQLite, and PostgreSQL if it answers",
    )
    parser.add_argument("--runs", type=int, default=15, help="timed runs per page (median reported)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs per page before timing")
    parser.add_argument("--throughput-seconds", type=float, default=3.0, help="load per URL for the throughput figure")
    parser.add_argument("--quick", action="store_true", help="5 timed runs, 1 warm-up, 1.5 s of load: a rough table")
    parser.add_argument("--output", type=Path, default=results.BENCH_JSON)
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.warmup, args.throughput_seconds = 5, 1, 1.5

    started = time.perf_counter()
    engines = args.engine or ["sqlite", "postgresql"]
    measured, failed = [], []
    for engine in engines:
        if engine == "postgresql" and (problem := _pg_unavailable()):
            print(f"PostgreSQL skipped: {problem} ({PG_SERVER}; set TERREAU_BENCH_PG to another server).")
            if args.engine:
                failed.append(engine)
            continue
        print(f"{engine}: measuring in a scratch database…", flush=True)
        try:
            measured.append(
                _measure(engine, runs=args.runs, warmup=args.warmup, throughput_seconds=args.throughput_seconds)
            )
        except subprocess.CalledProcessError:
            print(f"{engine}: the measurement failed (see above).", file=sys.stderr)
            failed.append(engine)

    records = []
    for result in measured:
        engine_records = _records(result)
        records += engine_records
        print()
        print(_table(result, engine_records))
    if records:
        results.merge(records, args.output)
    print()
    for line in _growth_report(measured):
        print(line)
    output = args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output
    print(f"\n{len(records)} records written to {output} in {time.perf_counter() - started:.0f} s.")
    return 1 if failed or not measured else 0


# Measuring ---------------------------------------------------------------------------


def _measure(engine: str, *, runs: int, warmup: int, throughput_seconds: float) -> dict:
    env = {name: value for name, value in os.environ.items() if name not in ENV_DROPPED}
    env.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(50), TERREAU_HTTPS="0")
    with tempfile.TemporaryDirectory(prefix="terreau-bench-") as scratch:
        env["TERREAU_VAR_DIR"] = scratch
        output = Path(scratch) / "result.json"
        command = [sys.executable, "-m", "bench.pages", str(output), "--runs", str(runs), "--warmup", str(warmup)]
        command += ["--throughput-seconds", str(throughput_seconds)]
        if engine == "postgresql":
            with _pg_scratch_database() as url:
                subprocess.run(command, cwd=ROOT, env={**env, "DATABASE_URL": url}, check=True)
        else:
            subprocess.run(command, cwd=ROOT, env=env, check=True)
        return json.loads(output.read_text())


def _pg_unavailable() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
    except psycopg.Error as error:
        return f"no answer ({str(error).strip().splitlines()[0]})"
    return None


@contextmanager
def _pg_scratch_database():
    import psycopg

    def run(sql):
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as admin:
            admin.execute(sql)

    run(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")  # left over by an interrupted run
    run(f"CREATE DATABASE {PG_DATABASE}")
    try:
        yield f"{PG_SERVER}/{PG_DATABASE}"
    finally:
        run(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


# Records and report --------------------------------------------------------------------


def _records(result: dict) -> list[dict]:
    engine, small, large = result["engine"], result["sizes"]["small"]["pages"], result["sizes"]["large"]["pages"]
    records = []
    for page in small:
        name = f"{engine}.{page}"
        records.append(results.record(f"{name}.server_ms", small[page]["ms"], large[page]["ms"], "ms"))
        if page != "bare":
            records.append(results.record(f"{name}.x_bare", small[page]["x_bare"], large[page]["x_bare"], "x_bare", 1))
        records.append(results.record(f"{name}.queries", small[page]["queries"], large[page]["queries"], "queries"))
        records.append(results.record(f"{name}.kb", small[page]["bytes"] / 1024, large[page]["bytes"] / 1024, "KB", 1))
        records.append(
            results.record(
                f"{name}.first_load_kb_gz",
                small[page]["first_load_gz"] / 1024,
                large[page]["first_load_gz"] / 1024,
                "KB",
                1,
            )
        )
    rates = {size: result["sizes"][size]["throughput"] for size in ("small", "large")}
    for page in rates["small"]:
        records.append(results.record(f"{engine}.{page}.rps", rates["small"][page], rates["large"][page], "rps", 1))
    records.append(
        results.record(
            f"{engine}.questions.throughput_x_bare",
            *(rates[size]["questions"] / rates[size]["bare"] for size in ("small", "large")),
            "share",
            4,
        )
    )
    return records


COLUMNS = [  # group, heading, width
    ("ms", "small", 8),
    ("ms", "large", 9),
    ("× bare", "small", 8),
    ("× bare", "large", 8),
    ("queries", "small", 8),
    ("queries", "large", 7),
    ("KB HTML", "small", 9),
    ("KB HTML", "large", 8),
    ("KB gz 1st", "large", 10),
]
TITLE_WIDTH = 28


def over_targets(by_name: dict, engine: str, page: str) -> list[str]:
    """What a page misses at the large size, in the table's words."""
    flags = []
    x_bare = by_name.get(f"{engine}.{page}.x_bare")
    if x_bare and x_bare["large"] > TARGET_X_BARE:
        flags.append(f"> {TARGET_X_BARE:.0f}× bare")
    elif x_bare and x_bare["large"] > AIM_X_BARE:
        flags.append(f"> {AIM_X_BARE:.0f}× (aim)")
    if by_name[f"{engine}.{page}.kb"]["large"] > TARGET_HTML_KB:
        flags.append(f"HTML > {TARGET_HTML_KB:.0f} KB")
    if by_name[f"{engine}.{page}.first_load_kb_gz"]["large"] > TARGET_FIRST_LOAD_KB_GZ:
        flags.append(f"1st load > {TARGET_FIRST_LOAD_KB_GZ:.0f} KB gz")
    queries = by_name[f"{engine}.{page}.queries"]
    if queries["large"] > queries["small"]:
        flags.append("more queries")
    return flags


def _table(result: dict, records: list[dict]) -> str:
    by_name = {item["name"]: item for item in records}
    engine, small, large = result["engine"], result["sizes"]["small"], result["sizes"]["large"]
    groups = []
    for group, _heading, width in COLUMNS:
        if groups and groups[-1][0] == group:
            groups[-1][1] += width
        else:
            groups.append([group, width])
    lines = [
        f"{result['label']}, gunicorn with {result['workers']} sync workers: median of {result['runs']} requests "
        f"over HTTP after {result['warmup']} warm-up ones, each beside a request to the bare view",
        f"  small: {_sizes(small['counts'])}",
        f"  large: {_sizes(large['counts'])}",
        f"  machine load (1 min average) after each size: {small.get('load', 0):.1f}, {large.get('load', 0):.1f} "
        f"on {os.cpu_count()} cores; above that many, times wait for a core and figures are noisier",
        "",
        "  " + " " * TITLE_WIDTH + "".join(f"{group:>{width}}" for group, width in groups),
        "  " + f"{'page':{TITLE_WIDTH}}" + "".join(f"{heading:>{width}}" for _group, heading, width in COLUMNS),
    ]
    few_runs = False
    for page, title in result["titles"].items():
        ms, queries, kb, first = (
            by_name[f"{engine}.{page}.{figure}"] for figure in ("server_ms", "queries", "kb", "first_load_kb_gz")
        )
        x_bare = by_name.get(f"{engine}.{page}.x_bare", {"small": 1, "large": 1})
        slow = large["pages"][page]["runs"] < result["runs"]
        few_runs |= slow
        cells = [
            f"{ms['small']:.1f}",
            f"{ms['large']:.1f}{'*' if slow else ' '}",
            f"{x_bare['small']:.1f}",
            f"{x_bare['large']:.1f}",
            f"{queries['small']:.0f}",
            f"{queries['large']:.0f}",
            f"{kb['small']:.1f}",
            f"{kb['large']:.1f}",
            f"{first['large']:.1f}",
        ]
        flags = over_targets(by_name, engine, page) if page != "bare" else []
        lines.append(
            f"  {title:{TITLE_WIDTH}}"
            + "".join(f"{cell:>{width}}" for cell, (_g, _h, width) in zip(cells, COLUMNS, strict=True))
            + (f"  ← {', '.join(flags)}" if flags else "")
        )
    if few_runs:
        runs = min(p["runs"] for p in large["pages"].values())
        lines.append(f"  * slow page: median of fewer runs (at least {runs}) to keep `make bench` short")
    share = by_name[f"{engine}.questions.throughput_x_bare"]
    rates = {size: result["sizes"][size]["throughput"] for size in ("small", "large")}
    verdict = "better than" if share["large"] > TARGET_THROUGHPUT else "NOT better than"
    lines += [
        "",
        f"  throughput, {result['workers']} workers, {result['threads']} client threads, "
        f"{result['throughput_seconds']:g} s per URL: bare view {rates['small']['bare']:.0f} / "
        f"{rates['large']['bare']:.0f} answers/s (small / large), Q&A list {rates['small']['questions']:.1f} / "
        f"{rates['large']['questions']:.1f}: 1/{1 / share['small']:.1f} / 1/{1 / share['large']:.1f} of the bare "
        f"view ({verdict} the 1/{1 / TARGET_THROUGHPUT:.0f} aim at the large size)",
        f"  targets at the large size: under {TARGET_X_BARE:.0f}× bare (aim {AIM_X_BARE:.0f}×), HTML under "
        f"{TARGET_HTML_KB:.0f} KB, first load (HTML + CSS + JS, gzip) under {TARGET_FIRST_LOAD_KB_GZ:.0f} KB",
    ]
    return "\n".join(lines)


def _sizes(counts: dict) -> str:
    return (
        f"{counts['members']:,} members, {counts['roles']} roles, {counts['role_assignments']:,} role assignments, "
        f"{counts['questions']:,} questions, {counts['answers']:,} answers, "
        f"{counts['knowledge_items']:,} knowledge items, {counts['stakeholders']} stakeholders, "
        f"{counts['actions']} actions, {counts['help_posts']} help posts, {counts['calls']} calls"
    )


def _growth_report(measured: list[dict]) -> list[str]:
    lines = []
    for result in measured:
        small, large = result["sizes"]["small"]["pages"], result["sizes"]["large"]["pages"]
        for page, title in result["titles"].items():
            before, after = small[page]["queries"], large[page]["queries"]
            if after <= before:
                continue
            lines.append(
                f"QUERY COUNT GROWS WITH THE DATA: {result['label']}, {title} ({large[page]['url']}): "
                f"{before} queries small, {after} large."
            )
            grown = Counter(map(_shape, large[page]["sql"])) - Counter(map(_shape, small[page]["sql"]))
            for shape, extra in grown.most_common(3):
                lines.append(f"    +{extra} × {shape[:160]}")
    return lines or ["Query counts: no page's query count grows with the data."]


def _shape(sql: str) -> str:
    """The query with its literal values blanked, so that the queries of an N+1 look alike."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    return re.sub(r"\((?:\?, )+\?\)", "(…)", sql)


if __name__ == "__main__":
    sys.exit(main())
