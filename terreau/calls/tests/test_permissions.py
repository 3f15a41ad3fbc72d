"""Who may browse, read, open and review calls (terreau/calls/permissions.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from terreau import permissions
from terreau.calls import permissions as calls_permissions
from terreau.calls.tests.factories import open_call
from terreau.core.models import Visibility
from terreau.permissions import SignInRequired

pytestmark = pytest.mark.django_db


def test_a_private_communitys_calls_are_not_browsed_from_outside(cast, public_cast):
    calls_permissions.require_browse(AnonymousUser(), public_cast.community)
    calls_permissions.require_browse(public_cast.outsider, public_cast.community)
    calls_permissions.require_browse(cast.observer, cast.community)
    with pytest.raises(SignInRequired):
        calls_permissions.require_browse(AnonymousUser(), cast.community)
    with pytest.raises(Http404):
        calls_permissions.require_browse(cast.outsider, cast.community)


def test_a_call_is_read_as_its_visibility_allows(public_cast):
    cast = public_cast
    public = open_call(cast, title="Ouvert à tous")
    draft = open_call(cast, title="Brouillon", visibility=Visibility.CORE_TEAM)
    calls_permissions.require_read(AnonymousUser(), cast.community, public)
    with pytest.raises(SignInRequired):
        calls_permissions.require_read(AnonymousUser(), cast.community, draft)
    with pytest.raises(Http404):  # a draft reveals nothing, not even to a member
        calls_permissions.require_read(cast.member, cast.community, draft)
    assert calls_permissions.can_read(cast.core_member, cast.community, draft)
    assert set(calls_permissions.calls_visible_to(cast.member, cast.community)) == {public}
    assert set(calls_permissions.calls_visible_to(cast.core_member, cast.community)) == {public, draft}


def test_the_core_team_opens_calls_and_reviews_their_applications(cast):
    for action in (calls_permissions.EDIT, calls_permissions.REVIEW):
        assert permissions.can(cast.core_member, action, cast.community)
        assert not permissions.can(cast.facilitator, action, cast.community)
    assert permissions.can(cast.observer, calls_permissions.BROWSE, cast.community)
