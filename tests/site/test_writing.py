"""Writing to a prisoner without an account: the write page for every kind of
deliverability, templates without JavaScript, live screening, and every way a post is
checked before it becomes one letter — and how the writer's text survives each refusal."""

import datetime
import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.factories import PersonFactory, gomel_colony, prisoner
from vestka.letters import phrasebook
from vestka.letters.models import Letter, LetterEvent
from vestka.letters.services import letter_act
from vestka.registry.models import PersonRedirect
from vestka.site import writing, writing_forms

pytestmark = pytest.mark.django_db

# An everyday letter of more than fifty words: the screening has nothing to say about it.
GOOD_TEXT = phrasebook.topic_find(slug="everyday").text("ru")
RISKY_TEXT = GOOD_TEXT + "\n\nПомню, как мы ходили на митинг в центре."
LATIN_TEXT = GOOD_TEXT + "\n\nМой кот по имени Barsik передаёт привет."


@pytest.fixture(autouse=True)
def _no_minimum_form_age(monkeypatch):
    # A test client posts at once; the tests of the minimum age put it back.
    monkeypatch.setattr(writing_forms, "FORM_MIN_SECONDS", 0)


@pytest.fixture
def awaiting_trial(pretrial):
    return prisoner(name="Ігар Прыдуманы", facility=pretrial, birth_year=1990)


@pytest.fixture
def sentenced(colony):
    person = prisoner(name="Алена Выдуманая", facility=colony, birth_year=1985)
    person.prosecutions.update(verdict_on=datetime.date(2021, 9, 14))
    return person


@pytest.fixture
def incommunicado(colony):
    person = prisoner(name="Марыя Адрэзаная", facility=colony)
    person.prosecutions.update(verdict_on=datetime.date(2021, 9, 14))
    person.incommunicado = True  # derived from events; set directly for the test
    person.save()
    return person


@pytest.fixture
def released(colony):
    return prisoner(
        name="Вольга Вызваленая",
        facility=colony,
        detained=datetime.date(2020, 9, 1),
        released=datetime.date(2022, 9, 1),
    )


@pytest.fixture
def died(colony):
    return prisoner(name="Сымон Памерлы", facility=colony, died=datetime.date(2023, 1, 2))


def write_url(person, language=""):
    url = reverse("site:write", args=[person.pk])
    return f"/{language}{url}" if language else url


def form_fields(html: str) -> dict:
    """The hidden fields a rendered letter form carries."""
    token = re.search(r'name="form_token" value="([^"]+)"', html)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return {"form_token": token.group(1) if token else "", "csrf": csrf.group(1) if csrf else ""}


def letter_data(person, **fields):
    data = {
        "form_token": writing_forms.form_token_issue(person_id=person.pk),
        "website": "",
        "sender_name": "Ala",
        "email": "",
        "text": GOOD_TEXT,
        "route": "send_now",
    }
    data.update(fields)
    return data


def textarea(html: str) -> str:
    match = re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, "no letter textarea on the page"
    return match.group(1)


def nothing_stored():
    return Letter.objects.count() == 0 and LetterEvent.objects.count() == 0


# The write page for each kind of deliverability


def test_the_write_page_for_someone_awaiting_trial_offers_sending_now_or_keeping(
    client, awaiting_trial
):
    response = client.get(write_url(awaiting_trial))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Write to Ігар Прыдуманы" in html
    assert "Letters reach a pre-trial centre" in html and "it stays behind" in html
    assert 'value="send_now" checked' in html and 'value="keep_for_release"' in html
    assert reverse("site:letters_fewest") in html
    # The guidance, the composer and its spam defences, and the scripts from this site.
    for text in (
        "How to write a letter that gets through",
        "in Russian or Belarusian, in Cyrillic",
        "anything about the criminal case",
        "LGBTQ+ topics",
        "the organisation's return address goes on the envelope, never yours",
        'name="sender_name"',
        "It need not be your real name",
        "Only if you want a notice when a reply comes",
        "deleted after 180 days at the latest",
        'name="website"',
        'class="write-trap"',
        "/static/site/vendor/htmx-2.0.11.min.js",
        "/static/site/write.js",
    ):
        assert text in html, text
    assert form_fields(html)["form_token"]
    assert "no-store" in response["Cache-Control"]  # every form carries its own nonce
    assert "<script>" not in html  # no inline scripts


def test_the_write_page_for_a_sentenced_prisoner_says_the_letter_may_not_be_handed_over(
    client, sentenced
):
    html = client.get(write_url(sentenced)).content.decode()
    assert "only from close relatives or people they named" in html
    assert "Send it anyway: it may still help" in html
    assert 'value="send_now" checked' in html and 'value="keep_for_release"' in html


def test_a_prisoner_held_incommunicado_can_only_be_written_to_for_their_release(
    client, incommunicado
):
    html = client.get(write_url(incommunicado)).content.decode()
    assert "held incommunicado: nothing is handed over now" in html
    assert 'value="keep_for_release" checked' in html
    assert 'value="send_now"' not in html
    assert reverse("site:letters_fewest") in html
    # A post that asks to send now anyway is refused, and nothing is stored.
    response = client.post(write_url(incommunicado), letter_data(incommunicado))
    assert response.status_code == 400
    assert "That choice is not possible for a letter to this person" in response.content.decode()
    assert nothing_stored()
    response = client.post(
        write_url(incommunicado), letter_data(incommunicado, route="keep_for_release")
    )
    assert response.status_code == 303
    assert Letter.objects.get().route == "keep_for_release"


def test_someone_whose_whereabouts_are_unknown_gets_letters_kept_for_release(client):
    person = PersonFactory(name="Невядомы Дзе")
    html = client.get(write_url(person)).content.decode()
    assert "We do not know where Невядомы Дзе is held now" in html
    assert 'value="keep_for_release" checked' in html and 'value="send_now"' not in html


@pytest.mark.parametrize(
    ("who", "statement"),
    [("released", "has been released, so no prison letter is needed"), ("died", "has died")],
)
def test_no_composer_for_someone_released_or_dead_only_the_alternative(
    client, request, who, statement
):
    person = request.getfixturevalue(who)
    response = client.get(write_url(person))
    assert response.status_code == 200
    html = response.content.decode()
    assert statement in html
    assert "<textarea" not in html and 'id="letter-form"' not in html
    assert f'href="{reverse("site:letters_fewest")}"' in html
    # Nor can a letter be posted to them.
    response = client.post(write_url(person), letter_data(person))
    assert response.status_code == 200 and nothing_stored()


def test_an_unknown_person_is_a_404_and_a_merged_one_leads_to_the_person_kept(
    client, awaiting_trial
):
    response = client.get(reverse("site:write", args=[999999]))
    assert response.status_code == 404
    assert "There is no person with this number" in response.content.decode()
    PersonRedirect.objects.create(old_id=777777, old_name="Old", person=awaiting_trial)
    response = client.get(reverse("site:write", args=[777777]))
    assert response.status_code == 301 and response["Location"] == write_url(awaiting_trial)


def test_the_person_page_invites_to_write_or_to_write_to_someone_else(
    client, awaiting_trial, released
):
    html = client.get(awaiting_trial.get_absolute_url()).content.decode()
    assert html.count(f'href="{write_url(awaiting_trial)}"') == 2  # at the top and by the address
    assert "Write a letter" in html
    html = client.get(released.get_absolute_url()).content.decode()
    assert write_url(released) not in html
    assert f'href="{reverse("site:letters_fewest")}"' in html


# Templates and the phrasebook, without JavaScript


@pytest.mark.parametrize("language", ["ru", "be"])
def test_choosing_a_template_fills_the_letter_without_javascript(client, awaiting_trial, language):
    response = client.get(write_url(awaiting_trial) + f"?template=birthday&lang={language}")
    assert response.status_code == 200
    html = response.content.decode()
    expected = phrasebook.topic_find(slug="birthday").text(language)
    assert textarea(html).strip() == expected.replace("'", "&#x27;")
    assert "Nothing here looks risky" in html  # its screening is shown at once


def test_the_template_links_and_phrases_are_on_the_page(client, awaiting_trial):
    html = client.get(write_url(awaiting_trial)).content.decode()
    for topic in phrasebook.TOPICS:
        for language in ("ru", "be"):
            assert f"?template={topic.slug}&amp;lang={language}" in html
    for phrase in phrasebook.PHRASES:
        assert f'lang="ru">{phrase.ru}<' in html.replace("&#x27;", "'")
        assert f'lang="be">{phrase.be}<' in html.replace("&#x27;", "'")
    # An English reader sees what each phrase means.
    assert "I often think of you." in html and "Birthday wishes" in html


def test_the_phrasebook_speaks_the_readers_language(client, awaiting_trial):
    html = client.get(write_url(awaiting_trial, "be")).content.decode()
    assert "Віншаванні з днём нараджэння" in html
    assert "I often think of you." not in html
    # A phrase that only means itself is not repeated as its own meaning; a note is kept.
    assert "Са святам! (з любым святам)" in html


def test_an_unknown_template_says_so_and_leaves_the_letter_empty(client, awaiting_trial):
    response = client.get(write_url(awaiting_trial) + "?template=politics&lang=ru")
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is no letter template “politics”" in html
    assert textarea(html).strip() == ""


# Live screening


def test_live_screening_shows_each_flag_with_the_words_it_is_about(client):
    response = client.post(reverse("site:letter_screen"), {"text": RISKY_TEXT})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-verdict="block"' in html
    assert "Political words and protest vocabulary get a letter stopped" in html
    assert '<q class="flag-quote">митинг</q>' in html
    assert "<html" not in html  # a fragment, not a page
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("be", "Палітычныя словы і лексіка пратэстаў спыняюць ліст"),
        ("ru", "Политические слова и лексика протестов останавливают письмо"),
    ],
)
def test_live_screening_explains_in_the_readers_language(client, language, message):
    response = client.post(f"/{language}{reverse('site:letter_screen')}", {"text": RISKY_TEXT})
    html = response.content.decode()
    assert message in html
    assert '<q class="flag-quote">митинг</q>' in html


def test_live_screening_of_a_good_letter_warnings_and_an_empty_box(client):
    url = reverse("site:letter_screen")
    assert "Nothing here looks risky" in client.post(url, {"text": GOOD_TEXT}).content.decode()
    html = client.post(url, {"text": LATIN_TEXT}).content.decode()
    assert 'data-verdict="warn"' in html and '<q class="flag-quote">Barsik</q>' in html
    # A one-liner is about the whole letter: explained, not quoted.
    html = client.post(url, {"text": "Привет!"}).content.decode()
    assert "A single line rarely gets through" in html and "flag-quote" not in html
    assert (
        "Anything in your letter that could get it stopped"
        in client.post(url, {"text": "  "}).content.decode()
    )
    html = client.post(url, {"text": "а" * 20_001}).content.decode()
    assert "longer than 20000 characters" in html


def test_live_screening_stores_nothing_and_starts_no_session(client):
    response = client.post(reverse("site:letter_screen"), {"text": RISKY_TEXT})
    assert response.status_code == 200
    assert nothing_stored()
    assert Session.objects.count() == 0
    assert "sessionid" not in response.cookies


def test_live_screening_needs_a_post_with_the_csrf_token(awaiting_trial):
    client = Client(enforce_csrf_checks=True)
    assert client.get(reverse("site:letter_screen")).status_code == 405
    assert client.post(reverse("site:letter_screen"), {"text": "х"}).status_code == 403
    csrf = form_fields(client.get(write_url(awaiting_trial)).content.decode())["csrf"]
    response = client.post(
        reverse("site:letter_screen"), {"text": RISKY_TEXT, "csrfmiddlewaretoken": csrf}
    )
    assert response.status_code == 200


# Submitting


def test_a_letter_is_submitted_and_the_writer_lands_on_its_private_page(client, awaiting_trial):
    response = client.post(
        write_url(awaiting_trial, "be"),
        letter_data(awaiting_trial, sender_name="  Ала з Гродна ", email="ala@example.org"),
    )
    assert response.status_code == 303
    letter = Letter.objects.get()
    assert response["Location"] == f"/be/letters/{letter.token}/"  # in the writer's language
    assert (letter.person, letter.sender_name, letter.route) == (
        awaiting_trial,
        "Ала з Гродна",
        "send_now",
    )
    assert letter.text == GOOD_TEXT.strip()
    assert letter.ui_language == "be"
    assert letter.submission_key.startswith(writing_forms.SUBMISSION_KEY_PREFIX)
    assert "ala@example.org" not in letter.sender_email_sealed  # sealed, not stored plain
    assert letter.email_purge_after is not None
    assert list(letter.events.values_list("action", flat=True)) == ["submit"]


def test_a_letter_that_would_be_stopped_is_held_once_then_sent_with_send_anyway(
    client, awaiting_trial
):
    data = letter_data(awaiting_trial, text=RISKY_TEXT)
    response = client.post(write_url(awaiting_trial), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The letter has not been sent yet." in html
    assert 'name="send_anyway"' in html
    assert "Send it anyway: a moderator will read it and decide" in html
    assert '<q class="flag-quote">митинг</q>' in html
    assert "митинг в центре" in textarea(html)  # the text is kept
    assert 'value="Ala"' in html  # and so is the name
    assert form_fields(html)["form_token"] == data["form_token"]  # the same form goes on
    assert nothing_stored()

    response = client.post(write_url(awaiting_trial), {**data, "send_anyway": "on"})
    assert response.status_code == 303
    letter = Letter.objects.get()
    assert letter.screening["verdict"] == "block"  # the moderator sees why


def test_warnings_are_shown_but_do_not_stop_a_letter(client, awaiting_trial):
    response = client.post(write_url(awaiting_trial), letter_data(awaiting_trial, text=LATIN_TEXT))
    assert response.status_code == 303
    assert Letter.objects.get().screening["verdict"] == "warn"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"sender_name": "  "}, "Give a name to sign the letter with"),
        ({"sender_name": "Я" * 101}, "The name is longer than 100 characters."),
        ({"email": "ala at example"}, "“ala at example” is not an email address."),
        ({"route": "write_to_fewest"}, "That choice is not possible for a letter to this person"),
        ({"text": "   "}, "The letter is empty."),
    ],
)
def test_a_refused_letter_keeps_what_was_typed_and_stores_nothing(
    client, awaiting_trial, fields, message
):
    data = letter_data(awaiting_trial, **fields)
    response = client.post(write_url(awaiting_trial), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "The letter has not been sent yet." in html
    if data["text"].strip():
        assert textarea(html).strip() == data["text"].strip()
    assert nothing_stored()


def test_when_letters_are_arriving_too_fast_the_writer_is_asked_to_wait(
    client, awaiting_trial, settings
):
    settings.VESTKA_LETTERS_PER_MINUTE = 0
    response = client.post(write_url(awaiting_trial), letter_data(awaiting_trial))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Many letters are arriving right now" in html
    assert textarea(html).strip() == GOOD_TEXT.strip()
    assert nothing_stored()


# The defences against robots


def test_a_form_sent_too_quickly_is_refused_and_can_be_sent_again(
    client, awaiting_trial, monkeypatch
):
    monkeypatch.setattr(writing_forms, "FORM_MIN_SECONDS", 3)
    data = letter_data(awaiting_trial)
    response = client.post(write_url(awaiting_trial), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "faster than anyone can write a letter" in html
    assert textarea(html).strip() == GOOD_TEXT.strip()
    assert form_fields(html)["form_token"] == data["form_token"]  # it only has to age
    assert nothing_stored()
    older = writing_forms.form_token_issue(person_id=awaiting_trial.pk, issued_at=time.time() - 4)
    response = client.post(write_url(awaiting_trial), {**data, "form_token": older})
    assert response.status_code == 303


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (
            lambda person: writing_forms.form_token_issue(
                person_id=person.pk, issued_at=time.time() - 25 * 3600
            ),
            "This form was opened more than a day ago.",
        ),
        (
            lambda person: writing_forms.form_token_issue(person_id=person.pk)[:-3] + "abc",
            "This form could not be checked",
        ),
        (lambda person: "", "This form could not be checked"),
        (
            lambda person: writing_forms.form_token_issue(person_id=person.pk + 1),
            "This form could not be checked",
        ),
    ],
    ids=["expired", "tampered", "missing", "for-someone-else"],
)
def test_a_bad_form_token_is_refused_with_a_fresh_form_and_the_text_kept(
    client, awaiting_trial, token, message
):
    data = letter_data(awaiting_trial, form_token=token(awaiting_trial))
    response = client.post(write_url(awaiting_trial), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert textarea(html).strip() == GOOD_TEXT.strip()
    fresh = form_fields(html)["form_token"]
    assert fresh and fresh != data["form_token"]
    assert writing_forms.form_token_read(token=fresh, person_id=awaiting_trial.pk)
    assert nothing_stored()
    assert client.post(write_url(awaiting_trial), {**data, "form_token": fresh}).status_code == 303


def test_a_filled_honeypot_is_refused_and_comes_back_empty(client, awaiting_trial):
    data = letter_data(awaiting_trial, website="https://spam.example")
    response = client.post(write_url(awaiting_trial), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "a hidden field that catches robots was filled in" in html
    assert 'name="website" id="id_website" value=""' in html
    assert textarea(html).strip() == GOOD_TEXT.strip()
    assert nothing_stored()


def test_one_browser_session_may_send_only_so_many_letters_an_hour(
    client, awaiting_trial, settings
):
    settings.VESTKA_LETTERS_PER_SESSION_HOUR = 2
    for _n in range(2):
        assert (
            client.post(write_url(awaiting_trial), letter_data(awaiting_trial)).status_code == 303
        )
    response = client.post(write_url(awaiting_trial), letter_data(awaiting_trial))
    assert response.status_code == 429
    html = response.content.decode()
    assert "This browser has sent 2 letters in the last hour" in html
    assert textarea(html).strip() == GOOD_TEXT.strip()
    assert Letter.objects.count() == 2
    # The session keeps only when letters were sent, nothing that leads to them.
    session = client.session
    sent = session[writing.SESSION_SENT_KEY]
    assert len(sent) == 2 and all(isinstance(t, float) for t in sent)
    # An hour later the writer may send again.
    session[writing.SESSION_SENT_KEY] = [t - 3601 for t in sent]
    session.save()
    assert client.post(write_url(awaiting_trial), letter_data(awaiting_trial)).status_code == 303
    # Another browser has its own allowance.
    assert Client().post(write_url(awaiting_trial), letter_data(awaiting_trial)).status_code == 303


def test_the_same_form_sent_twice_makes_one_letter(client, awaiting_trial, settings):
    data = letter_data(awaiting_trial)
    first = client.post(write_url(awaiting_trial), data)
    second = client.post(write_url(awaiting_trial), data)
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert Letter.objects.count() == 1 and LetterEvent.objects.count() == 1
    # Even from another browser, or once this one has used its allowance.
    settings.VESTKA_LETTERS_PER_SESSION_HOUR = 1
    assert client.post(write_url(awaiting_trial), data)["Location"] == first["Location"]
    assert Client().post(write_url(awaiting_trial), data)["Location"] == first["Location"]
    assert Letter.objects.count() == 1


def test_a_whole_letter_goes_through_the_real_form(client, awaiting_trial, monkeypatch):
    # The hidden fields come from the rendered page, as a browser would send them.
    html = client.get(write_url(awaiting_trial)).content.decode()
    fields = form_fields(html)
    response = client.post(
        write_url(awaiting_trial),
        {
            "form_token": fields["form_token"],
            "website": "",
            "sender_name": "Ala",
            "text": GOOD_TEXT,
            "route": "keep_for_release",
        },
    )
    assert response.status_code == 303
    assert Letter.objects.get().route == "keep_for_release"


class AddressSpy(dict):
    """Request headers that note any look at where the request came from."""

    WATCHED = {"REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.looked_at = set()

    def __getitem__(self, key):
        if key in self.WATCHED:
            self.looked_at.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        if key in self.WATCHED:
            self.looked_at.add(key)
        return super().get(key, default)

    def __contains__(self, key):
        if key in self.WATCHED:
            self.looked_at.add(key)
        return super().__contains__(key)


def test_writing_never_looks_at_the_writers_address(awaiting_trial):
    from django.contrib.sessions.backends.db import SessionStore

    factory = RequestFactory(HTTP_X_FORWARDED_FOR="203.0.113.9")
    spies = []

    def call(view, request, *args):
        request.META = AddressSpy(request.META)
        request.session = SessionStore()
        spies.append(request.META)
        return view(request, *args)

    assert call(writing.write, factory.get("/"), awaiting_trial.pk).status_code == 200
    held = factory.post("/", letter_data(awaiting_trial, text=RISKY_TEXT))
    assert call(writing.write, held, awaiting_trial.pk).status_code == 200
    sent = factory.post("/", letter_data(awaiting_trial))
    assert call(writing.write, sent, awaiting_trial.pk).status_code == 303
    screened = factory.post("/", {"text": RISKY_TEXT})
    assert call(writing.letter_screen, screened).status_code == 200
    letter = Letter.objects.get()
    assert call(writing.letter, factory.get("/"), letter.token).status_code == 200
    assert all(not spy.looked_at for spy in spies), [spy.looked_at for spy in spies]


# Whom to write to when any letter will do


def test_the_fewest_letters_page_lists_people_who_can_receive_letters(
    client, awaiting_trial, sentenced, incommunicado, released
):
    many = prisoner(name="Шмат Лістоў", facility=gomel_colony())
    for _n in range(2):
        letter = Letter.objects.create(person=many, sender_name="A", text=GOOD_TEXT)
        for action, role in (
            ("approve", "moderator"),
            ("batch", "dispatcher"),
            ("post", "dispatcher"),
        ):
            letter_act(letter_id=letter.pk, action=action, role=role)
    response = client.get(reverse("site:letters_fewest"))
    assert response.status_code == 200
    html = response.content.decode()
    names = [p.name for p in response.context["people"]]
    assert names[-1] == "Шмат Лістоў"
    assert set(names[:-1]) == {"Ігар Прыдуманы", "Алена Выдуманая"}
    assert "Марыя Адрэзаная" not in html and "Вольга Вызваленая" not in html
    for person in (awaiting_trial, sentenced, many):
        assert f'href="{write_url(person)}"' in html
    assert "in the last 90 days" in html
