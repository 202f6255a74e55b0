"""Fictional letters for the demo registry, so that moderators, translators and
dispatchers find work in every queue. Written through the same services as real
letters, so each one is screened and every step is in its event log."""

from __future__ import annotations

import random
from collections import Counter

from vestka.letters import lifecycle
from vestka.letters.services import letter_act, letter_submit
from vestka.registry.selectors import people_behind_bars_now

SENDERS = ["Ala", "Marta", "Ян", "Вольга", "Jonas", "Claire", "Зміцер", "Ирина", "Tomasz", "Ніна"]

# Everyday letters, as support groups advise writing them.
LETTERS = [
    "Прывітанне! Піша табе Ала з Гродна. У нас нарэшце выпаў снег, і мы з сабакам "
    "кожную раніцу гуляем у парку. Я чытаю «Дзікае паляванне караля Стаха», вельмі "
    "падабаецца. Увечары мы з сябрамі пяклі пернікі і спявалі песні, было цёпла і весела. "
    "А што ты цяпер чытаеш? Якія кнігі табе даслаць? Абдымаю і чакаю ліста!",
    "Здравствуйте! Меня зовут Марта. Я недавно научилась печь хлеб на закваске, "
    "получается пока кривовато, но вкусно. Весной хочу посадить помидоры на балконе. "
    "По выходным мы с соседкой ходим на рынок за яблоками и мёдом, а потом долго пьём чай. "
    "Расскажите, что вам нравится готовить? Какие фильмы вы любите? Тепло обнимаю.",
    "Добры дзень! Сёння ў нас быў першы цёплы дзень, і я ездзіла на ровары ўздоўж ракі. "
    "Бачыла чаплю! На беразе "
    "сядзелі рыбакі, а дзеці кармілі качак хлебам. Вечарам я доўга піла чай на балконе. "
    "Хачу летам пайсці ў паход на некалькі дзён. Ці любіш ты падарожжы? "
    "Куды б ты хацеў паехаць? Пішы, калі зможаш. Моцна абдымаю.",
    "Привет! У меня дома живут два кота, Бублик и Сушка, они всё время "
    "спорят за место на подоконнике. Я снова начала вязать — уже третий шарф. "
    "Вчера весь вечер смотрела старые комедии и смеялась до слёз, очень советую. "
    "Скоро весна, и мы всей семьёй поедем к бабушке в деревню сажать картошку. "
    "А у вас есть домашние животные? Что вы любите читать? Жду письма!",
]
# Letters a moderator should look at closely: one leaks a phone number, one is not
# in Russian or Belarusian and needs a translation.
RISKY = [
    "Прывітанне! Калі будзе магчымасць, патэлефануй маёй сяброўцы: +375 29 123-45-67. "
    "У нас усё добра, вясна, птушкі спяваюць. Што ты чытаеш? Абдымаю!",
    "Dear friend, we think of you every day. Our garden is full of tulips this spring "
    "and the children are learning to swim. What books would you like? Warm wishes.",
]

# How far each demo letter goes along the life cycle.
PATHS = [
    [],
    [],
    [("approve", lifecycle.MODERATOR)],
    [("approve", lifecycle.MODERATOR)],
    [("request_edit", lifecycle.MODERATOR)],
    [("reject", lifecycle.MODERATOR)],
]
REASONS = {
    "request_edit": "Please leave out the phone number: it could endanger your friend.",
    "reject": "This letter is not about everyday life; the censor would not let it through.",
}


def demo_letters(*, seed: int = 1, count: int = 40) -> Counter[str]:
    """Write ``count`` fictional letters to people held now and move them along the
    life cycle; returns how many letters end in each state."""
    rng = random.Random(seed)
    people = list(
        people_behind_bars_now()
        .filter(incommunicado=False, facility__isnull=False)
        .order_by("pk")[:200]
    )
    states: Counter[str] = Counter()
    if not people:
        return states
    for number in range(count):
        person = rng.choice(people)
        if number % 10 == 9:
            text, path = RISKY[number % 20 // 10], [("send_to_translation", lifecycle.MODERATOR)]
            if "+375" in text:
                path = [("request_edit", lifecycle.MODERATOR)]
        else:
            text, path = rng.choice(LETTERS), rng.choice(PATHS)
        letter = letter_submit(
            person=person, sender_name=rng.choice(SENDERS), text=text, ui_language="be"
        )
        for action, role in path:
            letter = letter_act(
                letter_id=letter.pk, action=action, role=role, reason=REASONS.get(action, "")
            )
        states[letter.state] += 1
    return states
