import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.calendar.conftest import held

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_days_as_json(db):
    person = held(
        "Прыдуманая Алена", birthday=(5, 22), latin="Alena Prydumanaya", source_id="cal-1"
    )
    data = json.loads(run("--from", "2027-05-20", "--days", "7", "--json"))
    assert (data["from"], data["to"]) == ("2027-05-20", "2027-05-26")
    assert [(e["date"], e["kind"]) for e in data["entries"]] == [
        ("2027-05-21", "day_of_action"),
        ("2027-05-22", "birthday"),
    ]
    birthday = data["entries"][1]
    assert birthday["person_id"] == person.pk and birthday["source_id"] == "cal-1"
    assert birthday["url"] == f"https://vestka.example/people/{person.pk}/"


def test_the_command_speaks_the_language_asked(db):
    held("Прыдуманая Алена", birthday=(5, 22))
    data = json.loads(run("--from", "2027-05-22", "--days", "1", "--json", "--language", "be"))
    assert data["entries"][0]["url"].startswith("https://vestka.example/be/people/")


def test_without_from_the_command_starts_today(db):
    data = json.loads(run("--json"))
    today = datetime.date.today()
    assert data["from"] == today.isoformat()
    assert data["to"] == (today + datetime.timedelta(days=6)).isoformat()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "21.05.2027"], "--from: '21.05.2027' is not a date"),
        (["--days", "0"], "--days must be between 1 and 400"),
        (["--days", "401"], "--days must be between 1 and 400"),
    ],
)
def test_bad_arguments_stop_with_exit_code_2(db, args, message):
    with pytest.raises(CommandError, match=message) as raised:
        run(*args)
    assert raised.value.returncode == 2


def test_publish_birthdays_makes_the_day_and_month_of_birth_dates_public(db):
    from vestka.calendar.models import PublicBirthday

    person = held("Прыдуманы Дэма", source_id="cal-2", is_demo=True)
    person.birth_date = datetime.date(1992, 2, 29)
    person.save()
    held("Прыдуманы Іншы", source_id="cal-3")
    assert json.loads(run("publish-birthdays", "--demo")) == {"published": 1}
    birthday = PublicBirthday.objects.get()
    assert (birthday.person_id, birthday.month, birthday.day) == (person.pk, 2, 29)
    # Again changes nothing but the time of publishing.
    assert json.loads(run("publish-birthdays", "--source-id", "cal-2")) == {"published": 1}
    assert PublicBirthday.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "needs either --source-id ID"),
        (["--demo", "--source-id", "x"], "needs either"),
        (["--source-id", "nobody"], "nobody in the registry has the id nobody"),
    ],
)
def test_publish_birthdays_refuses_unclear_requests(db, args, message):
    from vestka.calendar.models import PublicBirthday

    with pytest.raises(CommandError, match=message) as raised:
        run("publish-birthdays", *args)
    assert raised.value.returncode == 2 and not PublicBirthday.objects.exists()
