"""Dispatch: batches per facility, posting, returns and replies. No letter is ever in two
batches, lost half-way, or announced to its sender with anything but a private link."""

from __future__ import annotations

import datetime
import importlib
import io
import logging
import threading

import pytest
from cryptography.fernet import Fernet
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from tests.factories import (
    EventFactory,
    PersonNameFactory,
    gomel_colony,
    minsk_pretrial,
    prisoner,
)
from vestka.letters import dispatch, lifecycle, sealing
from vestka.letters.dispatch import (
    DispatchRefused,
    batch_create,
    batch_letter_remove,
    batch_post,
    letter_return,
    reply_record,
)
from vestka.letters.models import Batch, Letter, LetterEvent, Reply
from vestka.registry import services as registry_services
from vestka.registry.models import Event, Person, PersonName

pytestmark = pytest.mark.django_db

RETURN_ADDRESS = ["Vestka", "PO Box 1", "00-001 Warszawa", "POLAND"]
TEXT = (
    "Прывітанне! Як ты? У нас выпаў снег, і ў вольны час я катаюся на лыжах. Учора пякла "
    "пірог з яблыкамі. Што ты чытаеш? Напішы, якія кнігі табе даслаць. Абдымаю! "
)


def restore_migration_data() -> None:
    """The rows the migrations made (reference data, staff groups), made again: a
    transactional test empties every table when it ends, and tests that run after it
    expect them."""
    from django.contrib.auth.models import Group, Permission

    from vestka.registry.models import Article, Country, Region
    from vestka.registry.seed import seed_reference_data

    staff_roles = importlib.import_module("vestka.letters.migrations.0003_staff_roles")
    seed_reference_data(Country, Region, Article)
    for name, codenames in staff_roles.ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="letters", codename__in=codenames)
        )
    campaign_roles = importlib.import_module("vestka.campaigns.migrations.0002_staff_roles")
    campaign_roles.grant_roles(Group, Permission)


@pytest.fixture(scope="module", autouse=True)
def _migration_data_kept(django_db_blocker):
    # Module scope: torn down after the transactional tests' own clean-up has emptied
    # the tables, so the tests that follow find the migrations' rows again.
    yield
    with django_db_blocker.unblock():
        restore_migration_data()
        connection.close()


@pytest.fixture(autouse=True)
def _dispatch_settings(settings):
    settings.VESTKA_RETURN_ADDRESS = RETURN_ADDRESS
    settings.VESTKA_EMAIL_KEYS = [Fernet.generate_key().decode()]
    settings.SITE_URL = "https://vestka.example"


@pytest.fixture
def private_storage(tmp_path, monkeypatch):
    """Reply scans go to a temporary folder, not the installation's var/private."""
    storage = FileSystemStorage(location=tmp_path / "private")
    monkeypatch.setattr(Reply._meta.get_field("scan"), "storage", storage)
    return storage


@pytest.fixture
def dispatcher(django_user_model):
    return django_user_model.objects.create_user("dispatcher", is_staff=True)


def approved_letter(person: Person, **fields) -> Letter:
    """An approved letter as moderation leaves it (made directly: screening and pace are
    tested elsewhere)."""
    fields = {
        "sender_name": "Ala",
        "text": TEXT,
        "state": lifecycle.APPROVED,
        "route": Letter.Route.SEND_NOW,
        **fields,
    }
    email = fields.pop("email", "")
    letter = Letter.objects.create(person=person, sender_email_sealed=sealing.seal(email), **fields)
    LetterEvent.objects.create(
        letter=letter,
        action="approve",
        from_state="submitted",
        to_state="approved",
        role="moderator",
    )
    return letter


def named_prisoner(russian: str, **fields) -> Person:
    person = prisoner(**fields)
    PersonNameFactory(person=person, form=PersonName.Form.RUSSIAN, text=russian)
    return person


def release(person: Person, on: datetime.date = datetime.date(2024, 2, 1)) -> Person:
    EventFactory(person=person, kind=Event.Kind.RELEASED, date=on)
    return registry_services.person_refresh_custody(person=person)


def snapshot() -> list[tuple]:
    """Everything dispatch may change, to prove that a refusal changed nothing."""
    return [
        sorted(
            Letter.objects.values_list("pk", "state", "batch_id", "batch_position", "recipient")
        ),
        sorted(Batch.objects.values_list("pk", "posted_at")),
        LetterEvent.objects.count(),
        Reply.objects.count(),
    ]


# --- making batches ------------------------------------------------------------------------


@pytest.fixture
def colony(db):
    return gomel_colony()


@pytest.fixture
def held(colony):
    """Three fictional people held in the colony, and some letters that must stay out."""
    zhanna = named_prisoner("Янковская Жанна Олеговна", facility=colony, birth_year=1990)
    alena = named_prisoner("Выдуманная Алёна Петровна", facility=colony, birth_year=1985)
    ihar = prisoner(name="Ігар Прыдуманы", facility=colony, birth_year=1979)
    other_facility = named_prisoner("Другая Ольга", facility=minsk_pretrial())
    hidden = named_prisoner("Скрытый Павел", facility=colony)
    Person.objects.filter(pk=hidden.pk).update(incommunicado=True)
    letters = {
        "zhanna": approved_letter(zhanna),
        "alena_1": approved_letter(alena),
        "alena_2": approved_letter(alena),
        "ihar": approved_letter(ihar),
    }
    outside = {
        "submitted": approved_letter(alena, state=lifecycle.SUBMITTED),
        "elsewhere": approved_letter(other_facility),
        "kept": approved_letter(alena, route=Letter.Route.KEEP_FOR_RELEASE),
        "incommunicado": approved_letter(hidden),
    }
    return {"letters": letters, "outside": outside, "alena": alena}


def test_a_batch_takes_the_approved_letters_to_people_held_at_the_facility(
    colony, held, dispatcher
):
    batch = batch_create(facility=colony, actor=dispatcher, envelope="dl")
    batched = list(batch.letters.order_by("batch_position"))
    # Positions follow the recipient line (then age): the same person's letters together.
    assert [(letter.batch_position, letter.recipient) for letter in batched] == [
        (1, "Выдуманная Алёна Петровна, 1985\u00a0г.\u00a0р."),
        (2, "Выдуманная Алёна Петровна, 1985\u00a0г.\u00a0р."),
        (3, "Ігар Прыдуманы, 1979\u00a0г.\u00a0р."),
        (4, "Янковская Жанна Олеговна, 1990\u00a0г.\u00a0р."),
    ]
    assert [letter.pk for letter in batched[:2]] == [
        held["letters"]["alena_1"].pk,
        held["letters"]["alena_2"].pk,
    ]
    assert {letter.state for letter in batched} == {"batched"}
    assert batch.envelope == "dl" and batch.created_by == dispatcher
    assert batch.address.splitlines() == colony.envelope_lines
    assert batch.address.splitlines()[-1] == "REPUBLIC OF BELARUS"
    assert batch.return_address.splitlines() == RETURN_ADDRESS
    for letter in batched:
        [event] = letter.events.filter(action="batch")
        assert (event.from_state, event.to_state, event.role, event.actor) == (
            "approved",
            "batched",
            "dispatcher",
            dispatcher,
        )
        assert event.at == batch.created_at
    for letter in held["outside"].values():
        letter.refresh_from_db()
        assert letter.batch_id is None and letter.state != "batched"


def test_a_batch_prints_what_it_fixed_even_when_the_registry_changes(colony, held, dispatcher):
    batch = batch_create(facility=colony, actor=dispatcher)
    colony.address = "247760, г. Мозырь\nул. Новая, 1"
    colony.save()
    held["alena"].names.filter(form="ru").update(text="Новая Фамилия")
    batch.refresh_from_db()
    assert batch.address.startswith("246035, г. Гомель")
    assert Letter.objects.filter(recipient__startswith="Выдуманная Алёна").count() == 2


def test_without_a_return_address_no_batch_is_made(colony, held, dispatcher, settings):
    settings.VESTKA_RETURN_ADDRESS = []
    before = snapshot()
    with pytest.raises(DispatchRefused, match="return address"):
        batch_create(facility=colony, actor=dispatcher)
    assert snapshot() == before


def test_a_facility_without_a_postal_address_is_refused(dispatcher):
    facility = gomel_colony(address="")
    approved_letter(named_prisoner("Пустой Адрес", facility=facility))
    before = snapshot()
    with pytest.raises(DispatchRefused, match="no postal address"):
        batch_create(facility=facility, actor=dispatcher)
    assert snapshot() == before


def test_an_empty_batch_is_refused(colony, dispatcher):
    approved_letter(named_prisoner("Другая Ольга", facility=minsk_pretrial()))
    with pytest.raises(DispatchRefused, match="no approved letters"):
        batch_create(facility=colony, actor=dispatcher)
    with pytest.raises(DispatchRefused, match="no approved letters"):
        batch_create(facility=colony, actor=dispatcher, letter_ids=[])
    assert not Batch.objects.exists()


def test_an_unknown_envelope_format_is_refused(colony, held, dispatcher):
    with pytest.raises(DispatchRefused, match="envelope format “b5”"):
        batch_create(facility=colony, actor=dispatcher, envelope="b5")
    assert not Batch.objects.exists()


def test_a_person_without_a_cyrillic_name_stops_the_batch_and_is_named(colony, dispatcher):
    latin = prisoner(name="Fictional Latin Person", facility=colony)
    letter = approved_letter(latin)
    approved_letter(named_prisoner("Выдуманная Алёна Петровна", facility=colony))
    before = snapshot()
    with pytest.raises(DispatchRefused) as refusal:
        batch_create(facility=colony, actor=dispatcher)
    assert "Fictional Latin Person" in str(refusal.value)
    assert f"letters {letter.pk}" in str(refusal.value)
    assert snapshot() == before


def test_only_the_given_letters_are_batched(colony, held, dispatcher):
    chosen = [held["letters"]["ihar"].pk, held["letters"]["zhanna"].pk]
    batch = batch_create(facility=colony, actor=dispatcher, letter_ids=chosen)
    assert sorted(batch.letters.values_list("pk", flat=True)) == sorted(chosen)
    assert list(
        batch.letters.order_by("batch_position").values_list("batch_position", flat=True)
    ) == [
        1,
        2,
    ]


def test_a_given_letter_that_cannot_go_is_refused_saying_why(colony, held, dispatcher):
    before = snapshot()
    ids = [
        held["letters"]["ihar"].pk,
        held["outside"]["submitted"].pk,
        held["outside"]["elsewhere"].pk,
        held["outside"]["kept"].pk,
        held["outside"]["incommunicado"].pk,
        999_999,
    ]
    with pytest.raises(DispatchRefused) as refusal:
        batch_create(facility=colony, actor=dispatcher, letter_ids=ids)
    message = str(refusal.value)
    assert "there is no letter 999999" in message
    assert f"letter {held['outside']['submitted'].pk} is submitted, not approved" in message
    assert f"letter {held['outside']['elsewhere'].pk} is to a person held at" in message
    assert f"letter {held['outside']['kept'].pk} is kept for delivery on release" in message
    assert f"letter {held['outside']['incommunicado'].pk} is to a person held incommunicado" in (
        message
    )
    assert snapshot() == before


def test_a_letter_is_never_put_in_a_second_batch(colony, held, dispatcher):
    ids = [letter.pk for letter in held["letters"].values()]
    first = batch_create(facility=colony, actor=dispatcher, letter_ids=ids)
    # The same form sent again, and a colleague making a batch of the whole facility.
    with pytest.raises(DispatchRefused, match=f"already in batch #{first.pk}"):
        batch_create(facility=colony, actor=dispatcher, letter_ids=ids)
    with pytest.raises(DispatchRefused, match="no approved letters"):
        batch_create(facility=colony, actor=dispatcher)
    assert Batch.objects.count() == 1
    assert LetterEvent.objects.filter(action="batch").count() == len(ids)


def test_a_letter_taken_between_lock_and_update_refuses_the_whole_batch(
    colony, held, dispatcher, monkeypatch
):
    """The conditional update is the second line of defence behind the row locks: were a
    letter to move on between reading and writing, the batch is refused as a whole."""
    other = Batch.objects.create(facility=colony)
    taken = held["letters"]["ihar"]
    lock = dispatch._lock_batchable

    def lock_then_lose_one(**kwargs):
        letters = lock(**kwargs)
        Letter.objects.filter(pk=taken.pk).update(state="batched", batch=other)
        return letters

    monkeypatch.setattr(dispatch, "_lock_batchable", lock_then_lose_one)
    with pytest.raises(DispatchRefused, match="Another dispatcher"):
        batch_create(facility=colony, actor=dispatcher)
    assert list(Batch.objects.values_list("pk", flat=True)) == [other.pk]
    assert set(
        Letter.objects.filter(pk__in=[x.pk for x in held["letters"].values()]).values_list(
            "state", flat=True
        )
    ) == {"approved"}
    assert not LetterEvent.objects.filter(action="batch").exists()


def test_a_failure_half_way_through_a_batch_changes_nothing(colony, held, dispatcher, monkeypatch):
    monkeypatch.setattr(dispatch, "CHUNK", 2)  # four letters: two chunks of events
    real_bulk_create = LetterEvent.objects.bulk_create
    calls = []

    def fail_on_second_chunk(events, *args, **kwargs):
        calls.append(len(events))
        if len(calls) == 2:
            raise RuntimeError("the disk is full")
        return real_bulk_create(events, *args, **kwargs)

    monkeypatch.setattr(LetterEvent.objects, "bulk_create", fail_on_second_chunk)
    before = snapshot()
    with pytest.raises(RuntimeError, match="disk is full"):
        batch_create(facility=colony, actor=dispatcher)
    assert calls == [2, 2]  # half the letters were written when it failed
    assert snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_never_share_a_letter():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; row locks are PostgreSQL's")
    from django.contrib.auth.models import User

    restore_migration_data()  # an earlier transactional test may have emptied the tables
    colony = gomel_colony()
    people = [named_prisoner(f"Выдуманная Особа {n}", facility=colony) for n in range(5)]
    letters = [approved_letter(people[n % 5]) for n in range(40)]
    users = [User.objects.create_user(f"dispatcher-{n}", is_staff=True) for n in range(2)]
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def make(user, ids):
        try:
            start.wait()
            outcomes.append(batch_create(facility=colony, actor=user, letter_ids=ids))
        except DispatchRefused as refusal:
            outcomes.append(refusal)
        finally:
            connection.close()

    everything = [letter.pk for letter in letters]
    threads = [
        threading.Thread(target=make, args=(users[0], None)),
        threading.Thread(target=make, args=(users[1], everything)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    batches = [outcome for outcome in outcomes if isinstance(outcome, Batch)]
    assert len(outcomes) == 2 and len(batches) >= 1
    assert Letter.objects.filter(state="batched").count() == 40
    assert LetterEvent.objects.filter(action="batch").count() == 40
    for batch in batches:
        positions = list(batch.letters.values_list("batch_position", flat=True))
        assert sorted(positions) == list(range(1, len(positions) + 1))


def test_letters_kept_for_release_go_in_a_batch_without_envelopes(colony, dispatcher, settings):
    settings.VESTKA_RETURN_ADDRESS = []  # handed over, not posted: no envelope to print
    freed = named_prisoner("Свободная Вера Ивановна", facility=colony, birth_year=1970)
    kept = approved_letter(freed, route=Letter.Route.KEEP_FOR_RELEASE)
    sent_too_late = approved_letter(freed)
    still_held = named_prisoner("Ещё Сидит", facility=colony)
    waiting = approved_letter(still_held, route=Letter.Route.KEEP_FOR_RELEASE)
    release(freed)
    batch = batch_create(facility=None, actor=dispatcher)
    assert list(batch.letters.values_list("pk", "recipient")) == [
        (kept.pk, "Свободная Вера Ивановна, 1970\u00a0г.\u00a0р.")
    ]
    assert batch.facility is None and batch.address == ""
    for letter in (sent_too_late, waiting):
        letter.refresh_from_db()
        assert letter.state == "approved" and letter.batch is None


# --- taking letters out, posting --------------------------------------------------------------


@pytest.fixture
def batch(colony, held, dispatcher):
    return batch_create(facility=colony, actor=dispatcher)


def test_a_letter_is_taken_out_of_a_batch_with_a_reason_and_the_others_keep_their_places(
    batch, dispatcher
):
    first, second, *rest = batch.letters.order_by("batch_position")
    letter = batch_letter_remove(
        batch=batch, letter_id=first.pk, actor=dispatcher, reason="Moved to another colony."
    )
    assert (letter.state, letter.batch, letter.batch_position, letter.recipient) == (
        "approved",
        None,
        None,
        "",
    )
    event = letter.events.get(action="unbatch")
    assert (event.reason, event.actor, event.to_state) == (
        "Moved to another colony.",
        dispatcher,
        "approved",
    )
    assert list(
        batch.letters.order_by("batch_position").values_list("batch_position", flat=True)
    ) == [
        2,
        3,
        4,
    ]
    with pytest.raises(DispatchRefused, match="not in batch"):
        batch_letter_remove(batch=batch, letter_id=first.pk, actor=dispatcher, reason="again")
    # It goes with the next batch.
    again = batch_create(facility=batch.facility, actor=dispatcher)
    assert list(again.letters.values_list("pk", "batch_position")) == [(first.pk, 1)]


def test_taking_a_letter_out_needs_a_reason_and_an_unposted_batch(batch, dispatcher):
    letter = batch.letters.first()
    before = snapshot()
    with pytest.raises(DispatchRefused, match="Say why"):
        batch_letter_remove(batch=batch, letter_id=letter.pk, actor=dispatcher, reason=" ")
    batch_post(batch=batch, actor=dispatcher)
    before = snapshot()
    with pytest.raises(DispatchRefused, match="is posted"):
        batch_letter_remove(batch=batch, letter_id=letter.pk, actor=dispatcher, reason="moved")
    assert snapshot() == before


def test_posting_a_batch_posts_every_letter_once(batch, dispatcher):
    batch_post(batch=batch, actor=dispatcher)
    batch.refresh_from_db()
    assert batch.posted_at is not None and batch.posted_by == dispatcher
    assert set(batch.letters.values_list("state", flat=True)) == {"posted"}
    events = LetterEvent.objects.filter(action="post")
    assert events.count() == 4 and {event.actor for event in events} == {dispatcher}
    before = snapshot()
    with pytest.raises(DispatchRefused, match="already marked posted"):
        batch_post(batch=Batch.objects.get(pk=batch.pk), actor=dispatcher)
    assert snapshot() == before


def test_an_emptied_batch_cannot_be_posted(batch, dispatcher):
    for letter in batch.letters.all():
        batch_letter_remove(batch=batch, letter_id=letter.pk, actor=dispatcher, reason="moved")
    with pytest.raises(DispatchRefused, match="no letters to post"):
        batch_post(batch=batch, actor=dispatcher)
    batch.refresh_from_db()
    assert batch.posted_at is None


# --- returns and replies ---------------------------------------------------------------------


@pytest.fixture
def posted(colony, dispatcher):
    """A posted letter whose sender asked for notices, in Belarusian."""
    person = named_prisoner("Выдуманная Алёна Петровна", facility=colony)
    letter = approved_letter(person, email="ala@example.org", ui_language="be")
    batch = batch_create(facility=colony, actor=dispatcher)
    batch_post(batch=batch, actor=dispatcher)
    letter.refresh_from_db()
    return letter


def assert_private_notice(message, letter, *, language_prefix: str = "") -> None:
    assert message.to == ["ala@example.org"]
    body = message.subject + message.body
    assert f"https://vestka.example{language_prefix}/letters/{letter.token}/" in body
    assert letter.text[:40] not in body and "Прывітанне" not in body
    for name in ("Выдуманная", "Алёна", "Alena", "Гомель"):
        assert name not in body


def test_a_returned_letter_tells_the_sender_why_through_their_private_link(
    posted, dispatcher, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_return(
            letter_id=posted.pk, actor=dispatcher, reason="Moved to another colony."
        )
    assert letter.state == "returned"
    event = letter.events.get(action="return")
    assert (event.reason, event.actor) == ("Moved to another colony.", dispatcher)
    [message] = mailoutbox
    assert_private_notice(message, letter, language_prefix="/be")
    with pytest.raises(DispatchRefused, match="returned"):
        letter_return(letter_id=posted.pk, actor=dispatcher, reason="again")
    assert letter.events.filter(action="return").count() == 1


def test_a_return_needs_a_reason_and_a_posted_letter(colony, posted, dispatcher, mailoutbox):
    waiting = approved_letter(named_prisoner("Другая Ольга", facility=colony))
    before = snapshot()
    with pytest.raises(DispatchRefused, match="Say why"):
        letter_return(letter_id=posted.pk, actor=dispatcher, reason="")
    with pytest.raises(DispatchRefused, match="approved"):
        letter_return(letter_id=waiting.pk, actor=dispatcher, reason="lost")
    with pytest.raises(DispatchRefused, match="no letter 999999"):
        letter_return(letter_id=999_999, actor=dispatcher, reason="lost")
    assert snapshot() == before and not mailoutbox


def jpeg_upload(name: str = "reply.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "FictionalCam"
    Image.new("RGB", (60, 40), (200, 30, 30)).save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_a_reply_is_recorded_with_a_clean_scan_and_the_sender_is_told(
    posted, dispatcher, private_storage, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = reply_record(
            letter_id=posted.pk,
            actor=dispatcher,
            scan=jpeg_upload("IMG_2024_Homel_colony.jpg"),
            note="  She thanks you for the letter.  ",
        )
    reply.refresh_from_db()
    posted.refresh_from_db()
    assert posted.state == "reply_received"
    assert (reply.note, reply.recorded_by, reply.content_type) == (
        "She thanks you for the letter.",
        dispatcher,
        "image/jpeg",
    )
    assert "Homel" not in reply.scan.name and reply.scan.name.endswith(".jpg")
    with private_storage.open(reply.scan.name) as stored:
        data = stored.read()
    assert b"FictionalCam" not in data and Image.open(io.BytesIO(data)).size == (60, 40)
    assert reply.notified_at is not None
    [message] = mailoutbox
    assert_private_notice(message, posted, language_prefix="/be")
    [event] = posted.events.filter(action="reply")
    assert (event.from_state, event.to_state, event.actor) == (
        "posted",
        "reply_received",
        dispatcher,
    )
    # The sender's email goes soon after the story ends.
    assert posted.email_purge_after <= reply.received_at + datetime.timedelta(days=14)


def test_a_second_reply_adds_a_reply_without_a_second_event(
    posted, dispatcher, private_storage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply_record(letter_id=posted.pk, actor=dispatcher, scan=None, note="First.")
        reply_record(
            letter_id=posted.pk, actor=dispatcher, scan=None, note="Second.", expected_replies=1
        )
    assert list(Reply.objects.values_list("note", flat=True)) == ["First.", "Second."]
    assert posted.events.filter(action="reply").count() == 1


def test_a_reply_form_sent_twice_records_one_reply(posted, dispatcher, private_storage):
    reply_record(letter_id=posted.pk, actor=dispatcher, scan=None, note="Hi", expected_replies=0)
    before = snapshot()
    with pytest.raises(DispatchRefused, match="recorded meanwhile"):
        reply_record(
            letter_id=posted.pk, actor=dispatcher, scan=None, note="Hi", expected_replies=0
        )
    assert snapshot() == before


def test_a_returned_letter_may_still_get_a_reply(posted, dispatcher, private_storage):
    letter_return(letter_id=posted.pk, actor=dispatcher, reason="Moved.")
    reply_record(letter_id=posted.pk, actor=dispatcher, scan=None, note="It reached her later.")
    posted.refresh_from_db()
    assert posted.state == "reply_received"


def test_a_bad_reply_is_refused_and_nothing_is_stored(
    colony, posted, dispatcher, private_storage, tmp_path
):
    waiting = approved_letter(named_prisoner("Другая Ольга", facility=colony))
    before = snapshot()
    pdf = SimpleUploadedFile("reply.jpg", b"%PDF-1.4 fictional", content_type="image/jpeg")
    with pytest.raises(DispatchRefused, match="is a PDF"):
        reply_record(letter_id=posted.pk, actor=dispatcher, scan=pdf, note="")
    with pytest.raises(DispatchRefused, match="Attach a scan"):
        reply_record(letter_id=posted.pk, actor=dispatcher, scan=None, note="  ")
    with pytest.raises(DispatchRefused, match="approved"):
        reply_record(letter_id=waiting.pk, actor=dispatcher, scan=jpeg_upload(), note="")
    assert snapshot() == before
    assert not (tmp_path / "private").exists() or not any((tmp_path / "private").rglob("*.*"))


def test_a_reply_whose_recording_fails_leaves_no_scan_behind(
    posted, dispatcher, private_storage, monkeypatch, tmp_path
):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Reply, "save", broken_save)
    with pytest.raises(RuntimeError):
        reply_record(letter_id=posted.pk, actor=dispatcher, scan=jpeg_upload(), note="")
    assert not any(path.is_file() for path in (tmp_path / "private").rglob("*"))
    posted.refresh_from_db()
    assert posted.state == "posted"


def test_a_failed_email_loses_no_reply_and_logs_no_address(
    posted, dispatcher, private_storage, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise OSError("550 mailbox ala@example.org unavailable")

    monkeypatch.setattr(dispatch, "send_mail", refuse)
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        reply = reply_record(letter_id=posted.pk, actor=dispatcher, scan=None, note="Hi")
    reply.refresh_from_db()
    assert reply.notified_at is None and Reply.objects.count() == 1
    assert "could not be sent" in caplog.text and "ala@example.org" not in caplog.text


def test_no_email_is_sent_to_a_sender_who_left_no_address(
    colony, dispatcher, private_storage, mailoutbox, django_capture_on_commit_callbacks
):
    letter = approved_letter(named_prisoner("Выдуманная Алёна Петровна", facility=colony))
    batch_post(batch=batch_create(facility=colony, actor=dispatcher), actor=dispatcher)
    with django_capture_on_commit_callbacks(execute=True):
        reply = reply_record(letter_id=letter.pk, actor=dispatcher, scan=None, note="Hi")
    reply.refresh_from_db()
    assert not mailoutbox and reply.notified_at is None


def test_the_notice_is_sent_only_after_the_reply_is_committed(
    posted, dispatcher, private_storage, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reply_record(letter_id=posted.pk, actor=dispatcher, scan=None, note="Hi")
    assert not mailoutbox and len(callbacks) == 1


def test_an_english_sender_gets_an_unprefixed_link(
    colony, dispatcher, mailoutbox, django_capture_on_commit_callbacks
):
    person = named_prisoner("Выдуманная Алёна Петровна", facility=colony)
    letter = approved_letter(person, email="ala@example.org", ui_language="en")
    batch_post(batch=batch_create(facility=colony, actor=dispatcher), actor=dispatcher)
    with django_capture_on_commit_callbacks(execute=True):
        letter_return(letter_id=letter.pk, actor=dispatcher, reason="Moved.")
    [message] = mailoutbox
    assert_private_notice(message, letter)
    assert message.subject == "Your letter came back"


# --- the dispatch overview ---------------------------------------------------------------------


def test_the_overview_counts_letters_per_facility_and_keeps_stranded_ones_in_sight(
    colony, held, dispatcher
):
    queues = {queue.facility.pk: queue for queue in dispatch.dispatch_queues()}
    ours = queues[colony.pk]
    assert sorted(ours.letter_ids) == sorted(letter.pk for letter in held["letters"].values())
    assert ours.oldest == held["letters"]["zhanna"].created_at and ours.unnamed == 0
    assert queues[held["outside"]["elsewhere"].person.facility_id].count == 1

    freed = named_prisoner("Свободная Вера", facility=colony)
    sent_now = approved_letter(freed)
    kept = approved_letter(freed, route=Letter.Route.KEEP_FOR_RELEASE)
    release(freed)
    assert dispatch.release_queue().letter_ids == [kept.pk]
    stranded = {item.letter.pk: item.why for item in dispatch.letters_stranded()}
    assert stranded == {
        held["outside"]["incommunicado"].pk: "the person is held incommunicado",
        sent_now.pk: "the person has been released",
    }
