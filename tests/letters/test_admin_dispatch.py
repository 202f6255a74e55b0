"""The dispatchers' staff pages: only dispatchers get in, every change is a POST with a
clear message, and a form sent twice never acts twice."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from tests.factories import gomel_colony, minsk_pretrial, prisoner
from tests.letters.helpers import (
    RETURN_ADDRESS,
    approved_letter,
    named_prisoner,
    release,
)
from vestka.letters import batch_pdfs
from vestka.letters.dispatch import batch_create, batch_post
from vestka.letters.models import Batch, Letter, LetterEvent, Reply
from vestka.letters.printing import batch_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.VESTKA_RETURN_ADDRESS = RETURN_ADDRESS


@pytest.fixture
def private_storage(tmp_path, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path / "private")
    monkeypatch.setattr(Reply._meta.get_field("scan"), "storage", storage)
    return storage


def staff_in(group: str, django_user_model, username: str):
    user = django_user_model.objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def dispatcher(django_user_model):
    return staff_in("Dispatchers", django_user_model, "dispatcher")


@pytest.fixture
def client_of(dispatcher):
    client = Client()
    client.force_login(dispatcher)
    return client


@pytest.fixture
def colony(db):
    return gomel_colony()


@pytest.fixture
def letters(colony):
    alena = named_prisoner("Выдуманная Алёна Петровна", facility=colony, birth_year=1985)
    ihar = named_prisoner("Придуманный Игорь Олегович", facility=colony, birth_year=1979)
    return [approved_letter(alena), approved_letter(ihar), approved_letter(alena)]


@pytest.fixture
def batch(colony, letters, dispatcher, django_capture_on_commit_callbacks):
    """A batch as a dispatcher makes it: committed, and so printed (tasks run at once)."""
    with django_capture_on_commit_callbacks(execute=True):
        return batch_create(facility=colony, actor=dispatcher)


@pytest.fixture
def posted_batch(batch, dispatcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return batch_post(batch=batch, actor=dispatcher)


def follow_messages(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def jpeg(name="IMG_0042.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "FictionalPhoneMaker"
    Image.new("RGB", (30, 20), (10, 120, 200)).save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


# --- who gets in ------------------------------------------------------------------------------


def test_only_dispatchers_use_the_dispatch_pages(django_user_model, batch):
    moderator = staff_in("Moderators", django_user_model, "moderator")
    reply = Reply.objects.create(letter=batch.letters.first(), note="x")
    client = Client()
    client.force_login(moderator)
    gets = [
        reverse("admin:letters_batch_overview"),
        reverse("admin:letters_batch_changelist"),
        reverse("admin:letters_batch_change", args=[batch.pk]),
        reverse("admin:letters_batch_pdf", args=[batch.pk]),
        reverse("admin:letters_batch_post", args=[batch.pk]),
        reverse("admin:letters_batch_reply_scan", args=[reply.pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 403, url
    posts = [
        (reverse("admin:letters_batch_make"), {"facility": batch.facility_id, "letters": "1"}),
        (reverse("admin:letters_batch_post", args=[batch.pk]), {}),
        (reverse("admin:letters_batch_remove", args=[batch.pk]), {"letter": 1, "reason": "x"}),
        (reverse("admin:letters_batch_pdf", args=[batch.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert Batch.objects.get().posted_at is None
    assert batch.letters.count() == 3
    # Someone not signed in is sent to the staff sign-in page.
    assert Client().get(gets[0]).status_code == 302


def test_a_stored_pdf_has_no_address_but_the_dispatchers_download(client_of, batch):
    name = next(batch_pdfs.folder().iterdir()).name
    for client in (Client(), client_of):
        for url in (f"/media/batches/{name}", f"/private/batches/{name}", f"/batches/{name}"):
            assert client.get(url).status_code == 404, url
    anonymous = Client().get(reverse("admin:letters_batch_pdf", args=[batch.pk]))
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_changes_need_a_csrf_token(dispatcher, batch):
    client = Client(enforce_csrf_checks=True)
    client.force_login(dispatcher)
    response = client.post(reverse("admin:letters_batch_post", args=[batch.pk]))
    assert response.status_code == 403
    batch.refresh_from_db()
    assert batch.posted_at is None


def test_actions_refuse_get(client_of, batch):
    for name in ("letters_batch_make",):
        assert client_of.get(reverse(f"admin:{name}")).status_code == 405
    for name in ("letters_batch_remove", "letters_batch_return", "letters_batch_reply"):
        assert client_of.get(reverse(f"admin:{name}", args=[batch.pk])).status_code == 405


# --- the overview and making a batch -------------------------------------------------------------


def test_the_overview_shows_queues_release_letters_and_stranded_ones(client_of, colony, letters):
    pretrial = minsk_pretrial()
    approved_letter(named_prisoner("Другая Ольга Ивановна", facility=pretrial))
    freed = prisoner(name="Свободная Вера", facility=colony)
    approved_letter(freed, route=Letter.Route.KEEP_FOR_RELEASE)
    stranded = approved_letter(freed)
    release(freed)
    latin = prisoner(name="Fictional Latin Person", facility=pretrial)
    approved_letter(latin)

    response = client_of.get(reverse("admin:letters_batch_overview"))
    assert response.status_code == 200
    html = response.content.decode()
    queues = {queue.facility.pk: queue for queue in response.context["queues"]}
    assert queues[colony.pk].count == 3 and queues[pretrial.pk].count == 2
    assert queues[pretrial.pk].unnamed == 1
    assert "no Russian or Belarusian name form" in html
    assert response.context["release"].count == 1
    assert [item.letter.pk for item in response.context["stranded"]] == [stranded.pk]
    assert "the person has been released" in html
    assert "Penal colony No. 4" in html and "Batch 3 letters" in html


def test_a_batch_is_made_from_the_overview_once_however_often_the_form_is_sent(
    client_of, colony, letters
):
    data = {
        "facility": colony.pk,
        "envelope": "dl",
        "letters": ",".join(str(letter.pk) for letter in letters),
    }
    response = client_of.post(reverse("admin:letters_batch_make"), data, follow=True)
    batch = Batch.objects.get()
    assert response.redirect_chain[-1][0] == reverse("admin:letters_batch_change", args=[batch.pk])
    assert f"Batch #{batch.pk} is made with 3 letters" in follow_messages(response)
    assert batch.envelope == "dl" and batch.letters.count() == 3

    response = client_of.post(reverse("admin:letters_batch_make"), data, follow=True)
    assert f"already in batch #{batch.pk}" in follow_messages(response)
    assert Batch.objects.count() == 1
    assert LetterEvent.objects.filter(action="batch").count() == 3


def test_a_damaged_make_form_is_refused_with_a_message(client_of, colony, letters):
    response = client_of.post(
        reverse("admin:letters_batch_make"),
        {"facility": colony.pk, "envelope": "c6", "letters": "1,two"},
        follow=True,
    )
    assert "list of letters is damaged" in follow_messages(response)
    response = client_of.post(
        reverse("admin:letters_batch_make"),
        {"facility": 999_999, "envelope": "c6", "letters": "1"},
        follow=True,
    )
    assert "no such facility" in follow_messages(response)
    assert not Batch.objects.exists()


def test_a_batch_for_delivery_on_release_is_made_from_the_overview(client_of, colony):
    freed = named_prisoner("Свободная Вера Ивановна", facility=colony)
    kept = approved_letter(freed, route=Letter.Route.KEEP_FOR_RELEASE)
    release(freed)
    response = client_of.post(
        reverse("admin:letters_batch_make"),
        {"facility": "", "letters": str(kept.pk)},
        follow=True,
    )
    batch = Batch.objects.get()
    assert batch.facility is None and list(batch.letters.all()) == [kept]
    assert "For delivery on release" in response.content.decode()


# --- a batch ---------------------------------------------------------------------------------


def test_the_batch_page_lists_letters_in_order_and_offers_the_pdf(client_of, batch):
    response = client_of.get(reverse("admin:letters_batch_change", args=[batch.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    recipients = [letter.recipient for letter in response.context["letters"]]
    assert recipients == sorted(recipients) and len(recipients) == 3
    assert f"B{batch.pk}-1" in html and "REPUBLIC OF BELARUS" in html
    assert reverse("admin:letters_batch_pdf", args=[batch.pk]) in html
    assert reverse("admin:letters_batch_post", args=[batch.pk]) in html

    pdf = client_of.get(reverse("admin:letters_batch_pdf", args=[batch.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="batch-{batch.pk}.pdf"'
    assert "no-store" in pdf["Cache-Control"] and "private" in pdf["Cache-Control"]
    assert b"".join(pdf.streaming_content) == batch_pdf(batch=batch)


@pytest.fixture
def queued(settings):
    """Tasks wait in the database queue until a worker runs them, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def prints_queued() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path="vestka.letters.tasks.batch_print", status="READY"
    ).count()


def worker_runs_the_queue() -> None:
    """What `vestka worker` does with each queued task, here inside the test's transaction
    (the worker itself, which manages its own connections, is tested in tests/operations)."""
    from django_tasks_db.models import DBTaskResult

    for result in DBTaskResult.objects.ready().order_by("enqueued_at"):
        result.claim("test-worker")
        result.set_successful(
            result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        )


def test_a_batch_being_printed_says_so_reloads_itself_and_then_offers_the_pdf(
    client_of, colony, letters, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of.post(
            reverse("admin:letters_batch_make"),
            {
                "facility": colony.pk,
                "letters": ",".join(str(letter.pk) for letter in letters),
                "envelope": "c6",
            },
            follow=True,
        )
    batch = Batch.objects.get()
    html = response.content.decode()
    assert "Printing the PDF…" in html and '<meta http-equiv="refresh" content="3">' in html
    assert 'id="batch-pdf"' not in html
    assert prints_queued() == 1
    client_of.get(reverse("admin:letters_batch_change", args=[batch.pk]))  # reloaded
    download = client_of.get(reverse("admin:letters_batch_pdf", args=[batch.pk]), follow=True)
    assert download["Content-Type"].startswith("text/html")
    assert f"The PDF of batch #{batch.pk} is being printed" in follow_messages(download)
    assert prints_queued() == 1  # one print, however often the page asks

    worker_runs_the_queue()
    html = client_of.get(reverse("admin:letters_batch_change", args=[batch.pk])).content.decode()
    assert 'id="batch-pdf"' in html and "http-equiv" not in html
    pdf = client_of.get(reverse("admin:letters_batch_pdf", args=[batch.pk]))
    assert b"".join(pdf.streaming_content) == batch_pdf(batch=batch)


def test_a_stale_pdf_is_never_downloaded_after_a_letter_is_taken_out(
    client_of, batch, queued, django_capture_on_commit_callbacks
):
    url = reverse("admin:letters_batch_pdf", args=[batch.pk])
    before = b"".join(client_of.get(url).streaming_content)
    letter = batch.letters.get(batch_position=2)
    with django_capture_on_commit_callbacks(execute=True):
        client_of.post(
            reverse("admin:letters_batch_remove", args=[batch.pk]),
            {"letter": letter.pk, "reason": "Moved to another colony."},
        )
    response = client_of.get(url)
    assert response.status_code == 302 and not hasattr(response, "streaming_content")
    assert prints_queued() == 1

    worker_runs_the_queue()
    after = b"".join(client_of.get(url).streaming_content)
    assert after != before and after == batch_pdf(batch=batch)
    # Two letters now, each one page and one envelope: the letter taken out is not there.
    assert len(PdfReader(io.BytesIO(after)).pages) == len(PdfReader(io.BytesIO(before)).pages) - 2


def test_a_posted_batch_is_printed_again_only_when_asked(client_of, posted_batch):
    page = reverse("admin:letters_batch_change", args=[posted_batch.pk])
    url = reverse("admin:letters_batch_pdf", args=[posted_batch.pk])
    html = client_of.get(page).content.decode()
    assert 'id="batch-reprint"' in html and 'id="batch-pdf"' not in html
    assert "http-equiv" not in html
    response = client_of.get(url, follow=True)
    assert "its PDF was deleted then" in follow_messages(response)
    assert not batch_pdfs.folder().exists() or not any(batch_pdfs.folder().iterdir())

    response = client_of.post(url, follow=True)
    assert f"Batch #{posted_batch.pk} is printed again" in follow_messages(response)
    assert 'id="batch-pdf"' in response.content.decode()
    pdf = client_of.get(url)
    assert b"".join(pdf.streaming_content) == batch_pdf(batch=posted_batch)


def test_the_batch_list_links_to_the_overview(client_of, batch):
    response = client_of.get(reverse("admin:letters_batch_changelist"))
    assert response.status_code == 200
    assert reverse("admin:letters_batch_overview") in response.content.decode()


def test_a_letter_is_taken_out_with_a_reason_once(client_of, batch):
    letter = batch.letters.get(batch_position=2)
    url = reverse("admin:letters_batch_remove", args=[batch.pk])
    response = client_of.post(url, {"letter": letter.pk, "reason": ""}, follow=True)
    assert "Say why" in follow_messages(response)
    assert batch.letters.count() == 3
    data = {"letter": letter.pk, "reason": "Moved to another colony."}
    response = client_of.post(url, data, follow=True)
    assert f"Letter {letter.pk} is taken out" in follow_messages(response)
    response = client_of.post(url, data, follow=True)
    assert "is not in batch" in follow_messages(response)
    assert LetterEvent.objects.filter(action="unbatch").count() == 1


def test_posting_asks_for_confirmation_and_happens_once(client_of, batch):
    url = reverse("admin:letters_batch_post", args=[batch.pk])
    page = client_of.get(url)
    assert "Its 3 letters will be recorded as posted" in page.content.decode()
    batch.refresh_from_db()
    assert batch.posted_at is None  # looking at the question changes nothing
    response = client_of.post(url, follow=True)
    assert "is marked posted" in follow_messages(response)
    response = client_of.post(url, follow=True)
    assert "already marked posted" in follow_messages(response)
    assert LetterEvent.objects.filter(action="post").count() == 3


def test_an_emptied_batch_says_so_instead_of_printing(client_of, batch, dispatcher):
    from vestka.letters.dispatch import batch_letter_remove

    for letter in batch.letters.all():
        batch_letter_remove(batch=batch, letter_id=letter.pk, actor=dispatcher, reason="moved")
    response = client_of.get(reverse("admin:letters_batch_pdf", args=[batch.pk]), follow=True)
    assert "has no letters to print" in follow_messages(response)


def test_a_return_is_recorded_once_with_the_reason(client_of, posted_batch):
    letter = posted_batch.letters.get(batch_position=1)
    url = reverse("admin:letters_batch_return", args=[posted_batch.pk])
    data = {"letter": letter.pk, "reason": "Moved to another colony."}
    response = client_of.post(url, data, follow=True)
    assert "recorded as returned" in follow_messages(response)
    response = client_of.post(url, data, follow=True)
    assert "“return” is not possible now" in follow_messages(response)
    letter.refresh_from_db()
    assert letter.state == "returned"
    assert letter.events.get(action="return").reason == "Moved to another colony."


def test_a_letter_of_another_batch_cannot_be_acted_on_here(client_of, posted_batch, colony):
    other = approved_letter(named_prisoner("Другая Ольга", facility=colony))
    response = client_of.post(
        reverse("admin:letters_batch_return", args=[posted_batch.pk]),
        {"letter": other.pk, "reason": "lost"},
        follow=True,
    )
    assert "is not in this batch" in follow_messages(response)


def test_a_reply_with_a_scan_is_recorded_once_and_its_scan_is_served_clean_to_staff(
    client_of, posted_batch, private_storage, django_user_model
):
    letter = posted_batch.letters.get(batch_position=1)
    url = reverse("admin:letters_batch_reply", args=[posted_batch.pk])
    data = {"letter": letter.pk, "replies_seen": 0, "note": "She thanks you.", "scan": jpeg()}
    response = client_of.post(url, data, follow=True)
    assert "is recorded" in follow_messages(response)
    resent = {"letter": letter.pk, "replies_seen": 0, "note": "She thanks you.", "scan": jpeg()}
    response = client_of.post(url, resent, follow=True)
    assert "recorded meanwhile" in follow_messages(response)
    reply = Reply.objects.get()
    assert reply.note == "She thanks you." and reply.content_type == "image/jpeg"

    page = client_of.get(reverse("admin:letters_batch_change", args=[posted_batch.pk]))
    scan_url = reverse("admin:letters_batch_reply_scan", args=[reply.pk])
    assert scan_url in page.content.decode()
    scan = client_of.get(scan_url)
    body = b"".join(scan.streaming_content)
    assert scan["Content-Type"] == "image/jpeg"
    assert scan["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in scan["Cache-Control"]
    assert b"FictionalPhoneMaker" not in body and Image.open(io.BytesIO(body)).size == (30, 20)

    moderator = staff_in("Moderators", django_user_model, "moderator")
    other = Client()
    other.force_login(moderator)
    assert other.get(scan_url).status_code == 403


def test_a_bad_scan_is_refused_with_its_reason_and_nothing_is_kept(
    client_of, posted_batch, private_storage, tmp_path
):
    letter = posted_batch.letters.get(batch_position=1)
    pdf = SimpleUploadedFile("reply.pdf", b"%PDF-1.7 fictional", content_type="application/pdf")
    response = client_of.post(
        reverse("admin:letters_batch_reply", args=[posted_batch.pk]),
        {"letter": letter.pk, "replies_seen": 0, "note": "", "scan": pdf},
        follow=True,
    )
    assert "“reply.pdf” is a PDF" in follow_messages(response)
    letter.refresh_from_db()
    assert letter.state == "posted" and not Reply.objects.exists()
    assert not any(path.is_file() for path in tmp_path.rglob("private/**/*"))


def test_a_missing_scan_is_a_clear_404(client_of, posted_batch, private_storage):
    reply = Reply.objects.create(letter=posted_batch.letters.first(), scan="replies/gone.jpg")
    response = client_of.get(reverse("admin:letters_batch_reply_scan", args=[reply.pk]))
    assert response.status_code == 404
