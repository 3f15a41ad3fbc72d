from django.urls import reverse

from tests.access import core_team_only, everyone, facilitators, url

MATRIX = {
    "home": ("get", lambda w: reverse("home"), everyone(200)),
    "overview:community": ("get", url("overview:community"), everyone(200)),
    # The facilitator's weekly hour: the facilitation role and the core team (and the platform admin).
    "overview:weekly_hour": ("get", url("overview:weekly_hour"), facilitators(200)),
    # Recruitment and partners: the core team.
    "overview:grow": ("get", url("overview:grow"), core_team_only(200)),
}
