"""Which screening rules a public solidarity message is held to, and why. Pure Python,
no Django: the letter screening (``vestka.screening``) finds the flags, this module
keeps the families that matter for a public page and explains them for a message.

A solidarity message is published on the site, not read by a prison censor. So:

- **Applied, refused at once** (the writer can fix the message and send it again):
  sender-safety leaks (``safety.phone``, ``safety.email``, ``safety.address``,
  ``safety.fundraising``) because a public page is read by everyone, the authorities
  included; links (``safety.link``), the commonest spam; and swearing
  (``swearing.obscene``), which is abuse.
- **Applied, shown to the moderator** (the message waits for a decision like every
  other, with the flag beside it): insults (``insult.officials``), calls to overthrow
  (``overthrow.call``) and extremism words (``extremism.terms``), hostile content that
  can put the prisoner or the writer at risk yet is often quoted innocently; and
  other people's full names (``safety.name``).
- **Not applied**: the language rules (a message may be in any language), length
  (messages are meant to be short), codes and abbreviations, and the censor's topics
  (politics, "freedom", war, the case, LGBTQ+, state secrets): a public message of
  solidarity is allowed to say "Freedom to Ihar!", which no letter could.
"""

from __future__ import annotations

from dataclasses import dataclass

from vestka.screening import Flag, Screening

REFUSED_RULES = frozenset(
    {
        "safety.phone",
        "safety.email",
        "safety.link",
        "safety.address",
        "safety.fundraising",
        "swearing.obscene",
    }
)
REVIEWED_RULES = frozenset({"insult.officials", "overthrow.call", "extremism.terms", "safety.name"})
APPLIED_RULES = REFUSED_RULES | REVIEWED_RULES

# What each applied rule means for a public message, in each UI language.
EXPLANATIONS: dict[str, dict[str, str]] = {
    "safety.phone": {
        "en": "No phone numbers: everyone can read this page, and a number leads to a person.",
        "be": "Без нумароў тэлефонаў: гэтую старонку чытаюць усе, і нумар вядзе да чалавека.",
        "ru": "Без номеров телефонов: эту страницу читают все, и номер ведёт к человеку.",
    },
    "safety.email": {
        "en": "No email addresses: they identify you or others on a public page.",
        "be": "Без адрасоў электроннай пошты: на публічнай старонцы яны выдаюць вас ці іншых.",
        "ru": "Без адресов электронной почты: на публичной странице они выдают вас или других.",
    },
    "safety.link": {
        "en": "No links: messages with links are taken for spam.",
        "be": "Без спасылак: паведамленні са спасылкамі лічацца спамам.",
        "ru": "Без ссылок: сообщения со ссылками считаются спамом.",
    },
    "safety.address": {
        "en": "No home addresses: everyone can read this page.",
        "be": "Без хатніх адрасоў: гэтую старонку чытаюць усе.",
        "ru": "Без домашних адресов: эту страницу читают все.",
    },
    "safety.fundraising": {
        "en": "No money, collections or card numbers: this endangers the prisoner and donors.",
        "be": "Ніякіх грошай, збораў ці нумароў картак: гэта небяспечна для вязня і ахвярадаўцаў.",
        "ru": "Никаких денег, сборов или номеров карт: это опасно для заключённого и "
        "жертвователей.",
    },
    "swearing.obscene": {
        "en": "No swearing, please.",
        "be": "Калі ласка, без брыдкаслоўя.",
        "ru": "Пожалуйста, без мата.",
    },
    "insult.officials": {
        "en": "Insults can be used against the prisoner; a moderator will look at this.",
        "be": "Абразы могуць выкарыстаць супраць вязня; мадэратар гэта прагледзіць.",
        "ru": "Оскорбления могут использовать против заключённого; модератор это посмотрит.",
    },
    "overthrow.call": {
        "en": "Calls to overthrow the authorities can endanger the prisoner; a moderator will "
        "look at this.",
        "be": "Заклікі да звяржэння ўлады могуць нашкодзіць вязню; мадэратар гэта прагледзіць.",
        "ru": "Призывы к свержению власти могут навредить заключённому; модератор это посмотрит.",
    },
    "extremism.terms": {
        "en": "Words that read as extremism can endanger the prisoner; a moderator will look at "
        "this.",
        "be": "Словы, што гучаць як экстрэмізм, могуць нашкодзіць вязню; мадэратар гэта "
        "прагледзіць.",
        "ru": "Слова, похожие на экстремизм, могут навредить заключённому; модератор это "
        "посмотрит.",
    },
    "safety.name": {
        "en": "Is this somebody's full name? Naming other people can put them at risk.",
        "be": "Гэта чыёсьці поўнае імя? Называць іншых людзей можа быць для іх небяспечна.",
        "ru": "Это чьё-то полное имя? Называть других людей может быть для них опасно.",
    },
}


@dataclass(frozen=True)
class MessageFlag:
    rule: str
    refused: bool  # True: the message is not taken; False: the moderator sees the flag
    message: str
    quote: str

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "refused": self.refused,
            "message": self.message,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class MessageScreening:
    language: str  # ISO 639-1 code, or "und"
    flags: tuple[MessageFlag, ...]

    @property
    def refused(self) -> tuple[MessageFlag, ...]:
        return tuple(flag for flag in self.flags if flag.refused)

    def as_dict(self) -> dict[str, object]:
        return {"language": self.language, "flags": [flag.as_dict() for flag in self.flags]}


def message_screening(
    text: str, screening: Screening, *, ui_language: str = "en"
) -> MessageScreening:
    """Keep the flags of ``screening`` (of ``text``) that apply to a public message, one
    per rule and quoted text, explained in ``ui_language``."""
    language = ui_language if ui_language in ("en", "be", "ru") else "en"
    seen: set[tuple[str, str]] = set()
    flags = []
    for flag in screening.flags:
        if flag.rule not in APPLIED_RULES:
            continue
        quote = _quote(text, flag)
        if (flag.rule, quote) in seen:
            continue
        seen.add((flag.rule, quote))
        flags.append(
            MessageFlag(
                rule=flag.rule,
                refused=flag.rule in REFUSED_RULES,
                message=EXPLANATIONS[flag.rule][language],
                quote=quote,
            )
        )
    return MessageScreening(language=screening.language, flags=tuple(flags))


def _quote(text: str, flag: Flag, limit: int = 80) -> str:
    quote = text[flag.start : flag.end].strip()
    return quote if len(quote) <= limit else quote[: limit - 1].rstrip() + "…"
