"""`make bench`: server time and query count of the main pages, small community against large.

    python -m bench.run [--engine sqlite|postgresql] [--runs 15] [--warmup 2] [--output PATH]

For each database engine, a process of its own (`bench.pages`) migrates a scratch database,
generates a small community (10 members, the guide's 8 roles) and then a large one (2,000
members, 30 roles, about a thousand role assignments, sponsors, a core team of 6), and
measures each page. SQLite runs in a temporary directory; PostgreSQL runs too when a server
answers on 127.0.0.1:5432 (user postgres; TERREAU_BENCH_PG names another server), in a
database `terreau_bench` created for the run and dropped after it. var/terreau.sqlite3 is
never touched.

The table goes to stdout and the figures into var/bench.json (see `bench.results`):
per engine and page, `<engine>.<page>.server_ms` (median server time), `.queries`,
`.x_bare` (server time as a multiple of a bare view's, on the same engine and size) and `.kb`
(response size). A query count that grows with the data is reported after the table.
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
PG_DATABASE = "terreau_bench"
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
    parser.add_argument("--output", type=Path, default=results.BENCH_JSON)
    args = parser.parse_args(argv)

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
            measured.append(_measure(engine, runs=args.runs, warmup=args.warmup))
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


def _measure(engine: str, *, runs: int, warmup: int) -> dict:
    env = {name: value for name, value in os.environ.items() if name not in ENV_DROPPED}
    env.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(50), TERREAU_HTTPS="0")
    with tempfile.TemporaryDirectory(prefix="terreau-bench-") as scratch:
        env["TERREAU_VAR_DIR"] = scratch
        output = Path(scratch) / "result.json"
        command = [sys.executable, "-m", "bench.pages", str(output), "--runs", str(runs), "--warmup", str(warmup)]
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
    bare_small, bare_large = small["bare"]["ms"], large["bare"]["ms"]
    records = []
    for page in small:
        name = f"{engine}.{page}"
        records.append(results.record(f"{name}.server_ms", small[page]["ms"], large[page]["ms"], "ms"))
        records.append(results.record(f"{name}.queries", small[page]["queries"], large[page]["queries"], "queries"))
        if page != "bare":
            records.append(
                results.record(
                    f"{name}.x_bare", small[page]["ms"] / bare_small, large[page]["ms"] / bare_large, "x_bare", 1
                )
            )
        records.append(results.record(f"{name}.kb", small[page]["bytes"] / 1024, large[page]["bytes"] / 1024, "KB", 1))
    return records


COLUMNS = [  # group, heading, width
    ("server time (ms)", "small", 9),
    ("server time (ms)", "large", 10),
    ("server time (ms)", "ratio", 8),
    ("× bare view", "small", 8),
    ("× bare view", "large", 8),
    ("queries", "small", 7),
    ("queries", "large", 7),
    ("queries", "ratio", 7),
    ("KB", "small", 8),
    ("KB", "large", 8),
]
TITLE_WIDTH = 28


def _table(result: dict, records: list[dict]) -> str:
    by_name = {item["name"]: item for item in records}
    small, large = result["sizes"]["small"], result["sizes"]["large"]
    groups = []
    for group, _heading, width in COLUMNS:
        if groups and groups[-1][0] == group:
            groups[-1][1] += width
        else:
            groups.append([group, width])
    lines = [
        f"{result['label']}: server time is the median of {result['runs']} runs after {result['warmup']} warm-up runs",
        f"  small: {_sizes(small['counts'])}",
        f"  large: {_sizes(large['counts'])}",
        "",
        "  " + " " * TITLE_WIDTH + "".join(f"{group:>{width}}" for group, width in groups),
        "  " + f"{'page':{TITLE_WIDTH}}" + "".join(f"{heading:>{width}}" for _group, heading, width in COLUMNS),
    ]
    few_runs = False
    for page, title in result["titles"].items():
        ms, queries, kb = (by_name[f"{result['engine']}.{page}.{figure}"] for figure in ("server_ms", "queries", "kb"))
        x_bare = by_name.get(f"{result['engine']}.{page}.x_bare", {"small": 1, "large": 1})
        slow = large["pages"][page]["runs"] < result["runs"]
        few_runs |= slow
        cells = [
            f"{ms['small']:.1f}",
            f"{ms['large']:.1f}{'*' if slow else ' '}",
            _ratio(ms),
            f"{x_bare['small']:.1f}",
            f"{x_bare['large']:.1f}",
            f"{queries['small']:.0f}",
            f"{queries['large']:.0f}",
            _ratio(queries),
            f"{kb['small']:.1f}",
            f"{kb['large']:.1f}",
        ]
        grows = "  ← more queries" if queries["large"] > queries["small"] else ""
        lines.append(
            f"  {title:{TITLE_WIDTH}}"
            + "".join(f"{cell:>{width}}" for cell, (_g, _h, width) in zip(cells, COLUMNS, strict=True))
            + grows
        )
    if few_runs:
        runs = min(p["runs"] for p in large["pages"].values())
        lines.append(f"  * slow page: median of fewer runs (at least {runs}) to keep `make bench` short")
    return "\n".join(lines)


def _ratio(item: dict) -> str:
    return "—" if item["ratio"] is None else f"{item['ratio']:.2f}"


def _sizes(counts: dict) -> str:
    return (
        f"{counts['members']:,} members, {counts['roles']} roles, {counts['role_assignments']:,} role assignments, "
        f"core team of {counts['core_team']}, sponsored: {counts['sponsored']:,}, "
        f"former members: {counts['former_members']:,}, requests to join: {counts['pending_requests']}"
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
