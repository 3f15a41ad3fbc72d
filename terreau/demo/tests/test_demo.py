import pytest

from terreau.communities.models import Community, Membership, RoleAssignment
from terreau.demo import data as demo

pytestmark = pytest.mark.django_db

WRITES = {"INSERT", "UPDATE", "DELETE"}


def test_the_demo_has_three_communities_in_different_phases_and_about_forty_people():
    cast = demo.demo_load()
    assert {c.phase for c in Community.objects.all()} == {"define", "run", "closed"}
    assert 35 <= Membership.objects.values("user").distinct().count() <= 45
    running = Community.objects.get(phase="run")
    core = Membership.objects.filter(community=running, is_core_team=True)
    assert 2 <= core.count() <= 6
    assert RoleAssignment.objects.filter(role__community=running).exists()
    member = Membership.objects.get(community=running, user=cast["membre"])
    assert not member.is_core_team and member.sponsor is not None


def test_the_demo_loads_only_once():
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    demo.demo_load()
    output = StringIO()
    with CaptureQueriesContext(connection) as second_run:
        call_command("demo_data", stdout=output)
    writes = [query["sql"] for query in second_run.captured_queries if query["sql"].split()[0].upper() in WRITES]
    assert writes == []
    assert output.getvalue().strip() == "Demo data already loaded."
    assert Community.objects.count() == 3


def test_each_demo_community_shows_its_phases_work():
    from terreau.lifecycle import selectors

    demo.demo_load()
    defining = selectors.current_progress(Community.objects.get(phase="define"))
    assert 0 < defining.settled < defining.total
    running = Community.objects.get(phase="run")
    assert running.phase_changes.count() == 3  # define → design → launch → run


def test_the_running_community_has_its_launch_deliverables_and_the_defined_one_a_call():
    from terreau.calls.models import Call
    from terreau.charter.models import Charter
    from terreau.definition.models import Stakeholder
    from terreau.events.models import Event, EventKind
    from terreau.launch.models import Action

    demo.demo_load()
    running = Community.objects.get(phase="run")
    assert Charter.objects.get(community=running).adopted_version is not None
    launch_day = Event.objects.get(community=running, kind=EventKind.LAUNCH_DAY)
    assert launch_day.agenda_items.count() == 7 and launch_day.minutes.status == "published"
    # The launch's plan and an idea taken up; the evaluations' renewal plans add theirs
    # (terreau/evaluations/tests/test_demo.py).
    assert Action.objects.filter(community=running, renewal_items__isnull=True).count() == 6
    assert Stakeholder.objects.filter(community__phase="define").count() == 3
    assert Call.objects.filter(community__phase="define").exists()


def test_the_demo_admin_signs_in_with_the_authenticator_secret_the_readme_gives():
    from io import StringIO
    from pathlib import Path

    from allauth.mfa.models import Authenticator
    from django.core.management import call_command

    cast = demo.demo_load()
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    assert f"`{demo.DEMO_ADMIN_TOTP_SECRET}`" in readme
    output = StringIO()
    call_command("demo_data", "--admin-code", stdout=output)
    code = output.getvalue().strip()
    totp = Authenticator.objects.get(user=cast["admin"], type=Authenticator.Type.TOTP).wrap()
    assert totp.validate_code(code)
    assert Authenticator.objects.filter(user=cast["admin"], type=Authenticator.Type.RECOVERY_CODES).exists()


def test_a_demo_loaded_before_the_second_factor_gets_it_on_the_next_run():
    from allauth.mfa.models import Authenticator
    from django.core.management import call_command

    cast = demo.demo_load()
    Authenticator.objects.filter(user=cast["admin"]).delete()
    call_command("demo_data")
    assert Authenticator.objects.filter(user=cast["admin"], type=Authenticator.Type.TOTP).exists()


def test_the_demos_knowledge_was_published_over_months_not_in_one_afternoon():
    from datetime import timedelta

    from django.utils import timezone

    from terreau.exchanges.models import FeedItem

    demo.demo_load()
    running = Community.objects.get(phase="run")
    lines = FeedItem.objects.filter(community=running, kind=FeedItem.Kind.KNOWLEDGE)
    this_week = lines.filter(created_at__gte=timezone.now() - timedelta(days=7)).count()
    assert lines.count() > 20 and 1 <= this_week <= 2  # the feed shows the latest, not thirty at once


def test_each_demo_workspace_answers_about_its_own_subject():
    from terreau.lifecycle.models import Answer

    demo.demo_load()
    mobility = Answer.objects.filter(community__slug="mobilite-rurale").values_list("text", flat=True)
    assert mobility
    assert not [text for text in mobility if "circuits courts" in text or "cantine" in text]
    assert any("covoiturage" in text for text in mobility)
    tourism = " ".join(Answer.objects.filter(community__slug="tourisme-durable").values_list("text", flat=True))
    assert "circuits courts" not in tourism and "cantine" not in tourism
