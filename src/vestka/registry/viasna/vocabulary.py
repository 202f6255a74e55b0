"""The words of Viasna's export: column names in three languages, the vocabularies of its
cells, the limits on cell sizes, and how text is cleaned and quoted in messages."""

from __future__ import annotations

import re

# The export's own English column names, in its order; `councel` is Viasna's spelling.
COLUMNS = (
    "id", "url", "name", "status", "gender", "photo", "description", "birthday", "arrested",
    "articles", "prison", "declaration", "decision", "penalty", "judge", "councel",
    "penalty_start_date", "release_date", "verdict_date", "appeal_date", "fake_terrorist_list",
    "died", "clusters",
)  # fmt: skip
REQUIRED_COLUMNS = ("id", "name")

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "ид", "идентификатор", "ідэнтыфікатар"),
    "url": ("url", "link", "ссылка", "спасылка"),
    "name": ("name", "full name", "фио", "имя", "імя", "піб", "прозвішча, імя", "прозвішча імя"),
    "status": ("status", "статус"),
    "gender": ("gender", "sex", "пол"),
    "photo": ("photo", "фото", "фота"),
    "description": ("description", "описание", "апісанне"),
    "birthday": ("birthday", "birth date", "date of birth", "дата рождения", "дата нараджэння"),
    "arrested": ("arrested", "задержан", "дата задержания", "затрыманы", "дата затрымання"),
    "articles": ("articles", "статьи", "артыкулы"),
    "prison": ("prison", "facility", "место заключения", "тюрьма", "месца зняволення"),
    "declaration": ("declaration", "заявление", "декларация", "заява"),
    "decision": ("decision", "решение", "рашэнне"),
    "penalty": ("penalty", "наказание", "приговор", "пакаранне", "прысуд"),
    "judge": ("judge", "судья", "суддзя"),
    "councel": ("councel", "counsel", "lawyer", "адвокат", "абаронца"),
    "penalty_start_date": ("penalty start date", "начало срока", "пачатак тэрміну"),
    "release_date": ("release date", "дата освобождения", "дата вызвалення"),
    "verdict_date": ("verdict date", "дата приговора", "дата прысуду"),
    "appeal_date": ("appeal date", "дата апелляции", "дата апеляцыі"),
    "fake_terrorist_list": ("fake terrorist list", "список террористов", "спіс тэрарыстаў"),
    "died": ("died", "умер", "памёр", "погиб", "загінуў"),
    "clusters": ("clusters", "кластеры", "кластары", "группы", "групы"),
}

NAME_MAX = 300
SHORT_MAX = 1000
DESCRIPTION_MAX = 20000
SHOWN_MAX = 80

# Cells whose lines mean something (separate articles, facility vs address, tags); in JSON
# these may also be lists of strings.
MULTILINE_COLUMNS = frozenset({"articles", "prison", "clusters"})

STATUS_WORDS: dict[str, str] = {
    "active": "active", "действующий": "active", "действующая": "active",
    "дзейны": "active", "дзеючы": "active", "дзеючая": "active",
    "former": "former", "бывший": "former", "бывшая": "former",
    "былы": "former", "былая": "former",
    "np": "np", "n/p": "np", "не признан": "np", "не признана": "np", "не прызнаны": "np",
}  # fmt: skip

GENDER_WORDS: dict[str, str] = {
    "male": "male", "m": "male", "man": "male", "м": "male", "муж": "male", "мужской": "male",
    "мужчина": "male", "мужчына": "male", "мужчынскі": "male",
    "female": "female", "f": "female", "woman": "female", "ж": "female", "жен": "female",
    "женский": "female", "женщина": "female", "жанчына": "female", "жаночы": "female",
}  # fmt: skip

TRUE_WORDS = frozenset({"1", "yes", "y", "true", "да", "так", "+", "x", "х"})  # second x: Cyrillic
FALSE_WORDS = frozenset({"", "0", "no", "n", "false", "нет", "не", "нэ", "-", "—"})

RELEASED_WORDS = (
    "released", "freed", "освобожден", "освобождена", "на свободе",
    "вызвалены", "вызваленая", "вызвалена", "на волі",
)  # fmt: skip
RELEASED_MARKS = frozenset({"-", "—", "–"})

# Words that announce a criminal-code article, and words that announce a part (or item) of
# one, whose number must not be taken for an article. Compared lower-case, without the dot.
ARTICLE_WORDS = frozenset({
    "art", "arts", "article", "articles",
    "ст", "стст", "статья", "статьи", "статье", "статьей", "статьёй", "статей",
    "арт", "артыкул", "артыкула", "артыкулы", "артыкулаў", "артыкуле",
})  # fmt: skip
PART_WORDS = frozenset({
    "part", "parts", "pt", "p", "item", "paragraph", "para",
    "ч", "чч", "часть", "части", "частью", "частей", "частка", "часткі", "часткай", "частак",
    "п", "пп", "пункт", "пункта", "пункты", "пункце",
})  # fmt: skip
ARTICLE_FILLER_WORDS = frozenset({"and", "of", "the", "и", "і", "й"})

# (kind, patterns); the first kind with a matching pattern wins, so the order matters:
# "домашний арест" is home confinement, not arrest; "N years of colony and a fine" is colony.
SENTENCE_KIND_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("death", (
        r"смертн\w* казн", r"смяротн\w* пакаранн", r"расстрел", r"\bdeath (penalty|sentence)",
    )),
    ("life", (r"пожизненн", r"пажыццёв", r"\blife\b")),
    ("home_confinement", (
        r"домашн\w* арест", r"хатн\w* арышт", r"\bhouse arrest", r"\bhome confinement",
    )),
    ("compulsory_treatment", (
        r"принудительн\w* (\w+ )*лечени", r"прымусов\w* (\w+ )*лячэнн",
        r"\bcompulsory (\w+ )*treatment",
    )),
    ("restricted_freedom", (
        r"ограничени\w* свободы", r"абмежаванн\w* волі", r"\bхими[яи]\b", r"\bхімі[яі]\b",
        r"\brestrict\w* (of )?(freedom|liberty)",
    )),
    ("prison", (r"\bprison\b", r"тюрьм", r"тюремн", r"\bтурм", r"турэмн")),
    ("colony", (
        r"\bcolony", r"колони", r"калоні", r"лишени\w* свободы", r"пазбаўленн\w* волі",
        r"\bimprisonment", r"\bdeprivation of (liberty|freedom)",
    )),
    ("arrest", (r"\bарест", r"\bарышт", r"\barrest\b")),
    ("fine", (r"\bштраф", r"\bfined?\b")),
)  # fmt: skip


# Control characters, and invisible characters that can disguise text (bidi overrides,
# zero-width space, stray BOMs). Newline and tab are handled by the callers.
_HIDDEN_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def clean(value: str, *, keep_tabs: bool = False) -> str:
    value = re.sub(r"\r\n?|[\u2028\u2029]", "\n", value)
    value = _HIDDEN_CHARACTERS.sub("", value)
    return value if keep_tabs else value.replace("\t", " ")


def shown(value: str) -> str:
    """Quote a value for an error message, on one line and at most SHOWN_MAX characters."""
    flat = " ".join(clean(value).split())
    if len(flat) > SHOWN_MAX:
        flat = flat[: SHOWN_MAX - 1] + "…"
    return f"'{flat}'"
