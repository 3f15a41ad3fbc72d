"""`make load`: the locust scenario (bench/locustfile.py) against the production set-up, then SQLite.

1. PostgreSQL + Redis: two gunicorn processes, the RQ worker, the scheduler (bench/stack.py);
2. SQLite, the embedded default (no Redis): the same processes, cache, sessions and queue in SQLite.
Each run: LOAD_USERS members (default 50) for LOAD_TIME (default 5m), a fresh data set; a table of
requests, failures, median and p95 per route; 0 errors and 0 "database is locked" expected (the
exit status says so). CSV files under var/load/. LOAD_ENGINES=sqlite (or postgresql) runs one only.
"""

import csv
import os
import subprocess
import sys
from pathlib import Path

from bench.stack import ROOT, Stack, pg_answers, redis_answers

OUT = ROOT / "var" / "load"


def run_locust(stack: Stack, users: int, duration: str, prefix: Path) -> None:
    spawn_rate = max(1, users // 10)
    subprocess.run(
        [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            "bench/locustfile.py",
            "--host",
            stack.url,
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(spawn_rate),
            "--run-time",
            duration,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "10",
        ],
        cwd=ROOT,
        check=False,  # locust exits 1 when a request failed: the table says which
        timeout=24 * 3600,
        stdout=open(f"{prefix}.log", "w"),  # noqa: SIM115 (closed with the process)
        stderr=subprocess.STDOUT,
    )


def table(prefix: Path) -> tuple[list[str], int, int]:
    """Lines of the report, the number of requests and of failures."""
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    lines = [
        f"  {'route':<22} {'requests':>8} {'failures':>8} {'median ms':>9} {'p95 ms':>7} {'p99 ms':>7} {'req/s':>6}"
    ]
    total = failures = 0
    for row in rows:
        name = "all routes" if row["Name"] == "Aggregated" else row["Name"]
        lines.append(
            f"  {name:<22} {row['Request Count']:>8} {row['Failure Count']:>8} {row['50%']:>9} {row['95%']:>7} "
            f"{row['99%']:>7} {float(row['Requests/s']):>6.1f}"
        )
        if row["Name"] == "Aggregated":
            total, failures = int(row["Request Count"]), int(row["Failure Count"])
    return lines, total, failures


def main() -> int:
    users = int(os.environ.get("LOAD_USERS", "50"))
    duration = os.environ.get("LOAD_TIME", "5m")
    port = int(os.environ.get("LOAD_PORT", "8302"))
    engines = os.environ.get("LOAD_ENGINES", "postgresql,sqlite").split(",")
    OUT.mkdir(parents=True, exist_ok=True)
    status = 0
    print(f"Load: {users} members for {duration}, 2 gunicorn processes, on {os.cpu_count()} cores.", flush=True)
    for engine in engines:
        label = "PostgreSQL + Redis (RQ)" if engine == "postgresql" else "SQLite, embedded default"
        missing = (pg_answers() or redis_answers()) if engine == "postgresql" else None
        if missing:
            print(f"== {label}: SKIPPED ({missing})", flush=True)
            continue
        print(f"== {label}: preparing the data set and starting the servers", flush=True)
        with Stack(engine=engine, port=port, members=60) as stack:
            assert stack.gunicorn_processes() == 2, "two gunicorn processes expected"
            prefix = OUT / engine
            run_locust(stack, users, duration, prefix)
            logs = "".join(stack.log(name) for name in ("web", "worker", "scheduler"))
        lines, total, failures = table(prefix)
        locked = logs.count("database is locked")
        print(f"== {label}: {total} requests, {failures} failures, {locked} 'database is locked' in the logs")
        print("\n".join(lines), flush=True)
        if failures or locked or not total:
            status = 1
            with open(f"{prefix}_failures.csv") as handle:
                print(handle.read()[:3000])
    return status


if __name__ == "__main__":
    sys.exit(main())
