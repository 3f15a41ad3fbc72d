"""Access-matrix entries of the statistics (see tests/test_access_matrix.py).

Every member reads the community's figures; the facilitators and the core team read the whole
dashboard and download its CSV (stats.dashboard).
"""

from tests.access import facilitators, members_only, url

MATRIX = {
    "stats:dashboard": ("get", url("stats:dashboard"), members_only(200)),
    "stats:csv": ("get", url("stats:csv"), facilitators(200)),
}
