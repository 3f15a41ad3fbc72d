"""Access-matrix entries of the change log: the core team's, and the platform admin's."""

from tests.access import core_team_only, url

MATRIX = {
    "audit:log": ("get", url("audit:log"), core_team_only(200)),
    "audit:csv": ("get", url("audit:csv"), core_team_only(200)),
}
