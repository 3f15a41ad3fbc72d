"""Terreau's data generator and benchmarks (`make bench`, that is `python -m bench.run`).

`bench.run` builds a small and a large community in a scratch database (SQLite in a
temporary directory, and PostgreSQL when a server answers on 127.0.0.1:5432), measures the
main pages served by gunicorn, each request beside one to a bare view (`bench.serve`), prints
a table and merges the figures into `var/bench.json`.

`var/bench.json` holds one object, ``{"records": [...]}``; each record is one measurement::

    {"name": "sqlite.directory.server_ms", "small": 4.1, "large": 310.5, "ratio": 75.73, "unit": "ms"}

``name`` is ``<engine>.<page>.<figure>``; ``ratio`` is ``large / small`` rounded to two
decimals (``null`` when ``small`` is 0). A run replaces the records whose names it writes and
keeps the others, so later benchmarks (search, feeds, ...) add their records to the same file
with `bench.results.merge()`.
"""
