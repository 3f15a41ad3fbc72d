"""Delivery when the mail server fails: each email on its own, retried for a day, sent once."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import get_commands
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from terreau.communities import services as communities
from terreau.emails import services
from terreau.emails.models import Email

from .backends import FlakyServer

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def server():
    FlakyServer.reset(timezone.now())
    with override_settings(MAILERS={"default": {"BACKEND": "terreau.emails.tests.backends.FlakyServer"}}):
        yield FlakyServer


def unsaved(to: str, subject: str = "Nouvelles") -> Email:
    return Email(to=to, subject=subject, text="Bonjour", template="test", language="fr")


def test_the_retries_last_at_least_a_day():
    assert sum(services.RETRY_DELAYS, timedelta()) >= timedelta(hours=24)
    assert services.retry_delay(len(services.RETRY_DELAYS) + 1) is None


def test_a_mail_server_failing_part_of_a_batch_then_a_whole_hour_loses_no_email_and_sends_none_twice(
    cast, client, server, django_capture_on_commit_callbacks
):
    start = server.clock
    outage = (start + timedelta(minutes=30), start + timedelta(minutes=90))
    server.outages = [outage]
    # Three mailboxes of the batch are refused for a while, one invitation's address for ever.
    server.refused = {
        "m0@x.test": start + timedelta(minutes=20),
        "m5@x.test": start + timedelta(hours=3),
        "m10@x.test": start + timedelta(hours=10),
        "gone@x.test": start + timedelta(days=30),
    }
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.emails_queue([unsaved(f"m{index}@x.test", f"Message {index}") for index in range(15)])
    # The refused ones do not hold back the rest of their batch.
    assert sorted(to for _at, to, _subject in server.delivered) == sorted(
        f"m{index}@x.test" for index in range(15) if index not in (0, 5, 10)
    )
    assert Email.objects.filter(pk__in=[e.pk for e in batch], status=Email.Status.QUEUED).count() == 3

    # During the outage, three invitations (one to an address that does not exist).
    server.clock = start + timedelta(minutes=35)
    invited = ["ana@x.test", "bob@x.test", "gone@x.test"]
    with django_capture_on_commit_callbacks(execute=True):
        invitations = [
            communities.invitation_create(actor=cast.core_member, community=cast.community, email=address)
            for address in invited
        ]
    assert Email.objects.filter(status=Email.Status.QUEUED).count() == 6

    moment = server.clock
    while moment < start + timedelta(hours=30):
        moment += timedelta(minutes=5)
        server.clock = moment
        with django_capture_on_commit_callbacks(execute=True):
            services.emails_sweep(now=moment)

    received = Counter(to for _at, to, _subject in server.delivered)
    expected = [f"m{index}@x.test" for index in range(15)] + invited[:2]
    assert received == Counter(expected), "every email once, none twice"
    assert not any(outage[0] <= at < outage[1] for at, _to, _subject in server.delivered)
    first_tries = {to: at for at, to, _subject in server.delivered}
    assert first_tries["ana@x.test"] >= outage[1] and first_tries["m10@x.test"] >= start + timedelta(hours=10)
    assert set(Email.objects.exclude(to="gone@x.test").values_list("status", flat=True)) == {Email.Status.SENT}

    # The address that never answers: given up after a day of retries, and said so.
    given_up = Email.objects.get(to="gone@x.test")
    assert given_up.status == Email.Status.FAILED
    assert given_up.attempts == len(services.RETRY_DELAYS) + 1
    assert given_up.last_attempt_at >= start + timedelta(hours=24)
    assert "SMTPRecipientsRefused" in given_up.error

    cast.core_member.language = "en"
    cast.core_member.save(update_fields=["language"])
    client.login(username=cast.core_member.email, password=PASSWORD)
    page = client.get(reverse("communities:invitations", args=[cast.community.slug])).content.decode()
    row = page[page.index("gone@x.test") :].split("</tr>")[0]
    assert "email not delivered" in row
    assert all("email not delivered" not in page[page.index(a) :].split("</tr>")[0] for a in invited[:2])
    assert invitations[2].outgoing_email_id == given_up.pk

    cast.admin.language = "en"
    cast.admin.save(update_fields=["language"])
    client.login(username=cast.admin.email, password=PASSWORD)
    index = client.get(reverse("admin:index")).content.decode()
    assert "1 email could not be delivered." in index
    listing = client.get(reverse("admin:emails_email_changelist") + "?status__exact=failed").content.decode()
    assert "gone@x.test" in listing and "ana@x.test" not in listing


def test_the_platform_admin_sends_failed_emails_again(cast, client, server, django_capture_on_commit_callbacks):
    failed = Email.objects.create(to="late@x.test", subject="Invitation", text="…", status=Email.Status.FAILED)
    client.login(username=cast.admin.email, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:emails_email_changelist"), {"action": "retry", "_selected_action": [failed.pk]})
    failed.refresh_from_db()
    assert failed.status == Email.Status.SENT and [to for _at, to, _s in server.delivered] == ["late@x.test"]


def test_an_email_already_sent_or_being_sent_is_not_sent_again(server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [email] = services.emails_queue([unsaved("once@x.test")])
    assert services.emails_deliver(email_ids=[email.pk]) == 0
    Email.objects.filter(pk=email.pk).update(status=Email.Status.SENDING)
    assert services.emails_deliver(email_ids=[email.pk]) == 0
    assert len(server.delivered) == 1


@pytest.mark.django_db(transaction=True)
def test_a_failed_email_waits_in_the_queue_for_its_retry_and_the_sweep_adds_no_duplicate(server, task_queue):
    server.refused = {"later@x.test": server.clock + timedelta(hours=1)}
    [email] = services.emails_queue([unsaved("later@x.test")])
    task_queue.drain()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.QUEUED, 1)
    assert waiting_retries(task_queue) == [(email.next_attempt_at.replace(microsecond=0), [email.pk])]
    assert services.emails_sweep(now=email.next_attempt_at)["queued"] == 0
    assert len(waiting_retries(task_queue)) == 1


def waiting_retries(task_queue) -> list:
    """(run after, to the second as RQ keeps it; email ids) of the deferred delivery tasks in the queue."""
    if task_queue.name == "db":
        from django_tasks_db.models import DBTaskResult

        return [
            (task.run_after.replace(microsecond=0), task.args_kwargs["args"][0])
            for task in DBTaskResult.objects.filter(status="READY")
        ]
    import django_rq
    from rq.registry import ScheduledJobRegistry

    retries = []
    for name in ("high", "default"):
        registry = ScheduledJobRegistry(queue=django_rq.get_queue(name))
        for job_id in registry.get_job_ids():
            job = django_rq.get_queue(name).fetch_job(job_id)
            retries.append((registry.get_scheduled_time(job).replace(microsecond=0), job.args[0]))
    return retries


@pytest.mark.django_db(transaction=True)
def test_tasks_of_a_worker_that_cannot_be_seen_are_taken_up_after_half_an_hour():
    import os

    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from terreau.emails import queue
    from terreau.emails.tasks import deliver_email

    with override_settings(TASKS=DATABASE_QUEUE):
        now = timezone.now()
        email = Email.objects.create(to="a@x.test", subject="…", text="…", status=Email.Status.SENDING)

        def running(worker: str, minutes: int) -> DBTaskResult:
            task = DBTaskResult.objects.get(pk=deliver_email.enqueue(email.pk).id)
            task.claim(worker)
            DBTaskResult.objects.filter(pk=task.pk).update(started_at=now - timedelta(minutes=minutes))
            return task

        elsewhere_old = running("other-host:123:abcdefgh", 31)
        elsewhere_recent = running("other-host:123:abcdefgh", 5)
        alive_here = running(f"{queue.worker_id().split(':')[0]}:{os.getpid()}:abcdefgh", 120)
        outcome = services.emails_sweep(now=now)
        states = dict(DBTaskResult.objects.values_list("pk", "status"))
        assert states[elsewhere_old.pk] == TaskResultStatus.READY
        assert states[elsewhere_recent.pk] == states[alive_here.pk] == TaskResultStatus.RUNNING
        email.refresh_from_db()
        assert outcome["tasks"] == 1 and email.status == Email.Status.QUEUED


def test_terreaus_worker_command_is_the_one_manage_py_runs():
    assert get_commands()["db_worker"] == "terreau.emails"
