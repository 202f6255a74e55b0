"""Words and patterns that get a letter stopped, by rule, in Russian, Belarusian,
Ukrainian, English and Polish.

A term is a regular expression matched from the start of a word, so that a stem takes
in its inflected forms (``протест`` finds протестов, протестовали). A term may carry an
``unless`` pattern: when it matches right where the term does, the word is used in an
everyday sense and is left alone ("свободное время", "режим дня", a team that fought to
the end).
"""

from __future__ import annotations

from dataclasses import dataclass

W = r"[\w'’-]*"  # the rest of a word: any ending


@dataclass(frozen=True)
class Term:
    rule: str
    pattern: str
    unless: str = ""


# Everyday words that may follow "free"/"freedom"/"fight" without any politics in them.
_EVERYDAY = (
    r"(?:врем|час|мінут|минут|дн|вечар|вечер|мест|месц|стул|крэсл|кресл|ден|выходн|"
    r"рук|стыль|стил|плаван|полёт|палёт|time|day|hand|kick|style|czas|miejsc)"
)
_SPORT_OR_HOME = (
    r"(?:до\s+(?:конца|последн)|да\s+(?:канца|апошн)|за\s+(?:мяч|очк|кубак|кубок|"
    r"перамог|побед|месц|мест|печень|печыв|торт|пирог|пірог|последн|апошн)|"
    r"с\s+(?:сорняк|простуд|ленью|усталост|пылью|молью|комар)|з\s+(?:пустазелл|"
    r"прастуд|ляноц|пылам|камар|бур'?ян)|до\s+кінц|to\s+the\s+end|hard|"
    r"with\s+(?:the\s+)?(?:slug|snail|weed|cold|flu|dust|moth|mosquit)|"
    r"for\s+the\s+(?:ball|last|cup|title|biscuit|cookie|cake)|do\s+końca|"
    r"z\s+(?:chwast|ślimak|przeziębien|komar))"
)

TERMS: tuple[Term, ...] = (
    # Politics and protest
    *(
        Term("politics.protest", p)
        for p in (
            r"протест",
            r"пратэст",
            r"митинг",
            r"мітынг",
            r"забастов",
            r"страйк",
            r"диктат",
            r"дыктат",
            r"оппозиц",
            r"апазіц",
            r"опозиці",
            r"революц",
            r"рэвалюц",
            r"фальсифик",
            r"фальсіфік",
            r"лукашенк",
            r"лукашэнк",
            r"лукашист",
            r"тихановск",
            r"ціханоўск",
            r"бчб\b",
            r"бел-?чырвона-?бел",
            r"бело-?красно-?бел",
            r"жыве\s+беларусь",
            r"политзаключ",
            r"палітвязн",
            r"політв'?язн",
            r"политическ",
            r"палітычн",
            r"політичн",
            r"репресс",
            r"рэпрэс",
            r"репрес",
            r"выбор(?:ы|ах|ов)\b",
            r"выбар(?:ы|аў|ах)\b",
            r"protest",
            r"regime",
            r"dictator",
            r"opposition",
            r"revolution",
            r"political\s+prisoner",
            r"reżim",
            r"dyktat",
            r"opozyc",
            r"rewoluc",
            r"więźni\w*\s+polityczn",
        )
    ),
    Term("politics.protest", r"режим", unless=r"режим\w*\s+(?:дня|питан|сна|работ|экономи)"),
    Term("politics.protest", r"рэжым", unless=r"рэжым\w*\s+(?:дня|харчаван|сну|працы)"),
    # Freedom and fight: fine in an everyday sense
    *(
        Term("politics.freedom", p, unless=p + W + r"\s+" + _EVERYDAY)
        for p in (r"свобод", r"свабод", r"вольн", r"свобід", r"free(?:dom)?\b", r"wolno")
    ),
    *(
        Term("politics.freedom", p, unless=p + W + r"(?:\s+\w+)?\s+" + _SPORT_OR_HOME)
        for p in (
            r"борьб",
            r"бороть",
            r"борол",
            r"борец",
            r"барацьб",
            r"змаг",
            r"fight",
            r"walk[aię]",
            r"walczy",
            r"боротьб",
        )
    ),
    # War
    *(
        Term("war.news", p)
        for p in (
            r"війн",
            r"фронт",
            r"обстрел",
            r"абстрэл",
            r"обстріл",
            r"ракетн",
            r"ракет(?:а|ы|ой|ами|ах|у)?\b",
            r"бомб",
            r"мобилиз",
            r"мабіліз",
            r"всу\b",
            r"зсу\b",
            r"оккупац",
            r"акупац",
            r"окупац",
            r"\bwar\b",
            r"frontline",
            r"shelling",
            r"missile",
            r"wojn",
        )
    ),
    # «Война и мир» is a novel, not news from the front.
    Term("war.news", r"войн(?!ик)", unless=r"войн\w*\s+и\s+мир"),
    Term("war.news", r"вайн(?!ік)", unless=r"вайн\w*\s+і\s+мір"),
    # Insults to officials
    *(
        Term("insult.officials", p)
        for p in (
            r"мент(?:ы|ов|ам|ами|ах|овск\w*)?\b",
            r"мусор(?:а|ов|ам|ами)\b",
            r"ябатьк",
            r"ябацьк",
            r"фашист",
            r"фашыст",
            r"палач",
            r"кат(?:ы|аў|ам)\b",
            r"таракан\w*\s+(?:в\s+власти|у\s+ўладзе)",
            r"усатый",
            r"вусаты",
            r"cops?\b",
            r"pigs\b",
            r"psy\b",
        )
    ),
    # Calls to overthrow
    *(
        Term("overthrow.call", p)
        for p in (
            r"сверг",
            r"сверж",
            r"звярг",
            r"звярж",
            r"скин(?:уть|ем)\s+власт",
            r"долой",
            r"далоў",
            r"восстани",
            r"повстан",
            r"паўстан",
            r"выход(?:ите|и)\s+на\s+улиц",
            r"выходзьце\s+на\s+вуліц",
            r"overthrow",
            r"uprising",
            r"revolt",
            r"obalić",
        )
    ),
    # Extremism and terrorism
    *(
        Term("extremism.terms", p)
        for p in (
            r"экстремис",
            r"экстрэміс",
            r"екстреміс",
            r"террор",
            r"тэрар",
            r"терор",
            r"взрывчат",
            r"выбухоўк",
            r"вибухівк",
            r"поджог",
            r"падпал",
            r"оружи",
            r"зброя",
            r"зброі",
            r"extremis",
            r"terroris",
            r"explosive",
            r"weapon",
            r"ekstrem",
            r"terroryst",
        )
    ),
    # The criminal case
    *(
        Term("case.details", p)
        for p in (
            r"уголовн\w*\s+дел",
            r"крымінальн\w*\s+спра",
            r"кримінальн\w*\s+справ",
            r"следовател",
            r"следч",
            r"слідч",
            r"адвокат",
            r"прысуд",
            r"вирок",
            r"показани",
            r"паказанн",
            r"обвинен",
            r"абвінавач",
            r"звинувач",
            r"допрос",
            r"допыт",
            r"прокурор",
            r"пракурор",
            r"кассац",
            r"апелляц",
            r"апеляц",
            r"стать[еияю]\s+\d",
            r"артыкул\w*\s+\d",
            r"ст\.\s*\d",
            r"investigator",
            r"prosecutor",
            r"verdict",
            r"testimony",
            r"indictment",
            r"lawyer",
            r"śledcz",
            r"prokurator",
        )
    ),
    # "Приговорили торт": ate it up.
    Term(
        "case.details",
        r"приговор",
        unless=r"приговор\w*\s+(?:\w+\s+)?(?:торт|пирог|бутыл|салат|пицц|тарелк|кастрюл)",
    ),
    # LGBTQ+
    *(
        Term("lgbt.content", p)
        for p in (
            r"лгбт",
            r"гей(?:и|ев|ям|ями|ях|ская|ский|ские|скі|ская)?\b",
            r"лесби",
            r"лесбі",
            r"трансгендер",
            r"квир",
            r"квір",
            r"гомосек",
            r"однопол",
            r"аднапол",
            r"gay\b",
            r"gays\b",
            r"lgbt",
            r"lesbian",
            r"queer",
            r"transgender",
            r"homosek",
        )
    ),
    # Swearing
    *(
        Term("swearing.obscene", p)
        for p in (
            r"ху[йяеёию]",
            r"пизд",
            r"пізд",
            r"(?:вы|за|от|пере|по|у|на|до|раз|съ|ъ)?еб[аиуёл]",
            r"бля(?:д|т|\b)",
            r"сук(?:а|и|у|ой)\b",
            r"муда[кч]",
            r"гандон",
            r"fuck",
            r"shit\b",
            r"kurw",
            r"pierdol",
            r"jeb[aie]",
        )
    ),
    # State secrets, the army and the security services
    *(
        Term("secrets.state", p)
        for p in (
            r"гостайн",
            r"государственн\w*\s+тайн",
            r"дзяржаўн\w*\s+тайн",
            r"державн\w*\s+таємн",
            r"воинск\w*\s+част",
            r"вайсков\w*\s+част",
            r"військов\w*\s+частин",
            r"кгб",
            r"спецслужб",
            r"state\s+secret",
            r"military\s+unit",
            r"kgb",
            r"tajemnic\w*\s+państw",
        )
    ),
    # Prison jargon reads as code
    *(
        Term("cipher.abbreviation", p)
        for p in (
            r"маляв(?:а|ы|у|ой|е|ам|ами|ах)\b",
            r"шконк",
            r"баланд",
            r"хата\s+№",
            r"зек(?:и|ов|ам)?\b",
        )
    ),
)
