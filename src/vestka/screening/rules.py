"""The rules a letter is screened against: an id, a severity and a short explanation in
each UI language. The id's first part names the family (``politics.protest``)."""

from __future__ import annotations

from dataclasses import dataclass

BLOCK, WARN, INFO = "block", "warn", "info"
SEVERITY_ORDER = {INFO: 0, WARN: 1, BLOCK: 2}


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    en: str
    be: str
    ru: str

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    def message(self, language: str) -> str:
        return getattr(self, language, self.en) if language in ("en", "be", "ru") else self.en


_RULES = [
    Rule(
        "language.translation",
        WARN,
        "Prison censors read Russian and Belarusian only. Letters in other languages are "
        "usually thrown away: a volunteer will translate this one.",
        "Цэнзары ў турме чытаюць толькі па-руску і па-беларуску. Лісты на іншых мовах звычайна "
        "выкідваюць: гэты ліст перакладзе валанцёр.",
        "Цензоры в тюрьме читают только по-русски и по-белорусски. Письма на других языках "
        "обычно выбрасывают: это письмо переведёт волонтёр.",
    ),
    Rule(
        "language.latin",
        WARN,
        "Foreign words in Latin letters look like a code to a censor: write them in Cyrillic "
        "or leave them out.",
        "Іншамоўныя словы лацінкай цэнзару падаюцца шыфрам: напішыце іх кірыліцай або прыбярыце.",
        "Иностранные слова латиницей цензору кажутся шифром: напишите их кириллицей или уберите.",
    ),
    Rule(
        "politics.protest",
        BLOCK,
        "Political words and protest vocabulary get a letter stopped, and can harm the prisoner. "
        "Write about everyday life instead.",
        "Палітычныя словы і лексіка пратэстаў спыняюць ліст і могуць нашкодзіць вязню. "
        "Пішыце пра звычайнае жыццё.",
        "Политические слова и лексика протестов останавливают письмо и могут навредить "
        "заключённому. Пишите о повседневной жизни.",
    ),
    Rule(
        "politics.freedom",
        WARN,
        "“Freedom” and “fight” draw a censor's attention. In an everyday sense (free time) they "
        "are fine; otherwise choose other words.",
        "«Свабода» і «барацьба» прыцягваюць увагу цэнзара. У штодзённым сэнсе (вольны час) — "
        "можна, інакш абярыце іншыя словы.",
        "«Свобода» и «борьба» привлекают внимание цензора. В бытовом смысле (свободное время) — "
        "можно, иначе выберите другие слова.",
    ),
    Rule(
        "war.news",
        BLOCK,
        "No war or combat news: such letters do not get through.",
        "Ніякіх навін пра вайну і баі: такія лісты не праходзяць.",
        "Никаких новостей о войне и боях: такие письма не проходят.",
    ),
    Rule(
        "insult.officials",
        BLOCK,
        "Insulting officials is a crime in Belarus, for the writer and the reader.",
        "Абраза службовых асоб у Беларусі — злачынства і для аўтара, і для чытача.",
        "Оскорбление должностных лиц в Беларуси — преступление и для автора, и для читателя.",
    ),
    Rule(
        "overthrow.call",
        BLOCK,
        "Calls to overthrow or resist the authorities endanger the prisoner.",
        "Заклікі да звяржэння ці супраціву ўладам ставяць вязня пад пагрозу.",
        "Призывы к свержению или сопротивлению власти ставят заключённого под угрозу.",
    ),
    Rule(
        "extremism.terms",
        BLOCK,
        "Words that read as extremism or terrorism stop a letter and can start a new case.",
        "Словы, што гучаць як экстрэмізм ці тэрарызм, спыняюць ліст і могуць стаць новай справай.",
        "Слова, похожие на экстремизм или терроризм, останавливают письмо и могут стать новым "
        "делом.",
    ),
    Rule(
        "case.details",
        BLOCK,
        "Do not write about the criminal case: letters can end up with the investigator.",
        "Не пішыце пра крымінальную справу: лісты могуць трапіць да следчага.",
        "Не пишите об уголовном деле: письма могут попасть к следователю.",
    ),
    Rule(
        "lgbt.content",
        BLOCK,
        "LGBTQ+ topics can put the prisoner in danger among inmates and staff.",
        "Тэмы ЛГБТК+ могуць паставіць вязня пад пагрозу сярод зняволеных і супрацоўнікаў.",
        "Темы ЛГБТК+ могут поставить заключённого под угрозу среди заключённых и сотрудников.",
    ),
    Rule(
        "cipher.abbreviation",
        WARN,
        "Unexplained abbreviations, codes and jargon look like a cipher: write words in full.",
        "Незразумелыя абрэвіятуры, коды і жаргон выглядаюць як шыфр: пішыце словы цалкам.",
        "Непонятные сокращения, коды и жаргон выглядят как шифр: пишите слова полностью.",
    ),
    Rule(
        "swearing.obscene",
        BLOCK,
        "No swearing: the letter will be stopped.",
        "Без брыдкаслоўя: ліст спыняць.",
        "Без мата: письмо остановят.",
    ),
    Rule(
        "secrets.state",
        BLOCK,
        "Nothing about the army, the security services or state secrets.",
        "Нічога пра войска, спецслужбы ці дзяржаўныя сакрэты.",
        "Ничего об армии, спецслужбах или государственных тайнах.",
    ),
    Rule(
        "length.too_short",
        BLOCK,
        "A single line rarely gets through and says little: write a real letter about your "
        "days, and ask questions.",
        "Адзін радок рэдка праходзіць і мала кажа: напішыце сапраўдны ліст пра свае дні, "
        "задайце пытанні.",
        "Одна строчка редко проходит и мало говорит: напишите настоящее письмо о своих днях, "
        "задайте вопросы.",
    ),
    Rule(
        "length.short",
        WARN,
        "A longer letter about everyday life, with questions, is more likely to be delivered.",
        "Больш доўгі ліст пра штодзённае жыццё, з пытаннямі, хутчэй дойдзе.",
        "Более длинное письмо о повседневной жизни, с вопросами, скорее дойдёт.",
    ),
    Rule(
        "safety.phone",
        BLOCK,
        "No phone numbers: letters are read, and the number leads to you.",
        "Без нумароў тэлефонаў: лісты чытаюць, і нумар вядзе да вас.",
        "Без номеров телефонов: письма читают, и номер ведёт к вам.",
    ),
    Rule(
        "safety.email",
        BLOCK,
        "No email addresses: they identify you or others.",
        "Без адрасоў электроннай пошты: яны выдаюць вас ці іншых.",
        "Без адресов электронной почты: они выдают вас или других.",
    ),
    Rule(
        "safety.link",
        BLOCK,
        "No links: the prisoner cannot open them, and a censor reads them as a message.",
        "Без спасылак: вязень не можа іх адкрыць, а цэнзар бачыць у іх паведамленне.",
        "Без ссылок: заключённый не может их открыть, а цензор видит в них послание.",
    ),
    Rule(
        "safety.address",
        BLOCK,
        "No home addresses: the organisation's return address is on the envelope.",
        "Без хатніх адрасоў: на канверце будзе зваротны адрас арганізацыі.",
        "Без домашних адресов: на конверте будет обратный адрес организации.",
    ),
    Rule(
        "safety.fundraising",
        BLOCK,
        "No money, collections or card numbers: this endangers the prisoner and the donors.",
        "Ніякіх грошай, збораў ці нумароў картак: гэта небяспечна для вязня і ахвярадаўцаў.",
        "Никаких денег, сборов или номеров карт: это опасно для заключённого и жертвователей.",
    ),
    Rule(
        "safety.name",
        INFO,
        "Is this somebody's full name? Naming other people can put them at risk.",
        "Гэта чыёсьці поўнае імя? Называць іншых людзей можа быць для іх небяспечна.",
        "Это чьё-то полное имя? Называть других людей может быть для них опасно.",
    ),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
