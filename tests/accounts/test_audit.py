"""Admins read every staff change in one audit log: registry records with their values
before and after, letter and message steps, staff accounts, the rest of the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from simple_history.utils import update_change_reason

from tests.factories import prisoner
from tests.letters.helpers import approved_letter
from vestka.accounts.audit import audit_entries
from vestka.letters import lifecycle
from vestka.letters.services import letter_act

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_a_change_to_a_person_shows_who_and_the_values_before_and_after(admin_client, admin_user):
    person = prisoner(name="Ігар Прыдуманы")
    person._history_user = admin_user
    person.biography_en = "Detained after the march."
    person.save()
    update_change_reason(person, "a source corrected the story")
    html = admin_client.get("/staff/audit/").content.decode()
    assert "Detained after the march." in html and "a source corrected the story" in html
    entry = next(e for e in audit_entries() if e.kind == "history" and e.changes)
    assert entry.actor == admin_user.username and entry.action == "changed"
    assert {c.field for c in entry.changes} == {"biography_en"}


def test_letter_steps_and_staff_accounts_are_in_the_log_but_never_passwords(
    admin_client, admin_user
):
    letter = approved_letter(prisoner(name="Алена Выдуманая"), state=lifecycle.SUBMITTED)
    moderator = User.objects.create_user("moderator", password="a long secret", is_staff=True)
    letter_act(
        letter_id=letter.pk,
        action="reject",
        role=lifecycle.MODERATOR,
        actor=moderator,
        reason="Пра справу пісаць нельга.",
    )
    moderator.set_password("another long secret")
    moderator.is_superuser = True
    moderator.save()
    entries = audit_entries()
    step = next(e for e in entries if e.kind == "letter")
    assert (step.actor, step.action, step.note) == (
        "moderator",
        "reject",
        "Пра справу пісаць нельга.",
    )
    account = next(
        e for e in entries if e.kind == "history" and "moderator" in e.what and e.changes
    )
    assert {c.field for c in account.changes} == {"is_superuser"}
    html = admin_client.get("/staff/audit/").content.decode()
    assert "pbkdf2" not in html and "another long secret" not in html


def test_only_admins_read_the_audit_log(client):
    editor = User.objects.create_user("editor", password="a long secret", is_staff=True)
    client.force_login(editor)
    assert client.get("/staff/audit/").status_code == 403
    assert "Audit log" not in client.get("/staff/").content.decode()


def test_the_staff_index_links_the_audit_log_for_admins(admin_client):
    assert "/staff/audit/" in admin_client.get("/staff/").content.decode()
