import datetime

import pytest
from django.urls import reverse

from tests.factories import EventFactory, FacilityFactory, SourceFactory, prisoner
from vestka.registry import services
from vestka.registry.models import Event
from vestka.stats.services import registry_version_bump

pytestmark = pytest.mark.django_db


def test_home_shows_the_numbers_and_links_to_the_list(client, registry):
    response = client.get(reverse("site:home"))
    assert response.status_code == 200
    numbers = response.context["numbers"]
    assert (numbers.behind_bars, numbers.released, numbers.died_in_custody) == (2, 1, 1)
    html = response.content.decode()
    assert f"{reverse('site:people')}?status=active" in html
    assert "Ігар Прыдуманы" in html  # recently detained


def test_every_page_has_nav_language_switcher_and_open_graph(client, registry):
    for url in (
        reverse("site:home"),
        reverse("site:people"),
        registry["alena"].get_absolute_url(),
        registry["alena"].facility.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert 'href="/api/v1/docs"' in html, url
        assert 'class="language-switcher language-links"' in html, url
        assert 'property="og:title"' in html and 'property="og:description"' in html, url
        assert "<main" in html and "<nav" in html and "<footer" in html, url


def test_demo_banner_shows_only_when_there_is_demo_data(client, registry):
    banner = "Demo data: every person shown here is fictional."
    assert banner not in client.get(reverse("site:home")).content.decode()
    prisoner(name="Демо Асоба", is_demo=True)
    for url in (reverse("site:home"), reverse("site:people"), "/no-such-page/"):
        assert banner in client.get(url).content.decode(), url


def test_person_page_shows_names_charges_timeline_and_envelope(client, registry):
    alena = registry["alena"]
    response = client.get(alena.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Алена Выдуманая",
        "Выдуманная Алёна Петровна",
        "Alena Vydumanaja",
        "A fictional librarian from Hrodna.",
        "1985",
        "Article 342",
        "3 years in a general-regime penal colony",
        "3 years",
        "Example Publisher",
        "Penal colony No. 4",
        "days behind bars",
    ):
        assert text in html, text
    assert 'id="envelope-address"' in html
    envelope = html.split('id="envelope-address"')[1].split("</pre>")[0]
    assert "Выдуманная Алёна Петровна, 1985\u00a0г.\u00a0р." in envelope
    assert "246035, г. Гомель\nул. Антошкина, 3\nИК-4\nREPUBLIC OF BELARUS" in envelope
    assert "not yet verified" in html


def test_days_behind_bars_follow_the_custody_history(client, registry):
    alena = registry["alena"]
    response = client.get(alena.get_absolute_url())
    today = datetime.date.today()
    assert response.context["days_behind_bars"] == (today - datetime.date(2021, 3, 1)).days


def test_released_person_has_no_envelope(client, registry):
    html = client.get(registry["released"].get_absolute_url()).content.decode()
    assert "envelope-address" not in html
    assert "Released" in html


def test_recognition_links_the_declaration_and_sources(client, registry):
    ihar = registry["ihar"]
    source = SourceFactory(
        publisher="Viasna",
        title="New political prisoners",
        url="https://example.org/declaration-source",
    )
    services.event_record(
        person=ihar,
        kind=Event.Kind.RECOGNISED,
        on=datetime.date(2023, 6, 1),
        source=source,
        declaration_url="https://example.org/declaration",
    )
    html = client.get(ihar.get_absolute_url()).content.decode()
    assert 'href="https://example.org/declaration"' in html
    assert 'href="https://example.org/declaration-source"' in html
    assert "New political prisoners" in html and "Viasna" in html


def test_story_falls_back_to_another_language_with_a_note(client, registry):
    alena = registry["alena"]
    alena.biography_en = ""
    alena.biography_be = "Выдуманая бібліятэкарка з Гродна."
    alena.save()
    url = alena.get_absolute_url()
    html = client.get(url).content.decode()
    assert "Выдуманая бібліятэкарка з Гродна." in html
    assert "has not been translated yet" in html
    html = client.get("/be" + url).content.decode()
    assert "has not been translated yet" not in html


def test_story_in_the_active_language_is_shown_without_a_note(client, registry):
    alena = registry["alena"]
    alena.biography_ru = "Вымышленная библиотекарь из Гродно."
    alena.save()
    html = client.get("/ru" + alena.get_absolute_url()).content.decode()
    assert "Вымышленная библиотекарь из Гродно." in html
    assert "A fictional librarian" not in html


def test_facility_page_shows_address_verification_and_people_held_now(client, registry):
    pretrial = registry["ihar"].facility
    response = client.get(pretrial.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "СИЗО-1" in html and "Pre-trial centre No. 1" in html
    assert "220030, г. Минск\nул. Володарского, 2\nСИЗО-1\nREPUBLIC OF BELARUS" in html
    assert "Address verified" in html and "https://example.org/addresses" in html
    held = [p.name for p in response.context["page"].object_list]
    assert held == ["Ігар Прыдуманы", "Пётр Непрызнаны"]


def test_facility_page_paginates_people_held(client, colony):
    for n in range(55):
        prisoner(name=f"Асоба {n:02d}", facility=colony)
    first = client.get(colony.get_absolute_url())
    assert len(first.context["page"].object_list) == 50
    second = client.get(colony.get_absolute_url() + "?page=2")
    assert len(second.context["page"].object_list) == 5


def test_facility_without_address_says_so(client, db):
    facility = FacilityFactory(address="")
    html = client.get(facility.get_absolute_url()).content.decode()
    assert "not known yet" in html
    assert "envelope-address" not in html


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("/people/999999/", "There is no person with this number in the registry."),
        ("/facilities/999999/", "There is no facility with this number in the registry."),
        ("/people/?page=7", "There is no such page of this list."),
        ("/no-such-page/", ""),
        ("/ru/people/999999/", "В реестре нет человека с таким номером."),
    ],
)
def test_missing_pages_are_404_in_site_style_with_a_reason(client, db, url, reason):
    response = client.get(url)
    assert response.status_code == 404, url
    html = response.content.decode()
    assert "Page not found" in html or "Страница не найдена" in html
    assert reason in html
    assert "tried" not in html  # the resolver's technical details stay hidden


def test_incommunicado_person_gets_a_warning_next_to_the_address(client, registry):
    alena = registry["alena"]
    EventFactory(person=alena, kind=Event.Kind.INCOMMUNICADO, date=datetime.date(2024, 1, 1))
    services.person_refresh_custody(person=alena)
    html = client.get(alena.get_absolute_url()).content.decode()
    assert "held incommunicado" in html
    assert "unlikely to reach them" in html


def test_photo_is_shown_when_present_and_initials_otherwise(client, registry):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ihar = registry["ihar"]
    html = client.get(ihar.get_absolute_url()).content.decode()
    assert 'class="avatar avatar-initials avatar-large"' in html and ">ІП<" in html
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
    ihar.photo = SimpleUploadedFile("ihar.png", png, content_type="image/png")
    ihar.save()
    registry_version_bump(person_ids=[ihar.pk])  # as the staff pages do on every change
    html = client.get(ihar.get_absolute_url()).content.decode()
    assert f'src="{ihar.photo.url}"' in html


def test_pagination_text_and_links(client, colony):
    for n in range(51):
        prisoner(name=f"Асоба {n:02d}", facility=colony)
    html = client.get(reverse("site:people") + "?page=2").content.decode()
    assert "Page 2 of 2" in html
    assert 'rel="prev" href="?page=1"' in html
    html = client.get("/ru" + reverse("site:people")).content.decode()
    assert "Страница 1 из 2" in html
