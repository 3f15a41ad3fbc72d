"""The seeded cast every test reuses: one person of each kind the access matrix knows."""

import time

import pytest
from django.utils import translation

from terreau.accounts.middleware import UserLanguageMiddleware
from terreau.accounts.models import User
from terreau.accounts.services import second_factor_activate
from terreau.communities import services
from terreau.communities.models import Community, Membership, Role, RoleAssignment, RoleKind

PASSWORD = "a-long-test-password"
# The cast's platform admin signs in with this authenticator app (platform admins must have one).
ADMIN_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str, step: int = 0) -> str:
    """The authenticator app's code `step` periods from now (allauth accepts one period either side)."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD + step))


def make_user(email: str, name: str, **fields) -> User:
    user = User.objects.create_user(email, PASSWORD, display_name=name, **fields)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def make_member(community: Community, user: User, **fields) -> Membership:
    return Membership.objects.create(community=community, user=user, **fields)


class Cast:
    """admin, core_member, facilitator, member, observer, outsider, and a community they share."""

    def __init__(self, community: Community, **people):
        self.community = community
        self.__dict__.update(people)

    def membership(self, user) -> Membership:
        return Membership.objects.get(community=self.community, user=user)


def build_cast(*, listing: str = Community.Listing.PRIVATE, slug: str = "circuits-courts") -> Cast:
    admin = make_user(f"admin@{slug}.test", "Camille Admin", is_staff=True, is_superuser=True)
    second_factor_activate(user=admin, secret=ADMIN_TOTP_SECRET)
    community = services.community_create(
        actor=admin,
        name="Circuits courts",
        slug=slug,
        purpose="Partager les pratiques de vente directe.",
        themes="vente directe, logistique",
        listing=listing,
    )
    people = {
        "admin": admin,
        "core_member": make_user(f"noyau@{slug}.test", "Marc Dubois", organisation="GAL Condroz"),
        "facilitator": make_user(f"animatrice@{slug}.test", "Sophie Lambert", organisation="GAL Famenne"),
        "member": make_user(
            f"membre@{slug}.test",
            "Julie Martin",
            organisation="GAL Entre-Sambre-et-Meuse",
            expertise="marchés fermiers",
        ),
        "observer": make_user(f"observateur@{slug}.test", "Thomas Leroy", territory="Gesves"),
        "outsider": make_user(f"dehors@{slug}.test", "Nora Extérieure"),
    }
    make_member(community, people["core_member"], is_core_team=True, engagement=Membership.Engagement.DRIVER)
    facilitator = make_member(community, people["facilitator"], engagement=Membership.Engagement.DRIVER)
    make_member(community, people["member"], engagement=Membership.Engagement.CARRIER)
    make_member(community, people["observer"], engagement=Membership.Engagement.OBSERVER)
    RoleAssignment.objects.create(
        role=Role.objects.get(community=community, kind=RoleKind.FACILITATION), membership=facilitator
    )
    return Cast(community, **people)


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


@pytest.fixture
def public_cast(db) -> Cast:
    return build_cast(listing=Community.Listing.PUBLIC, slug="mobilite")


# Shared by the apps' conftests, which make them autouse with `pytest.fixture(autouse=True)(...)`.


def in_english(monkeypatch):
    """Tests that read the English source strings: the interface answers in English, whoever signs in."""
    monkeypatch.setattr(UserLanguageMiddleware, "language_for", staticmethod(lambda request: "en"))
    with translation.override("en"):
        yield


def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
