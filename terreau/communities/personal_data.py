"""Memberships, roles, invitations and requests to join (see core.personal_data)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from terreau.core import personal_data

from . import services
from .models import Invitation, JoinRequest, Membership, Phase, RoleAssignment


def exporter(user) -> personal_data.Export:
    dump = personal_data.dump
    return personal_data.Export(
        {
            "memberships": dump(Membership.objects.filter(user=user)),
            "role_assignments": dump(RoleAssignment.objects.filter(membership__user=user)),
            "invitations_received": [
                {key: value for key, value in row.items() if key != "token"}
                for row in dump(Invitation.objects.filter(email__iexact=user.email))
            ],
            "join_requests": dump(JoinRequest.objects.filter(user=user)),
        }
    )


def blocker(user) -> list[str]:
    """The rule of "Leave the community": the last member of a core team cannot go (the core team
    carries every role nobody holds); they hand it over first. A closed community needs none."""
    reasons = []
    for membership in Membership.objects.filter(user=user, status=Membership.Status.ACTIVE, is_core_team=True).exclude(
        community__phase=Phase.CLOSED
    ):
        if not services.core_team(membership.community).exclude(pk=membership.pk).exists():
            reasons.append(
                _(
                    "You are the last member of the core team of %(community)s. Add someone else to its core "
                    "team first: the core team carries every role nobody holds."
                )
                % {"community": membership.community}
            )
    return reasons


def eraser(user, neutral_name: str) -> None:
    # Each community is left as with "Leave the community" (roles handed back, sponsorships
    # ended, the change logged); the membership stays, ended, so that what the person gave still
    # has its author: the neutral name.
    for membership in Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).select_related("community"):
        services.membership_end(membership, Membership.Status.LEFT, actor=user)
    JoinRequest.objects.filter(user=user).update(message="")
    JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING).delete()
    # An invitation to the person's address: open ones go, used ones keep no address nor name.
    Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()
    Invitation.objects.filter(Q(email__iexact=user.email)).update(
        email=personal_data.ERASED_EMAIL % {"pk": user.pk}, name=neutral_name, organisation="", message=""
    )
