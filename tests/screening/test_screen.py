"""Screening single letters: every rule family, inflected forms, everyday uses left alone."""

import pytest

from vestka.screening import RULES, screen

EVERYDAY_RU = (
    "Привет! Как ты? У нас наконец выпал снег, и я в свободное время катаюсь на лыжах в парке. "
    "Вчера пекла пирог с яблоками по бабушкиному рецепту, получилось вкусно. Наша футбольная "
    "команда боролась до конца, но проиграла. Что ты сейчас читаешь? Я перечитываю Булгакова. "
    "Напиши, какие книги тебе прислать, и как у тебя с режимом дня. Обнимаю, жду ответа!"
)
EVERYDAY_BE = (
    "Прывітанне! Як ты? У нас нарэшце выпаў снег, і ў вольны час я катаюся на лыжах у парку. "
    "Учора пякла пірог з яблыкамі па бабуліным рэцэпце, атрымалася смачна. Наша каманда "
    "змагалася да канца, але прайграла. Што ты зараз чытаеш? Я перачытваю Караткевіча. "
    "Напішы, якія кнігі табе даслаць. Абдымаю, чакаю адказу!"
)


def rules(text: str) -> set[str]:
    return {flag.rule for flag in screen(text).flags}


@pytest.mark.parametrize("letter", [EVERYDAY_RU, EVERYDAY_BE])
def test_an_everyday_letter_passes(letter):
    result = screen(letter)
    assert (result.verdict, result.flags) == ("ok", [])


def test_the_language_is_told_and_russian_or_belarusian_need_no_translation():
    assert screen(EVERYDAY_RU).language == "ru"
    assert screen(EVERYDAY_BE).language == "be"
    english = "Hello! How are you? We finally have snow, and I go skiing in my free time. " * 5
    result = screen(english)
    assert result.language == "en"
    assert rules(english) == {"language.translation"}
    assert result.verdict == "warn"


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        ("Все мы ждём, когда закончатся протесты и падёт режим.", "politics.protest"),
        ("Мы былі на пратэстах з бел-чырвона-белым сцягам.", "politics.protest"),
        ("Скоро ты выйдешь на свободу, мы боремся за тебя.", "politics.freedom"),
        ("Новости с фронта тревожные: обстрелы каждый день.", "war.news"),
        ("Эти менты совсем обнаглели.", "insult.officials"),
        ("Пора свергнуть эту власть.", "overthrow.call"),
        ("Его назвали экстремистом.", "extremism.terms"),
        ("Адвокат говорит, что следователь давит, а приговор обжалуем.", "case.details"),
        ("Моя подруга — лесбиянка, она передаёт привет.", "lgbt.content"),
        ("Тут всё через одно место, блядство какое-то.", "swearing.obscene"),
        ("Мой брат служит в воинской части под Борисовом.", "secrets.state"),
        ("Передаю привет от ОПГ и ЗК.", "cipher.abbreviation"),
        ("Звони мне: +375 (29) 123-45-67.", "safety.phone"),
        ("Пиши на anna.example@mail.example.by", "safety.email"),
        ("Посмотри https://example.org/news", "safety.link"),
        ("Я живу на ул. Ленина, д. 5, кв. 12.", "safety.address"),
        ("Мы устроили сбор денег для тебя, уже собрали много.", "safety.fundraising"),
        ("Карта 4276 1234 5678 9012.", "safety.fundraising"),
        ("Тебе привет от Сергея Иванова.", "safety.name"),
    ],
)
def test_each_rule_family_fires_on_its_words(sentence, rule):
    letter = EVERYDAY_RU + " " + sentence
    found = [f for f in screen(letter).flags if f.rule == rule]
    assert found, rules(letter)
    flag = found[0]
    assert flag.start >= len(EVERYDAY_RU)  # the span points into the sentence
    assert letter[flag.start : flag.end].strip()


@pytest.mark.parametrize(
    "phrase",
    [
        "свободное время",
        "свободного времени",
        "вольны час",
        "режим дня",
        "free time",
        "боролись до последнего",
        "борьба с сорняками",
    ],
)
def test_everyday_uses_of_alarming_words_are_left_alone(phrase):
    assert not rules(EVERYDAY_RU + " " + phrase + ".") & {"politics.freedom", "politics.protest"}


@pytest.mark.parametrize(
    "phrase",
    ["читаю «Войну и мир»", "мы приговорили целый торт", "я люблю маляваць акварэллю"],
)
def test_books_cakes_and_paintings_are_not_war_cases_or_codes(phrase):
    assert screen(EVERYDAY_RU + " А ещё " + phrase + ".").verdict == "ok"


def test_inflected_forms_are_found():
    for form in ["протестов", "протестовали", "пратэстоўцы", "диктатуры", "дыктатарам"]:
        assert "politics.protest" in rules(EVERYDAY_RU + " " + form + "."), form


def test_a_one_liner_is_blocked_and_a_short_letter_warned():
    assert screen("Держись!").verdict == "block"
    assert rules("Держись! Мы все о тебе думаем, и ждём. Пиши, как ты там.") == {"length.short"}


def test_messages_come_in_the_writers_language():
    letter = EVERYDAY_RU + " Звони: +375 29 123 45 67."
    [phone] = [f for f in screen(letter, ui_language="be").flags if f.rule == "safety.phone"]
    assert phone.message == RULES["safety.phone"].be
    assert phone.severity == "block"


def test_a_phone_inside_a_card_number_is_flagged_once_as_the_card():
    letter = EVERYDAY_RU + " Карта 4276 1234 5678 9012."
    assert "safety.phone" not in rules(letter)


def test_every_rule_has_an_explanation_in_three_languages():
    for rule in RULES.values():
        assert rule.severity in ("block", "warn", "info")
        assert rule.en and rule.be and rule.ru
        assert rule.family
