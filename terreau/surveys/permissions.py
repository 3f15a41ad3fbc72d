"""Who may do what with surveys, built on the kernel (terreau/permissions.py).

- `surveys.view` (member): the list of surveys and a survey's page (drafts for the core team only).
- `surveys.manage` (core team): build, open, close, delete surveys; read every result.
- `surveys.answer` (an active membership, and in the survey's audience): answer as a member.
- Stakeholders answer through the survey's secret link: the link is the credential, no account.
- The results: the core team, and the members when the survey says so, once it has answers.
"""

from django.db.models import QuerySet

from terreau import permissions
from terreau.communities.models import Community, Membership
from terreau.permissions import Standing

from .models import Audience, ResultsFor, Status, Survey

VIEW = permissions.register("surveys.view", Standing.MEMBER, reads=True)
MANAGE = permissions.register("surveys.manage", Standing.CORE_TEAM)
ANSWER = permissions.register("surveys.answer", Standing.MEMBER, needs_membership=True)


def visible_surveys(user, community: Community) -> QuerySet[Survey]:
    """The surveys this person may see: drafts only for those who build them."""
    found = Survey.objects.filter(community=community)
    if not permissions.holds(user, MANAGE, community):  # its builders read the drafts after closing too
        found = found.exclude(status=Status.DRAFT)
    return found


def in_audience(membership: Membership | None, survey: Survey) -> bool:
    if membership is None:
        return False
    if survey.audience == Audience.MEMBERS:
        return True
    if survey.audience == Audience.CIRCLE and survey.circle_id is not None:
        if survey.circle is not None and survey.circle.is_core_team:
            return membership.is_core_team
        return membership.circle_memberships.filter(circle_id=survey.circle_id).exists()
    return False


def may_answer(user, community: Community, survey: Survey) -> bool:
    """As a member: in the audience (the stakeholders answer through the link)."""
    if not permissions.can(user, ANSWER, community):
        return False
    return in_audience(permissions.membership(user, community), survey)


def may_see_results(user, community: Community, survey: Survey) -> bool:
    if permissions.holds(user, MANAGE, community):
        return True
    return survey.results_for == ResultsFor.MEMBERS and not survey.is_draft and permissions.can(user, VIEW, community)


def require_results(user, community: Community, survey: Survey) -> None:
    if not may_see_results(user, community, survey):
        permissions.refuse(user, community, readable=True)
