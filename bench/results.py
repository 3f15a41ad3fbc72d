"""Benchmark records and `var/bench.json`, which every benchmark of Terreau shares.

The file holds ``{"records": [record, ...]}``; a record is one measurement at the small
and the large size::

    {"name": "sqlite.directory.server_ms", "small": 4.1, "large": 310.5, "ratio": 75.73, "unit": "ms"}

`merge()` replaces the records whose names it is given and keeps all others, so each
benchmark writes only its own figures. A file holding a bare list of records is read too.
"""

import json
import os
from pathlib import Path

BENCH_JSON = Path(__file__).resolve().parent.parent / "var" / "bench.json"


def record(name: str, small: float, large: float, unit: str, digits: int = 2) -> dict:
    small, large = round(small, digits), round(large, digits)
    return {
        "name": name,
        "small": small,
        "large": large,
        "ratio": round(large / small, 2) if small else None,
        "unit": unit,
    }


def load(path: Path = BENCH_JSON) -> list[dict]:
    if not path.exists():
        return []
    content = json.loads(path.read_text(encoding="utf-8") or "[]")
    return content if isinstance(content, list) else content.get("records", [])


def merge(records: list[dict], path: Path = BENCH_JSON) -> list[dict]:
    """Write `records` into `path`, replacing those of the same name, keeping the order of the others."""
    new = {item["name"]: item for item in records}
    merged = [new.pop(item["name"], item) for item in load(path)]
    merged += new.values()
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{os.getpid()}")
    scratch.write_text(json.dumps({"records": merged}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(scratch, path)  # readers never see half a file
    return merged
