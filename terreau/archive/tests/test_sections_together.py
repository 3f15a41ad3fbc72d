"""The archive-sections' sections in SECTIONS' order, over one community holding a bit of everything."""

import json

from terreau.archive.sections import SECTIONS

from . import (
    test_sections_decisions,
    test_sections_events,
    test_sections_exchanges,
    test_sections_recognition,
    test_sections_retrospectives,
    test_sections_roles,
    test_sections_stats,
    test_sections_transfer,
)
from .fakes import assert_same, export, knowledge_stub, round_trip

KEYS = ["circles", "decisions", "events", "exchanges", "transfer", "roles", "stats", "retrospectives", "recognition"]


def ours():
    """This branch's sections, in SECTIONS' order (wherever the others sit among them)."""
    return [section for section in SECTIONS if section.key in KEYS]


def everything(cast):
    test_sections_decisions.decisions_of(cast)
    test_sections_events.meeting(cast, "Rencontre")
    test_sections_exchanges.question(cast, "Quel camion ?")
    test_sections_transfer.transfer_of(cast)
    test_sections_roles.roles_of(cast)
    test_sections_stats.stats_of(cast)
    test_sections_retrospectives.retrospective(cast)
    test_sections_recognition.recognition(cast)


def test_sections_are_listed_in_their_order():
    assert [section.key for section in ours()] == KEYS
    kinds = [kind for section in SECTIONS for kind in section.kinds]
    assert len(kinds) == len(set(kinds))


def test_the_whole_community_comes_back_the_same(cast):
    everything(cast)
    records, again, _target = round_trip([knowledge_stub(), *ours()], cast.community, cast.admin)
    assert all(records[key] for key in KEYS)
    assert_same(records, again)


def test_the_public_archive_holds_no_members_only_nor_core_team_thing(public_cast):
    everything(public_cast)
    records, _ctx = export(ours(), public_cast.community, "public")
    text = json.dumps(records)
    assert "MEMBERS-ONLY" not in text and "CORE-ONLY" not in text and "SECRET-REASON" not in text
    assert "@" not in text
