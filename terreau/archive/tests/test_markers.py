"""Access rules survive in the archive: the access matrix's world plants a marker word in a thing
of every kind and every visibility of every app (`KINDS` of each app's tests/access.py); the
public archive holds none a visitor may not see, the members' archive none a plain member may
not see (core-team things, drafts, secret ballots...), in any of their files."""

import io
import zipfile
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.test import override_settings

from terreau.archive import builder
from terreau.archive.models import Scope
from tests.test_access_matrix import World

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        mock.patch.object(FileSystemStorage, "delete"),
        transaction.atomic(),
    ):
        built = World()
        yield built
        transaction.set_rollback(True)


def everything(community, scope) -> str:
    """Every byte of every file of the archive (and every file's name), lowercased."""
    out = io.BytesIO()
    builder.write(community, scope, out)
    parts = []
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            parts += [name.encode(), zf.read(name)]
    return b"\n".join(parts).decode("utf-8", "replace").lower()


@pytest.mark.parametrize("listing", ["private", "public"])
@pytest.mark.parametrize(("scope", "reader"), [(Scope.PUBLIC, "anonymous"), (Scope.MEMBERS, "observer")])
def test_archive_holds_no_marker_its_reader_may_not_see(world, listing, scope, reader):
    community = world.places[listing].cast.community
    text = everything(community, scope)
    hidden = world.not_for(reader)
    assert hidden, "the world planted markers"
    assert [word for word in hidden if word in text] == []


def test_members_archive_holds_what_members_see(world):
    text = everything(world.places["private"].cast.community, Scope.MEMBERS)
    seen = [
        word.lower()
        for word, people in world.markers.items()
        if "observer" in people and "knowledgeitem" in word.lower()
    ]
    # Never an email address, even the one a member sees on a good practice (its "contact" marker).
    assert seen and all(word in text for word in seen if "private" in word and "contact" not in word)
    assert not any(word in text for word in seen if "contact" in word)
