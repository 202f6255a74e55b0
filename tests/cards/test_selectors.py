import datetime

import pytest

from tests.factories import PersonNameFactory, gomel_colony, prisoner
from vestka.cards import selectors
from vestka.registry.models import PersonName
from vestka.registry.selectors import person_detail

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def detail(person):
    return person_detail(pk=person.pk)


@pytest.fixture
def ihar(db):
    person = prisoner(
        name="Прыдуманы Ігар", detained=datetime.date(2021, 3, 1), facility=gomel_colony()
    )
    PersonNameFactory(person=person, form=PersonName.Form.BELARUSIAN, text="Ігар Прыдуманы")
    PersonNameFactory(person=person, form=PersonName.Form.RUSSIAN, text="Игорь Придуманный")
    PersonNameFactory(person=person, form=PersonName.Form.LATIN, text="Ihar Prydumany")
    return detail(person)


@pytest.mark.parametrize(
    ("language", "name"),
    [("en", "Ihar Prydumany"), ("be", "Ігар Прыдуманы"), ("ru", "Игорь Придуманный")],
)
def test_the_card_shows_the_name_form_of_its_language(ihar, language, name):
    assert selectors.person_card_name(person=ihar, language=language) == name


def test_a_missing_form_falls_back_to_another_form_then_the_display_name(db):
    only_be = prisoner(name="Прыдуманая Алена")
    PersonNameFactory(person=only_be, form=PersonName.Form.BELARUSIAN, text="Алена Прыдуманая")
    assert selectors.person_card_name(person=detail(only_be), language="ru") == "Алена Прыдуманая"
    bare = detail(prisoner(name="Прыдуманы Тэст"))
    assert selectors.person_card_name(person=bare, language="en") == "Прыдуманы Тэст"


def test_someone_held_now_is_n_days_behind_bars_as_of_today(ihar):
    card = selectors.person_card(person=ihar, size="og", language="en", today=TODAY)
    days = (TODAY - datetime.date(2021, 3, 1)).days
    assert card.content.headline == f"{days:,} days behind bars"
    assert card.days == days
    assert card.content.subline.startswith("behind bars since")


def test_belarusian_and_russian_counts_group_digits_with_a_no_break_space(ihar):
    card = selectors.person_card(person=ihar, size="og", language="ru", today=TODAY)
    assert "2\u00a0101" in card.content.headline


def test_a_released_person_was_released_after_n_days_never_n_days_behind_bars(db):
    person = detail(
        prisoner(detained=datetime.date(2021, 3, 1), released=datetime.date(2023, 3, 1))
    )
    card = selectors.person_card(person=person, size="og", language="en", today=TODAY)
    assert card.content.headline == "Released after 730 days behind bars"
    assert card.content.tone == "free"
    assert "days behind bars" not in card.content.subline


def test_a_person_who_died_in_custody_is_said_to_have_died_in_custody(db):
    person = detail(prisoner(detained=datetime.date(2021, 3, 1), died=datetime.date(2022, 3, 1)))
    card = selectors.person_card(person=person, size="og", language="en", today=TODAY)
    assert card.content.headline == "Died in custody"
    assert card.content.subline.startswith("after 365 days behind bars")
    assert card.content.tone == "mourning"


def test_nothing_is_said_of_custody_that_is_not_known(db):
    from tests.factories import PersonFactory

    person = detail(PersonFactory())
    card = selectors.person_card(person=person, size="og", language="en", today=TODAY)
    assert card.content.headline == "" and card.days is None


@pytest.mark.parametrize(
    ("text", "tag"), [("", ""), ("FreeThemAll", "#FreeThemAll"), ("#Свабода_21", "#Свабода_21")]
)
def test_hashtags_get_their_hash(text, tag):
    assert selectors.card_hashtag(text=text) == tag


@pytest.mark.parametrize("text", ["two words", "#", "bad!", "x" * 61])
def test_a_hashtag_that_is_not_one_word_is_refused(text):
    with pytest.raises(selectors.BadCardRequest, match="one word"):
        selectors.card_hashtag(text=text)


def test_the_card_links_to_the_page_in_its_language(ihar):
    card = selectors.person_card(person=ihar, size="square", language="be", today=TODAY)
    assert card.content.link == f"https://vestka.example/be/people/{ihar.pk}/"


def test_the_share_of_a_page_points_at_the_absolute_card_address(ihar):
    share = selectors.person_share(person=ihar, language="en")
    assert share.image_url == f"https://vestka.example/people/{ihar.pk}/card-og.png"
    assert (share.image_width, share.image_height) == (1200, 630)
    networks = [link.network for link in share.links]
    assert networks == ["telegram", "x", "facebook", "vk", "email"]
    telegram = share.links[0].href
    assert telegram.startswith("https://t.me/share/url?url=https%3A%2F%2Fvestka.example%2Fpeople")
    assert [url for _label, url in share.downloads][1].endswith("/card-square.png")
