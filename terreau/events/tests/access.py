"""Access-matrix entries of the events (see tests/test_access_matrix.py)."""

from tests.access import everyone, url

MATRIX = {
    "events:calendar": ("get", url("events:calendar"), everyone(200)),
}
