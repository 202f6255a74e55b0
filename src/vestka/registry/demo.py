"""A fictional but realistic registry for demos, screenshots and benchmarks.

Every person made here is invented: given names and surnames common in Belarus are
combined at random, and biographies are built from sentence templates. Facilities
are real Belarusian institutions, but their addresses are written from memory and
marked unverified. Everything derives from ``random.Random(seed)`` and a fixed
reference date, never the clock, so one seed always gives byte-identical data.

The generator has two halves:

- ``plan_people`` yields plain ``PersonPlan`` objects (no Django, no database), so
  the same people can be written to the database, to a Viasna-format CSV, or both;
- ``demo_load`` writes plans to an empty registry in one transaction, in chunks:
  ``bulk_create`` for people and prosecutions (whose keys the next rows need), plain
  multi-row inserts (``_insert_rows``) for names, events and the many-to-many rows;
  the derived custody fields are computed with ``custody.derive_custody`` before
  the people are inserted. ``write_viasna_csv`` writes the same plans in the column
  layout of Viasna's export.

No history rows (django-simple-history) are written for demo data: bulk inserts
bypass them, writing them would double the load time, and a demo record's history
would only say "created by the demo". The first staff edit starts its history.

The name, facility and template tables make this module long; they are data, and
the code that uses them starts at "plans" below.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TextIO

from vestka.registry import custody

# "Today" for the demo: dates are spread up to here, never up to the real clock.
REFERENCE_DATE = date(2026, 11, 1)
REFERENCE_TIME = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
FIRST_DETENTION = date(2020, 8, 1)
LAST_DETENTION = date(2026, 10, 25)

DEFAULT_PEOPLE = 3400
# Viasna's order of magnitude: about 1,400 behind bars and 2,000 released.
SHARE_BEHIND_BARS = 1400 / 3400
SHARE_DIED_IN_CUSTODY = 0.003
SHARE_DIED_AFTER_RELEASE = 0.005
SHARE_NOT_RECOGNISED = 0.04
SHARE_FEMALE = 0.15

DEMO_PUBLISHER = "Demo human-rights group"
DEMO_URL = "https://example.org/demo"

# Categories of a demo person; the derived custody state follows from the events.
ACTIVE, RELEASED, DIED_IN_CUSTODY, DIED_AFTER_RELEASE, NOT_RECOGNISED = (
    "active", "released", "died_in_custody", "died_after_release", "np",
)  # fmt: skip

# --- names ------------------------------------------------------------------------------------

# (gender, Belarusian, Russian, Latin as in the Belarusian romanisation or the press)
GIVEN_NAMES: tuple[tuple[str, str, str, str], ...] = (
    ("male", "Андрэй", "Андрей", "Andrei"),
    ("male", "Аляксандр", "Александр", "Aliaksandr"),
    ("male", "Алесь", "Алесь", "Ales"),
    ("male", "Сяргей", "Сергей", "Siarhei"),
    ("male", "Дзмітрый", "Дмитрий", "Dzmitry"),
    ("male", "Зміцер", "Дмитрий", "Zmitser"),
    ("male", "Уладзімір", "Владимир", "Uladzimir"),
    ("male", "Мікалай", "Николай", "Mikalai"),
    ("male", "Мікола", "Николай", "Mikola"),
    ("male", "Ігар", "Игорь", "Ihar"),
    ("male", "Павел", "Павел", "Pavel"),
    ("male", "Віктар", "Виктор", "Viktar"),
    ("male", "Вадзім", "Вадим", "Vadzim"),
    ("male", "Максім", "Максим", "Maksim"),
    ("male", "Міхаіл", "Михаил", "Mikhail"),
    ("male", "Юрый", "Юрий", "Yury"),
    ("male", "Яўген", "Евгений", "Yauhen"),
    ("male", "Раман", "Роман", "Raman"),
    ("male", "Антон", "Антон", "Anton"),
    ("male", "Арцём", "Артём", "Artsiom"),
    ("male", "Дзяніс", "Денис", "Dzianis"),
    ("male", "Мікіта", "Никита", "Mikita"),
    ("male", "Кірыл", "Кирилл", "Kiryl"),
    ("male", "Ілля", "Илья", "Illia"),
    ("male", "Васіль", "Василий", "Vasil"),
    ("male", "Рыгор", "Григорий", "Ryhor"),
    ("male", "Алег", "Олег", "Aleh"),
    ("male", "Віталь", "Виталий", "Vital"),
    ("male", "Янка", "Иван", "Yanka"),
    ("male", "Іван", "Иван", "Ivan"),
    ("male", "Пётр", "Пётр", "Piotr"),
    ("male", "Станіслаў", "Станислав", "Stanislau"),
    ("male", "Валянцін", "Валентин", "Valiantsin"),
    ("male", "Ягор", "Егор", "Yahor"),
    ("male", "Аляксей", "Алексей", "Aliaksei"),
    ("male", "Ціхан", "Тихон", "Tsikhan"),
    ("female", "Кацярына", "Екатерина", "Katsiaryna"),
    ("female", "Наста", "Анастасия", "Nasta"),
    ("female", "Анастасія", "Анастасия", "Anastasiya"),
    ("female", "Марыя", "Мария", "Maryia"),
    ("female", "Вольга", "Ольга", "Volha"),
    ("female", "Алена", "Елена", "Alena"),
    ("female", "Таццяна", "Татьяна", "Tatsiana"),
    ("female", "Святлана", "Светлана", "Sviatlana"),
    ("female", "Ірына", "Ирина", "Iryna"),
    ("female", "Наталля", "Наталья", "Natallia"),
    ("female", "Юлія", "Юлия", "Yuliya"),
    ("female", "Ганна", "Анна", "Hanna"),
    ("female", "Дар'я", "Дарья", "Darya"),
    ("female", "Ксенія", "Ксения", "Kseniya"),
    ("female", "Марына", "Марина", "Maryna"),
    ("female", "Людміла", "Людмила", "Liudmila"),
    ("female", "Валянціна", "Валентина", "Valiantsina"),
    ("female", "Алеся", "Олеся", "Alesia"),
    ("female", "Вераніка", "Вероника", "Veranika"),
    ("female", "Яўгенія", "Евгения", "Yauheniya"),
    ("female", "Паліна", "Полина", "Palina"),
    ("female", "Лізавета", "Елизавета", "Lizaveta"),
    ("female", "Надзея", "Надежда", "Nadzeya"),
    ("female", "Галіна", "Галина", "Halina"),
    ("female", "Лілія", "Лилия", "Liliya"),
)

# Patronymics from common fathers' names:
# (Belarusian m, f, Russian m, f, Latin m, f)
PATRONYMICS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("Андрэевіч", "Андрэеўна", "Андреевич", "Андреевна", "Andreevich", "Andreeuna"),
    ("Аляксандравіч", "Аляксандраўна", "Александрович", "Александровна",
     "Aliaksandravich", "Aliaksandrauna"),
    ("Сяргеевіч", "Сяргееўна", "Сергеевич", "Сергеевна", "Siarheevich", "Siarheeuna"),
    ("Уладзіміравіч", "Уладзіміраўна", "Владимирович", "Владимировна",
     "Uladzimiravich", "Uladzimirauna"),
    ("Мікалаевіч", "Мікалаеўна", "Николаевич", "Николаевна", "Mikalaevich", "Mikalaeuna"),
    ("Віктаравіч", "Віктараўна", "Викторович", "Викторовна", "Viktaravich", "Viktarauna"),
    ("Іванавіч", "Іванаўна", "Иванович", "Ивановна", "Ivanavich", "Ivanauna"),
    ("Пятровіч", "Пятроўна", "Петрович", "Петровна", "Piatrovich", "Piatrouna"),
    ("Міхайлавіч", "Міхайлаўна", "Михайлович", "Михайловна", "Mikhailavich", "Mikhailauna"),
    ("Юр'евіч", "Юр'еўна", "Юрьевич", "Юрьевна", "Yuryevich", "Yuryeuna"),
    ("Васільевіч", "Васільеўна", "Васильевич", "Васильевна", "Vasilyevich", "Vasilyeuna"),
    ("Анатольевіч", "Анатольеўна", "Анатольевич", "Анатольевна", "Anatolyevich", "Anatolyeuna"),
    ("Леанідавіч", "Леанідаўна", "Леонидович", "Леонидовна", "Leanidavich", "Leanidauna"),
    ("Генадзевіч", "Генадзеўна", "Геннадьевич", "Геннадьевна", "Henadzevich", "Henadzeuna"),
    ("Валер'евіч", "Валер'еўна", "Валерьевич", "Валерьевна", "Valeryevich", "Valeryeuna"),
    ("Ігаравіч", "Ігараўна", "Игоревич", "Игоревна", "Iharavich", "Iharauna"),
    ("Аляксеевіч", "Аляксееўна", "Алексеевич", "Алексеевна", "Aliakseevich", "Aliakseeuna"),
    ("Фёдаравіч", "Фёдараўна", "Фёдорович", "Фёдоровна", "Fiodaravich", "Fiodarauna"),
    ("Рыгоравіч", "Рыгораўна", "Григорьевич", "Григорьевна", "Ryhoravich", "Ryhorauna"),
    ("Паўлавіч", "Паўлаўна", "Павлович", "Павловна", "Paulavich", "Paulauna"),
)  # fmt: skip

# Masculine surnames (Belarusian, Russian, Latin); feminine forms follow from
# the endings in `feminine_surname`. Famous names of real prisoners are left out.
SURNAMES: tuple[tuple[str, str, str], ...] = (
    ("Каваленка", "Коваленко", "Kavalenka"), ("Шаўчэнка", "Шевченко", "Shauchenka"),
    ("Бандарэнка", "Бондаренко", "Bandarenka"), ("Кавалёў", "Ковалёв", "Kavaliou"),
    ("Аляксандраў", "Александров", "Aliaksandrau"), ("Іваноў", "Иванов", "Ivanou"),
    ("Новік", "Новик", "Novik"), ("Марозаў", "Морозов", "Marozau"),
    ("Кузняцоў", "Кузнецов", "Kuzniatsou"), ("Мельнік", "Мельник", "Melnik"),
    ("Ткачук", "Ткачук", "Tkachuk"), ("Шпак", "Шпак", "Shpak"),
    ("Клімовіч", "Климович", "Klimovich"), ("Якавенка", "Яковенко", "Yakavenka"),
    ("Кацуба", "Кацуба", "Katsuba"), ("Гурыновіч", "Гуринович", "Hurynovich"),
    ("Сідарэнка", "Сидоренко", "Sidarenka"), ("Казлоў", "Козлов", "Kazlou"),
    ("Васілеўскі", "Василевский", "Vasileuski"), ("Лукашэвіч", "Лукашевич", "Lukashevich"),
    ("Жук", "Жук", "Zhuk"), ("Карповіч", "Карпович", "Karpovich"),
    ("Мароз", "Мороз", "Maroz"), ("Петрашэвіч", "Петрашевич", "Petrashevich"),
    ("Сакалоў", "Соколов", "Sakalou"), ("Рамановіч", "Романович", "Ramanovich"),
    ("Вашкевіч", "Вашкевич", "Vashkevich"), ("Бурак", "Бурак", "Burak"),
    ("Дзмітрыеў", "Дмитриев", "Dzmitryeu"), ("Ганчарэнка", "Гончаренко", "Hancharenka"),
    ("Зайцаў", "Зайцев", "Zaitsau"), ("Жукоўскі", "Жуковский", "Zhukouski"),
    ("Ярошка", "Ярошко", "Yaroshka"), ("Грыгор'еў", "Григорьев", "Hryhoryeu"),
    ("Макарэнка", "Макаренко", "Makarenka"), ("Паўлаў", "Павлов", "Paulau"),
    ("Сямёнаў", "Семёнов", "Siamionau"), ("Ляшчэня", "Лещеня", "Liashchenia"),
    ("Шыманскі", "Шиманский", "Shymanski"), ("Мацкевіч", "Мацкевич", "Matskevich"),
    ("Раманчук", "Романчук", "Ramanchuk"), ("Дамброўскі", "Домбровский", "Dambrouski"),
    ("Тарасевіч", "Тарасевич", "Tarasevich"), ("Юркевіч", "Юркевич", "Yurkevich"),
    ("Барысевіч", "Борисевич", "Barysevich"), ("Гулевіч", "Гулевич", "Hulevich"),
    ("Радзевіч", "Радевич", "Radzevich"), ("Мартыненка", "Мартыненко", "Martynenka"),
    ("Кавальчук", "Ковальчук", "Kavalchuk"), ("Савіцкі", "Савицкий", "Savitski"),
    ("Ціханчук", "Тихончук", "Tsikhanchuk"), ("Малышаў", "Малышев", "Malyshau"),
    ("Сінякоў", "Синяков", "Siniakou"), ("Кірылаў", "Кириллов", "Kirylau"),
    ("Пятроў", "Петров", "Piatrou"), ("Сцепаненка", "Степаненко", "Stsepanenka"),
    ("Кандрацьеў", "Кондратьев", "Kandratsyeu"), ("Фёдараў", "Фёдоров", "Fiodarau"),
    ("Палякоў", "Поляков", "Paliakou"), ("Багдановіч", "Богданович", "Bahdanovich"),
    ("Будзько", "Будько", "Budzko"), ("Стральцоў", "Стрельцов", "Straltsou"),
    ("Хмялеўскі", "Хмелевский", "Khmialeuski"), ("Войтка", "Войтко", "Voitka"),
    ("Лагун", "Лагун", "Lahun"), ("Лысенка", "Лысенко", "Lysenka"),
    ("Ярмоленка", "Ярмоленко", "Yarmolenka"), ("Сіняўскі", "Синявский", "Siniauski"),
    ("Гаўрылюк", "Гаврилюк", "Hauryliuk"), ("Данілевіч", "Данилевич", "Danilevich"),
    ("Мазуркевіч", "Мазуркевич", "Mazurkevich"), ("Сямашка", "Семашко", "Siamashka"),
    ("Шаўцоў", "Шевцов", "Shautsou"), ("Бондар", "Бондарь", "Bondar"),
    ("Кулеш", "Кулеш", "Kulesh"), ("Цвірка", "Цвирко", "Tsvirka"),
    ("Гапановіч", "Гапанович", "Hapanovich"), ("Мікуліч", "Микулич", "Mikulich"),
    ("Канаплёў", "Коноплёв", "Kanapliou"), ("Сушко", "Сушко", "Sushko"),
    ("Левановіч", "Леванович", "Levanovich"), ("Адамовіч", "Адамович", "Adamovich"),
    ("Русецкі", "Русецкий", "Rusetski"), ("Трафімаў", "Трофимов", "Trafimau"),
    ("Зянько", "Зенько", "Zianko"), ("Пашкевіч", "Пашкевич", "Pashkevich"),
    ("Корзун", "Корзун", "Korzun"), ("Гайдук", "Гайдук", "Haiduk"),
    ("Якубовіч", "Якубович", "Yakubovich"), ("Харытонаў", "Харитонов", "Kharytonau"),
    ("Селівончык", "Селивончик", "Selivonchyk"), ("Шылка", "Шилко", "Shylka"),
    ("Чарнышоў", "Чернышёв", "Charnyshou"), ("Лапцёнак", "Лаптёнок", "Laptsionak"),
    ("Дубовік", "Дубовик", "Dubovik"), ("Рудзько", "Рудько", "Rudzko"),
    ("Кухарчык", "Кухарчик", "Kukharchyk"), ("Стасевіч", "Стасевич", "Stasevich"),
    ("Навумчык", "Наумчик", "Navumchyk"), ("Ермаловіч", "Ермолович", "Yermalovich"),
    ("Бабіч", "Бабич", "Babich"), ("Лявонаў", "Леонов", "Liavonau"),
    ("Грыневіч", "Гриневич", "Hrynevich"), ("Шэршань", "Шершень", "Shershan"),
    ("Бусько", "Бусько", "Busko"), ("Ражкоў", "Рожков", "Razhkou"),
    ("Сарокін", "Сорокин", "Sarokin"), ("Зубкоў", "Зубков", "Zubkou"),
    ("Шостак", "Шостак", "Shostak"), ("Мінько", "Минько", "Minko"),
    ("Прыходзька", "Приходько", "Prykhodzka"), ("Высоцкі", "Высоцкий", "Vysotski"),
    ("Грышкевіч", "Гришкевич", "Hryshkevich"), ("Купрыянаў", "Куприянов", "Kupryianau"),
    ("Ждановіч", "Жданович", "Zhdanovich"), ("Аўсяннікаў", "Овсянников", "Ausiannikau"),
    ("Лешчанка", "Лещенко", "Leshchanka"), ("Сідаровіч", "Сидорович", "Sidarovich"),
    ("Чайкоўскі", "Чайковский", "Chaikouski"), ("Яцкевіч", "Яцкевич", "Yatskevich"),
    ("Салаўёў", "Соловьёв", "Salauyou"), ("Навіцкі", "Новицкий", "Navitski"),
    ("Дашкевіч", "Дашкевич", "Dashkevich"), ("Кісялёў", "Киселёв", "Kisialiou"),
    ("Астапенка", "Остапенко", "Astapenka"), ("Сцяпанаў", "Степанов", "Stsiapanau"),
    ("Рабцаў", "Рябцев", "Rabtsau"), ("Варанецкі", "Воронецкий", "Varanetski"),
    ("Анісімаў", "Анисимов", "Anisimau"), ("Арлоў", "Орлов", "Arlou"),
    ("Пранько", "Пранько", "Pranko"), ("Грэбень", "Гребень", "Hreben"),
    ("Вераб'ёў", "Воробьёв", "Verabyou"), ("Лукша", "Лукша", "Luksha"),
    ("Белавусаў", "Белоусов", "Belavusau"), ("Бурдзейка", "Бурдейко", "Burdzeika"),
    ("Цыбулька", "Цыбулько", "Tsybulka"), ("Мірановіч", "Миронович", "Miranovich"),
    ("Гарэлік", "Горелик", "Harelik"), ("Ляўкоў", "Левков", "Liaukou"),
    ("Шумскі", "Шумский", "Shumski"), ("Сакалоўскі", "Соколовский", "Sakalouski"),
    ("Шарэйка", "Шарейко", "Shareika"), ("Ахрэмчык", "Ахремчик", "Akhremchyk"),
    ("Ганчар", "Гончар", "Hanchar"), ("Казак", "Козак", "Kazak"),
    ("Папко", "Попко", "Papko"), ("Маслоўскі", "Масловский", "Maslouski"),
    ("Валчок", "Волчок", "Valchok"), ("Кунцэвіч", "Кунцевич", "Kuntsevich"),
    ("Баранаў", "Баранов", "Baranau"), ("Рабушка", "Рябушко", "Rabushka"),
    ("Хілько", "Хилько", "Khilko"), ("Дземянчук", "Демянчук", "Dziemianchuk"),
    ("Бельскі", "Бельский", "Belski"), ("Каралёў", "Королёв", "Karaliou"),
    ("Кудраўцаў", "Кудрявцев", "Kudrautsau"), ("Ярашэвіч", "Ярошевич", "Yarashevich"),
    ("Гук", "Гук", "Huk"), ("Юшкевіч", "Юшкевич", "Yushkevich"),
    ("Пракаповіч", "Прокопович", "Prakapovich"), ("Шэўчык", "Шевчик", "Shevchyk"),
    ("Дудар", "Дударь", "Dudar"), ("Цітоў", "Титов", "Tsitou"),
    ("Мельнікаў", "Мельников", "Melnikau"), ("Ільін", "Ильин", "Ilyin"),
)  # fmt: skip


def feminine_surname(be: str, ru: str, lat: str) -> tuple[str, str, str]:
    """The feminine forms of a surname: -аў/-ов/-au and -ін/-ин inflect, -скі/-ский/-ski
    becomes -ская/-skaya; surnames in -ка, -іч, -ук and the like stay as they are."""
    if be.endswith("ў") and ru[-2:] in ("ов", "ев", "ёв") and lat.endswith("u"):
        return be[:-1] + "ва", ru + "а", lat[:-1] + "va"
    if be.endswith("кі") and ru.endswith("кий") and lat.endswith("ski"):
        return be[:-1] + "ая", ru[:-2] + "ая", lat[:-1] + "aya"
    if be.endswith(("ін", "ын")) and ru.endswith(("ин", "ын")):
        return be + "а", ru + "а", lat + "a"
    return be, ru, lat


# --- places and institutions -----------------------------------------------------------------


@dataclass(frozen=True)
class DemoFacility:
    key: str
    kind: str
    name_en: str
    name_be: str
    name_ru: str
    aliases: str
    address: str  # Cyrillic lines, top to bottom
    postal_code: str
    women: bool = False

    @property
    def address_lines(self) -> list[str]:
        return self.address.splitlines()


def _facility(key, kind, en, be, ru, alias, postal, city, street, women=False) -> DemoFacility:
    return DemoFacility(key, kind, en, be, ru, alias, f"{postal}, {city}\n{street}", postal, women)


# Real institutions; the addresses are plausible but unchecked (address_verified=False).
FACILITIES: tuple[DemoFacility, ...] = (
    _facility("sizo-1", "pretrial", "Pre-trial detention centre No. 1 (Minsk)",
              "СІЗА № 1 (Мінск)", "СИЗО № 1 (Минск)", "СИЗО-1\nВалодарка",
              "220030", "г. Минск", "ул. Володарского, 2"),
    _facility("sizo-2", "pretrial", "Pre-trial detention centre No. 2 (Vitsebsk)",
              "СІЗА № 2 (Віцебск)", "СИЗО № 2 (Витебск)", "СИЗО-2",
              "210015", "г. Витебск", "ул. Гагарина, 2"),
    _facility("sizo-3", "pretrial", "Pre-trial detention centre No. 3 (Homiel)",
              "СІЗА № 3 (Гомель)", "СИЗО № 3 (Гомель)", "СИЗО-3",
              "246050", "г. Гомель", "ул. Книжная, 1а"),
    _facility("sizo-4", "pretrial", "Pre-trial detention centre No. 4 (Mahilioŭ)",
              "СІЗА № 4 (Магілёў)", "СИЗО № 4 (Могилёв)", "СИЗО-4",
              "212011", "г. Могилёв", "ул. Крупской, 99а"),
    _facility("sizo-5", "pretrial", "Pre-trial detention centre No. 5 (Lida)",
              "СІЗА № 5 (Ліда)", "СИЗО № 5 (Лида)", "СИЗО-5",
              "231300", "г. Лида", "ул. Советская, 8"),
    _facility("sizo-6", "pretrial", "Pre-trial detention centre No. 6 (Baranavichy)",
              "СІЗА № 6 (Баранавічы)", "СИЗО № 6 (Барановичи)", "СИЗО-6",
              "225409", "г. Барановичи", "ул. Брестская, 258"),
    _facility("sizo-7", "pretrial", "Pre-trial detention centre No. 7 (Brest)",
              "СІЗА № 7 (Брэст)", "СИЗО № 7 (Брест)", "СИЗО-7",
              "224030", "г. Брест", "ул. Советской Конституции, 1"),
    _facility("sizo-8", "pretrial", "Pre-trial detention centre No. 8 (Zhodzina)",
              "СІЗА № 8 (Жодзіна)", "СИЗО № 8 (Жодино)", "СИЗО-8\nТюрьма № 8 Жодино",
              "222163", "г. Жодино", "ул. Советская, 22а"),
    _facility("ik-1", "penal_colony", "Penal colony No. 1 (Navapolatsk)",
              "Папраўчая калонія № 1 (Наваполацк)", "Исправительная колония № 1 (Новополоцк)",
              "ИК-1", "211440", "г. Новополоцк", "ул. Техническая, 8"),
    _facility("ik-2", "penal_colony", "Penal colony No. 2 (Babruisk)",
              "Папраўчая калонія № 2 (Бабруйск)", "Исправительная колония № 2 (Бобруйск)",
              "ИК-2", "213800", "г. Бобруйск", "ул. Минская, 191"),
    _facility("ik-3", "penal_colony", "Penal colony No. 3 (Vitsba)",
              "Папраўчая калонія № 3 (Віцьба)", "Исправительная колония № 3 (Витьба)",
              "ИК-3", "211300", "Витебский р-н, пос. Витьба", "ул. Центральная, 1"),
    _facility("ik-4", "penal_colony", "Penal colony No. 4 for women (Homiel)",
              "Папраўчая калонія № 4 (Гомель)", "Исправительная колония № 4 (Гомель)",
              "ИК-4", "246035", "г. Гомель", "ул. Антошкина, 3", women=True),
    _facility("ik-5", "penal_colony", "Penal colony No. 5 (Ivatsevichy)",
              "Папраўчая калонія № 5 (Івацэвічы)", "Исправительная колония № 5 (Ивацевичи)",
              "ИК-5", "225295", "г. Ивацевичи", "ул. Комсомольская, 1"),
    _facility("ik-9", "penal_colony", "Penal colony No. 9 (Horki)",
              "Папраўчая калонія № 9 (Горкі)", "Исправительная колония № 9 (Горки)",
              "ИК-9", "213410", "г. Горки", "ул. Якубовского, 4"),
    _facility("ik-10", "penal_colony", "Penal colony No. 10 (Navapolatsk)",
              "Папраўчая калонія № 10 (Наваполацк)", "Исправительная колония № 10 (Новополоцк)",
              "ИК-10", "211440", "г. Новополоцк", "ул. Техническая, 10"),
    _facility("ik-11", "penal_colony", "Penal colony No. 11 (Vaukavysk)",
              "Папраўчая калонія № 11 (Ваўкавыск)", "Исправительная колония № 11 (Волковыск)",
              "ИК-11", "231900", "г. Волковыск", "ул. Шоссейная, 6"),
    _facility("ik-13", "penal_colony", "Penal colony No. 13 (Hlybokaye)",
              "Папраўчая калонія № 13 (Глыбокае)", "Исправительная колония № 13 (Глубокое)",
              "ИК-13", "211800", "г. Глубокое", "ул. Ленина, 131"),
    _facility("ik-15", "penal_colony", "Penal colony No. 15 (Mahilioŭ)",
              "Папраўчая калонія № 15 (Магілёў)", "Исправительная колония № 15 (Могилёв)",
              "ИК-15", "212013", "г. Могилёв", "Славгородское шоссе, 183"),
    _facility("ik-17", "penal_colony", "Penal colony No. 17 (Shklou)",
              "Папраўчая калонія № 17 (Шклоў)", "Исправительная колония № 17 (Шклов)",
              "ИК-17", "213010", "г. Шклов", "ул. 1-я Заводская, 22"),
    _facility("ik-20", "penal_colony", "Penal colony No. 20 (Mazyr)",
              "Папраўчая калонія № 20 (Мазыр)", "Исправительная колония № 20 (Мозырь)",
              "ИК-20", "247760", "г. Мозырь", "ул. Пролетарская, 1"),
    _facility("ik-22", "penal_colony", "Penal colony No. 22 (Ivatsevichy)",
              "Папраўчая калонія № 22 (Івацэвічы)", "Исправительная колония № 22 (Ивацевичи)",
              "ИК-22\nВоўчыя норы", "225295", "Ивацевичский р-н, пос. Доманово",
              "ул. Лесная, 1"),
    _facility("ik-24", "penal_colony", "Penal colony No. 24 for women (Zarechcha)",
              "Папраўчая калонія № 24 (Зарэчча)", "Исправительная колония № 24 (Заречье)",
              "ИК-24", "247413", "Речицкий р-н, пос. Заречье", "ул. Рабочая, 2", women=True),
    _facility("prison-1", "prison", "Prison No. 1 (Hrodna)",
              "Турма № 1 (Гродна)", "Тюрьма № 1 (Гродно)", "Тюрьма-1",
              "230023", "г. Гродно", "ул. Кирова, 1"),
    _facility("prison-4", "prison", "Prison No. 4 (Mahilioŭ)",
              "Турма № 4 (Магілёў)", "Тюрьма № 4 (Могилёв)", "Тюрьма-4",
              "212011", "г. Могилёв", "ул. Крупской, 99а"),
    _facility("okrestina", "temporary", "Temporary detention centre on Akrestsina (Minsk)",
              "ЦІП на Акрэсціна (Мінск)", "ЦИП на Окрестина (Минск)", "Окрестина",
              "220089", "г. Минск", "ул. Окрестина, 36"),
)  # fmt: skip
FACILITY_BY_KEY = {facility.key: facility for facility in FACILITIES}
PRETRIAL_WEIGHTS = {
    "sizo-1": 35, "sizo-8": 15, "sizo-2": 8, "sizo-3": 9, "sizo-4": 8,
    "sizo-5": 8, "sizo-6": 7, "sizo-7": 10,
}  # fmt: skip
MEN_COLONIES = ("ik-1", "ik-2", "ik-3", "ik-5", "ik-9", "ik-10", "ik-11", "ik-13", "ik-15",
                "ik-17", "ik-20", "ik-22")  # fmt: skip
WOMEN_COLONIES = ("ik-4", "ik-24")
PRISONS = ("prison-1", "prison-4")

# (English, Belarusian locative, Russian locative)
CITIES: tuple[tuple[str, str, str], ...] = (
    ("Minsk", "у Мінску", "в Минске"), ("Homiel", "у Гомелі", "в Гомеле"),
    ("Mahiliou", "у Магілёве", "в Могилёве"), ("Vitsebsk", "у Віцебску", "в Витебске"),
    ("Hrodna", "у Гродне", "в Гродно"), ("Brest", "у Брэсце", "в Бресте"),
    ("Babruisk", "у Бабруйску", "в Бобруйске"), ("Baranavichy", "у Баранавічах", "в Барановичах"),
    ("Barysau", "у Барысаве", "в Борисове"), ("Pinsk", "у Пінску", "в Пинске"),
    ("Orsha", "у Оршы", "в Орше"), ("Mazyr", "у Мазыры", "в Мозыре"),
    ("Salihorsk", "у Салігорску", "в Солигорске"),
    ("Navapolatsk", "у Наваполацку", "в Новополоцке"),
    ("Lida", "у Лідзе", "в Лиде"), ("Maladziechna", "у Маладзечне", "в Молодечно"),
    ("Polatsk", "у Полацку", "в Полоцке"), ("Zhlobin", "у Жлобіне", "в Жлобине"),
    ("Svetlahorsk", "у Светлагорску", "в Светлогорске"), ("Rechytsa", "у Рэчыцы", "в Речице"),
)  # fmt: skip
CITY_WEIGHTS = (40, 7, 6, 6, 6, 6, 4, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1)
assert len(CITY_WEIGHTS) == len(CITIES)

COURTS = (
    "Суд Ленинского района г. Минска", "Суд Фрунзенского района г. Минска",
    "Суд Московского района г. Минска", "Суд Центрального района г. Минска",
    "Минский городской суд", "Гомельский областной суд", "Суд Центрального района г. Гомеля",
    "Могилёвский областной суд", "Витебский областной суд", "Гродненский областной суд",
    "Суд Ленинского района г. Бреста", "Брестский областной суд",
    "Суд Октябрьского района г. Витебска", "Минский областной суд",
)  # fmt: skip

# --- tags, occupations, articles -------------------------------------------------------------

# (slug, English, Belarusian, Russian)
TAGS: tuple[tuple[str, str, str, str], ...] = (
    ("journalists", "Journalists", "Журналісты", "Журналисты"),
    ("human-rights-defenders", "Human rights defenders", "Праваабаронцы", "Правозащитники"),
    ("students", "Students", "Студэнты", "Студенты"),
    ("musicians", "Musicians", "Музыкі", "Музыканты"),
    ("women", "Women", "Жанчыны", "Женщины"),
    ("teachers", "Teachers", "Настаўнікі", "Учителя"),
    ("medics", "Medical workers", "Медыкі", "Медики"),
    ("it-workers", "IT workers", "Айцішнікі", "Айтишники"),
    ("pensioners", "Pensioners", "Пенсіянеры", "Пенсионеры"),
    ("artists", "Artists", "Мастакі", "Художники"),
    ("athletes", "Athletes", "Спартсмены", "Спортсмены"),
    ("lawyers", "Lawyers", "Юрысты", "Юристы"),
    ("politicians", "Politicians", "Палітыкі", "Политики"),
    ("workers", "Workers", "Рабочыя", "Рабочие"),
    ("protests-2020", "2020 protests", "Пратэсты 2020", "Протесты 2020"),
)
TAG_BY_SLUG = {tag[0]: tag for tag in TAGS}

# (English, Belarusian m/f instrumental, Russian m/f instrumental, tag slug, weight)
OCCUPATIONS: tuple[tuple[str, str, str, str, str, str, int], ...] = (
    ("a factory worker", "рабочым", "рабочай", "рабочим", "рабочей", "workers", 20),
    ("an engineer", "інжынерам", "інжынеркай", "инженером", "инженером", "", 10),
    ("an entrepreneur", "прадпрымальнікам", "прадпрымальніцай", "предпринимателем",
     "предпринимательницей", "", 10),
    ("a software developer", "праграмістам", "праграмісткай", "программистом",
     "программисткой", "it-workers", 9),
    ("a driver", "кіроўцам", "кіроўцам", "водителем", "водителем", "", 7),
    ("a student", "студэнтам", "студэнткай", "студентом", "студенткой", "students", 7),
    ("a teacher", "настаўнікам", "настаўніцай", "учителем", "учительницей", "teachers", 5),
    ("a doctor", "лекарам", "лекаркай", "врачом", "врачом", "medics", 4),
    ("a pensioner", "пенсіянерам", "пенсіянеркай", "пенсионером", "пенсионеркой",
     "pensioners", 5),
    ("a journalist", "журналістам", "журналісткай", "журналистом", "журналисткой",
     "journalists", 3),
    ("a blogger", "блогерам", "блогеркай", "блогером", "блогером", "journalists", 2),
    ("a musician", "музыкам", "музыкантам", "музыкантом", "музыкантом", "musicians", 2),
    ("an artist", "мастаком", "мастачкай", "художником", "художницей", "artists", 2),
    ("a human rights defender", "праваабаронцам", "праваабаронцай", "правозащитником",
     "правозащитницей", "human-rights-defenders", 1),
    ("a lawyer", "юрыстам", "юрысткай", "юристом", "юристом", "lawyers", 1),
    ("an athlete", "спартсменам", "спартсменкай", "спортсменом", "спортсменкой",
     "athletes", 1),
    ("a local politician", "палітыкам", "палітыкам", "политиком", "политиком",
     "politicians", 1),
)  # fmt: skip

# The first article of a case, weighted as in political cases in Belarus.
ARTICLE_WEIGHTS: dict[str, int] = {
    "342": 30, "361-1": 18, "130": 10, "369": 10, "368": 9, "361-4": 8, "361": 4,
    "293": 3, "364": 3, "361-2": 3, "370": 2, "369-1": 2, "356": 1, "191": 1,
    "243": 1, "228": 1, "289": 1, "290-1": 1, "285": 1, "357": 1, "295": 1,
}  # fmt: skip
ARTICLE_NUMBERS = tuple(ARTICLE_WEIGHTS)
ARTICLE_WEIGHT_VALUES = tuple(ARTICLE_WEIGHTS.values())

# Sentence terms in months and their weights: most terms are 2 to 6 years.
TERMS = (12, 18, 24, 30, 36, 42, 48, 60, 72, 84, 96, 108, 120, 132, 144, 156, 168, 180)
TERM_WEIGHTS = (6, 8, 12, 10, 13, 8, 9, 8, 6, 4, 3, 3, 3, 2, 2, 1, 1, 1)
REGIMES = (("general", "общего"), ("reinforced", "усиленного"), ("strict", "строгого"))

JUDGE_INITIALS = "АБВГДЕИКЛМНОПРСТЮ"
# (reason, weight) for releases before the term ends; the last one only before a verdict.
EARLY_RELEASE_REASONS = (
    ("pardon", 60), ("deported", 12), ("amnesty", 10), ("other", 8), ("acquittal", 2),
)  # fmt: skip
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")  # fmt: skip


# --- plans --------------------------------------------------------------------------------------


@dataclass
class ProsecutionPlan:
    articles: tuple[str, ...]
    detained_on: date | None
    verdict_on: date | None = None
    appeal_on: date | None = None
    court: str = ""
    judge: str = ""
    counsel: str = ""
    decision: str = ""
    sentence_text: str = ""
    sentence_kind: str = ""
    term_months: int | None = None
    sentence_start: date | None = None
    expected_release: date | None = None


@dataclass
class EventPlan:
    kind: str
    on: date
    facility: str = ""  # a key of FACILITY_BY_KEY
    prosecution: int | None = None  # index into PersonPlan.prosecutions
    description: str = ""
    release_reason: str = ""
    declaration_url: str = ""
    source: int = 0  # index into SOURCES


@dataclass
class PersonPlan:
    """One fictional person, everything the registry and the CSV need, without a database."""

    number: int
    category: str
    gender: str
    name: str  # Belarusian "Surname Given"
    name_be: str
    name_ru: str
    name_lat: str
    birth_date: date | None
    birth_year: int
    biography_en: str = ""
    biography_be: str = ""
    biography_ru: str = ""
    tags: list[str] = field(default_factory=list)
    on_terrorist_list: bool = False
    relatives: str = ""
    notes: str = ""
    prosecutions: list[ProsecutionPlan] = field(default_factory=list)
    events: list[EventPlan] = field(default_factory=list)

    @property
    def source_id(self) -> str:
        # Never a bare number, so a real Viasna id can never match a demo person.
        return f"demo-{self.number}"

    @property
    def source_url(self) -> str:
        return f"{DEMO_URL}/people/{self.number}"

    def custody(self) -> custody.Custody:
        """The derived custody, with facility keys' positions (1-based) as facility ids."""
        return custody.derive_custody(
            custody.EventFact(e.kind, e.on, _facility_index(e.facility)) for e in self.events
        )


def _facility_index(key: str) -> int | None:
    return FACILITY_KEYS.index(key) + 1 if key else None


FACILITY_KEYS = [facility.key for facility in FACILITIES]

# (url, title, published_on)
SOURCES: tuple[tuple[str, str, date], ...] = (
    (f"{DEMO_URL}/reports/detentions-2020", "Detentions after the 2020 election (fictional)",
     date(2020, 12, 30)),
    (f"{DEMO_URL}/reports/trials-2021", "Political trials in 2021 (fictional)", date(2021, 12, 30)),
    (f"{DEMO_URL}/reports/colonies-2022", "Conditions in penal colonies (fictional)",
     date(2022, 10, 1)),
    (f"{DEMO_URL}/reports/releases-2024", "Pardons and releases 2024 (fictional)",
     date(2024, 12, 20)),
    (f"{DEMO_URL}/reports/monthly-2025", "Monthly monitoring 2025 (fictional)", date(2025, 12, 31)),
    (f"{DEMO_URL}/reports/monthly-2026", "Monthly monitoring 2026 (fictional)", date(2026, 10, 31)),
)  # fmt: skip


# --- dates --------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (the last day when the month is shorter)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        if day.day <= last:
            try:
                return date(year, month, day.day)
            except ValueError:
                continue
        try:
            return date(year, month, last)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def months_between(start: date, end: date) -> int:
    """Whole months from start to end (negative when end is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def _day_between(rng: random.Random, first: date, last: date) -> date:
    if last <= first:
        return first
    return first + timedelta(days=rng.randint(0, (last - first).days))


# Detention years for people still held and for people already released.
ACTIVE_YEARS = {2020: 15, 2021: 24, 2022: 15, 2023: 12, 2024: 13, 2025: 13, 2026: 8}
RELEASED_YEARS = {2020: 32, 2021: 30, 2022: 14, 2023: 10, 2024: 9, 2025: 5}


def _detention_date(rng: random.Random, years: dict[int, int]) -> date:
    year = rng.choices(tuple(years), weights=tuple(years.values()))[0]
    first = max(date(year, 1, 1), FIRST_DETENTION)
    last = min(date(year, 12, 31), LAST_DETENTION)
    return _day_between(rng, first, last)


# --- text ---------------------------------------------------------------------------------------


def _date_en(day: date) -> str:
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def _dmy(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def _plural_ru(count: int, one: str, few: str, many: str) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return one
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return few
    return many


def term_text(months: int) -> tuple[str, str, str]:
    """A term in English, Russian and Belarusian: "2 years 6 months", "2 года 6 месяцев"."""
    years, rest = divmod(months, 12)
    en, ru, be = [], [], []
    if years:
        en.append(f"{years} year{'s' if years != 1 else ''}")
        ru.append(f"{years} {_plural_ru(years, 'год', 'года', 'лет')}")
        be.append(f"{years} {_plural_ru(years, 'год', 'гады', 'гадоў')}")
    if rest:
        en.append(f"{rest} month{'s' if rest != 1 else ''}")
        ru.append(f"{rest} {_plural_ru(rest, 'месяц', 'месяца', 'месяцев')}")
        be.append(f"{rest} {_plural_ru(rest, 'месяц', 'месяцы', 'месяцаў')}")
    return " ".join(en), " ".join(ru), " ".join(be)


def _sentence(rng: random.Random, months: int, kind: str) -> tuple[str, str]:
    """The sentence as pronounced, in English or Russian, and the same in the other."""
    en_term, ru_term, _be_term = term_text(months)
    if kind == "prison":
        en = f"{en_term} of imprisonment, to be served in a prison"
        ru = f"{ru_term} лишения свободы с отбыванием в тюрьме"
    elif kind == "restricted_freedom":
        en = f"{en_term} of restricted freedom in an open correctional facility"
        ru = f"{ru_term} ограничения свободы с направлением в исправительное учреждение открытого типа"  # noqa: E501
    elif kind == "home_confinement":
        en = f"{en_term} of restricted freedom without referral (house arrest)"
        ru = f"{ru_term} ограничения свободы без направления (домашняя химия)"
    else:
        regime_en, regime_ru = rng.choices(REGIMES, weights=(55, 35, 10))[0]
        en = f"{en_term} in a {regime_en}-regime penal colony"
        ru = f"{ru_term} лишения свободы в исправительной колонии {regime_ru} режима"
    return en, ru


# --- one person ---------------------------------------------------------------------------------


class _PersonMaker:
    """Builds PersonPlans from one random stream; the order of draws is the data."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.male = [name for name in GIVEN_NAMES if name[0] == "male"]
        self.female = [name for name in GIVEN_NAMES if name[0] == "female"]
        self.pretrial = tuple(PRETRIAL_WEIGHTS)
        self.pretrial_weights = tuple(PRETRIAL_WEIGHTS.values())
        self.occupation_weights = tuple(o[-1] for o in OCCUPATIONS)

    def person(self, number: int, category: str) -> PersonPlan:
        rng = self.rng
        roll = rng.random()
        gender = "female" if roll < SHARE_FEMALE else "male" if roll < 0.99 else ""
        feminine = gender == "female"
        _g, given_be, given_ru, given_lat = rng.choice(self.female if feminine else self.male)
        surname = rng.choice(SURNAMES)
        surname_be, surname_ru, surname_lat = feminine_surname(*surname) if feminine else surname
        patronymic = rng.choice(PATRONYMICS) if rng.random() < 0.6 else None
        full_be = f"{surname_be} {given_be}"
        full_ru = f"{surname_ru} {given_ru}"
        if patronymic:
            full_be += " " + patronymic[1 if feminine else 0]
            full_ru += " " + patronymic[3 if feminine else 2]
        birth_year = rng.choices((rng.randint(1950, 1969), rng.randint(1970, 2006)), (25, 75))[0]
        birth_date = (
            _day_between(rng, date(birth_year, 1, 1), date(birth_year, 12, 31))
            if rng.random() < 0.85
            else None
        )
        plan = PersonPlan(
            number=number,
            category=category,
            gender=gender,
            name=f"{surname_be} {given_be}",
            name_be=full_be,
            name_ru=full_ru,
            name_lat=f"{given_lat} {surname_lat}",
            birth_date=birth_date,
            birth_year=birth_year,
        )
        occupation = rng.choices(OCCUPATIONS, weights=self.occupation_weights)[0]
        if birth_year >= 2001 and rng.random() < 0.6:
            occupation = OCCUPATIONS[5]  # a student
        elif birth_year <= 1962 and rng.random() < 0.6:
            occupation = OCCUPATIONS[8]  # a pensioner
        if occupation[5]:
            plan.tags.append(occupation[5])
        if feminine:
            plan.tags.append("women")
        self._history(plan)
        detained = plan.prosecutions[0].detained_on
        if (
            detained
            and detained.year == 2020
            and {"342", "293"} & set(plan.prosecutions[0].articles)
        ):
            plan.tags.append("protests-2020")
        plan.on_terrorist_list = rng.random() < (0.35 if category == ACTIVE else 0.12)
        city = rng.choices(CITIES, weights=CITY_WEIGHTS)[0]
        self._biography(plan, given_be, given_ru, given_lat, surname_lat, occupation, city)
        if rng.random() < 0.3:
            relative = rng.choice(self.female)
            plan.relatives = (
                f"Мать: {relative[2]} (fictional), {city[2].split(' ', 1)[1]}; writes every week"
            )
        plan.notes = "Fictional demo record." + (
            " Letters reported as not delivered since the transfer." if rng.random() < 0.1 else ""
        )
        return plan

    # The course of a case: detention, recognition, verdict, colony, release or death.
    def _history(self, plan: PersonPlan) -> None:
        rng = self.rng
        category = plan.category
        held_now = category in (ACTIVE, DIED_IN_CUSTODY) or (
            category == NOT_RECOGNISED and rng.random() < 0.5
        )
        detained = _detention_date(rng, ACTIVE_YEARS if held_now else RELEASED_YEARS)
        recognised = category != NOT_RECOGNISED
        pretrial = rng.choices(self.pretrial, weights=self.pretrial_weights)[0]
        case = ProsecutionPlan(articles=self._articles(), detained_on=detained)
        case.court = rng.choice(COURTS)
        case.judge = self._judge()
        case.counsel = self._judge() if rng.random() < 0.5 else ""
        plan.prosecutions.append(case)
        source = self._source_for(detained)
        events = plan.events
        events.append(EventPlan(custody.DETAINED, detained, pretrial, 0, "", source=source))
        if rng.random() < 0.5:
            charged = min(detained + timedelta(days=rng.randint(1, 10)), REFERENCE_DATE)
            events.append(EventPlan(custody.CHARGED, charged, "", 0, source=source))
        if recognised:
            on = min(detained + timedelta(days=rng.randint(5, 120)), REFERENCE_DATE)
            events.append(
                EventPlan(
                    custody.RECOGNISED, on, source=self._source_for(on),
                    declaration_url=f"{DEMO_URL}/declarations/{on.isoformat()}",
                )
            )  # fmt: skip

        non_custodial = not held_now and rng.random() < 0.1
        acquitted = not held_now and not non_custodial and rng.random() < 0.02
        verdict = detained + timedelta(days=rng.randint(90, 270))
        if verdict >= REFERENCE_DATE or acquitted:
            # Still on trial (or the case closed): no verdict yet.
            release_on = None
            if not held_now:
                release_on = min(
                    detained + timedelta(days=rng.randint(30, 200)),
                    REFERENCE_DATE - timedelta(days=1),
                )
                events.append(EventPlan(
                    custody.RELEASED, release_on, prosecution=0,
                    release_reason="acquittal", source=self._source_for(release_on),
                ))  # fmt: skip
            self._after(plan, held_now, release_on)
            return

        if non_custodial:
            term = rng.choice((12, 18, 24, 30, 36))
            kind = rng.choice(("restricted_freedom", "home_confinement"))
        else:
            term = rng.choices(TERMS, weights=TERM_WEIGHTS)[0]
            kind = "prison" if term >= 96 and rng.random() < 0.25 else "colony"
        appeal = verdict + timedelta(days=rng.randint(30, 90))
        if rng.random() < 0.8 and appeal < REFERENCE_DATE:
            case.appeal_on = appeal
            case.decision = rng.choice((
                "Приговор оставлен без изменения", "Апелляционная жалоба отклонена",
                "The appeal was rejected",
            ))  # fmt: skip
        transfer_on = (case.appeal_on or verdict) + timedelta(days=rng.randint(10, 60))
        needed = months_between(detained, REFERENCE_DATE) + 1
        extension = 0
        if held_now and term < needed:
            # Held longer than the first term: a second case under article 411
            # ("disobeying the colony's administration") for some, a longer term for others.
            first_end = add_months(detained, term)
            if (
                needed - term <= 24
                and transfer_on + timedelta(days=31) < first_end
                and rng.random() < 0.4
            ):
                extension = max(needed - term, 6) + rng.randint(0, 12)
            else:
                term = rng.randint(needed, min(max(needed + 24, 36), 300))
        case.verdict_on = verdict
        case.term_months = term
        case.sentence_kind = kind
        case.sentence_start = detained
        case.expected_release = add_months(detained, term)
        en, ru = _sentence(rng, term, kind)
        case.sentence_text = en if rng.random() < 0.5 else ru
        events.append(EventPlan(
            custody.SENTENCED, verdict, pretrial, 0, source=self._source_for(verdict),
        ))  # fmt: skip

        if non_custodial:
            events.append(EventPlan(
                custody.RELEASED, verdict, prosecution=0, release_reason="non_custodial",
                source=self._source_for(verdict),
            ))  # fmt: skip
            self._after(plan, False, verdict)
            return

        colonies = WOMEN_COLONIES if plan.gender == "female" else MEN_COLONIES
        colony = rng.choice(PRISONS) if kind == "prison" else rng.choice(colonies)
        release_on: date | None = None
        release_reason = ""
        if not held_now:
            last_day = REFERENCE_DATE - timedelta(days=1)
            expected = case.expected_release
            if expected <= last_day and rng.random() < 0.7:
                release_on, release_reason = expected, "sentence_served"
            else:
                first = verdict + timedelta(days=1)
                release_on = _day_between(rng, first, min(expected, last_day))
                release_reason = (
                    "sentence_served"
                    if release_on == expected
                    else rng.choices(
                        [r for r, _w in EARLY_RELEASE_REASONS[:-1]],
                        weights=[w for _r, w in EARLY_RELEASE_REASONS[:-1]],
                    )[0]
                )
        inside_until = release_on or REFERENCE_DATE
        if transfer_on < inside_until:
            events.append(EventPlan(
                custody.TRANSFERRED, transfer_on, colony, 0,
                source=self._source_for(transfer_on),
            ))  # fmt: skip
            held_at = colony
            self._hardships(plan, colony, transfer_on, inside_until)
            if extension:
                second_verdict = _day_between(
                    rng,
                    transfer_on + timedelta(days=30),
                    max(case.expected_release - timedelta(days=1), transfer_on),
                )
                second = ProsecutionPlan(
                    articles=("411",), detained_on=None, verdict_on=second_verdict,
                    court=rng.choice(COURTS), judge=self._judge(),
                    sentence_kind=kind, term_months=extension,
                    sentence_start=case.expected_release,
                    expected_release=add_months(case.expected_release, extension),
                )  # fmt: skip
                second.sentence_text = _sentence(rng, extension, kind)[rng.random() < 0.5]
                plan.prosecutions.append(second)
                events.append(EventPlan(
                    custody.SENTENCED, second_verdict, held_at, 1,
                    source=self._source_for(second_verdict),
                ))  # fmt: skip
        if release_on:
            events.append(EventPlan(
                custody.RELEASED, release_on, prosecution=0, release_reason=release_reason,
                source=self._source_for(release_on),
            ))  # fmt: skip
        self._after(plan, held_now, release_on)

    def _hardships(self, plan: PersonPlan, colony: str, start: date, end: date) -> None:
        """Punishment cells, incommunicado, ill-treatment, denied care while held."""
        rng = self.rng
        if (end - start).days < 20:
            return
        last = end - timedelta(days=1)
        if rng.random() < 0.18:
            for _ in range(rng.choice((1, 1, 2, 3))):
                on = _day_between(rng, start + timedelta(days=1), last)
                plan.events.append(EventPlan(
                    custody.PUNISHMENT_CELL, on, colony, description=rng.choice((
                        "Placed in a punishment cell for 10 days.",
                        "Водворён в ШИЗО на 10 суток.",
                        "Placed in a punishment cell for 15 days.",
                    )), source=self._source_for(on),
                ))  # fmt: skip
        if rng.random() < 0.05:
            on = _day_between(rng, start + timedelta(days=1), last)
            plan.events.append(EventPlan(
                custody.INCOMMUNICADO, on, description="No letters or visits for months.",
                source=self._source_for(on),
            ))  # fmt: skip
            if rng.random() < 0.4:
                restored = _day_between(rng, on + timedelta(days=1), last)
                if restored > on:
                    plan.events.append(EventPlan(
                        custody.CONTACT_RESTORED, restored, source=self._source_for(restored),
                    ))  # fmt: skip
        if rng.random() < 0.06:
            on = _day_between(rng, start + timedelta(days=1), last)
            plan.events.append(EventPlan(
                custody.ILL_TREATMENT, on, description="Relatives report pressure from staff.",
                source=self._source_for(on),
            ))  # fmt: skip
        if rng.random() < 0.05:
            on = _day_between(rng, start + timedelta(days=1), last)
            plan.events.append(EventPlan(
                custody.MEDICAL_CARE_DENIED, on,
                description="Denied treatment for a chronic illness.",
                source=self._source_for(on),
            ))  # fmt: skip

    def _after(self, plan: PersonPlan, held_now: bool, release_on: date | None) -> None:
        """Death in custody or after release, for the people of those categories."""
        rng = self.rng
        last_day = REFERENCE_DATE - timedelta(days=1)
        if plan.category == DIED_IN_CUSTODY:
            latest = max(event.on for event in plan.events)
            on = _day_between(rng, latest, last_day)
            plan.events.append(EventPlan(
                custody.DIED_IN_CUSTODY, on, description="Died in custody.",
                source=self._source_for(on),
            ))  # fmt: skip
        elif plan.category == DIED_AFTER_RELEASE and release_on:
            on = _day_between(rng, release_on + timedelta(days=30), last_day)
            on = min(on, last_day)
            plan.events.append(EventPlan(custody.DIED, on, source=self._source_for(on)))

    def _articles(self) -> tuple[str, ...]:
        rng = self.rng
        count = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
        numbers = rng.choices(ARTICLE_NUMBERS, weights=ARTICLE_WEIGHT_VALUES, k=count)
        return tuple(dict.fromkeys(numbers))

    def _judge(self) -> str:
        rng = self.rng
        surname = rng.choice(SURNAMES)[1]
        return f"{surname} {rng.choice(JUDGE_INITIALS)}. {rng.choice(JUDGE_INITIALS)}."

    @staticmethod
    def _source_for(on: date) -> int:
        return min(max(on.year - 2020, 0), len(SOURCES) - 1)

    def _biography(self, plan, given_be, given_ru, given_lat, surname_lat, occupation, city):
        rng = self.rng
        female = plan.gender == "female"
        en_p, be_p, ru_p = ("She", "Яна", "Она") if female else ("He", "Ён", "Он")
        case = plan.prosecutions[0]
        articles = ", ".join(case.articles)
        plural = len(case.articles) > 1
        en = [f"{given_lat} {surname_lat} was born in {plan.birth_year} in {city[0]}."]
        be = [
            f"{given_be} {'нарадзілася' if female else 'нарадзіўся'} у {plan.birth_year} годзе "
            f"{city[1]}."
        ]
        ru = [f"{given_ru} {'родилась' if female else 'родился'} в {plan.birth_year} году "
              f"{city[2]}."]  # fmt: skip
        en.append(f"{en_p} was {occupation[0]}.")
        be.append(f"{be_p} {'была' if female else 'быў'} {occupation[2 if female else 1]}.")
        ru.append(f"{ru_p} {'была' if female else 'был'} {occupation[4 if female else 3]}.")
        if case.detained_on:
            day = case.detained_on
            en.append(
                f"{en_p} was detained on {_date_en(day)} and charged under "
                f"Article{'s' if plural else ''} {articles} of the Criminal Code."
            )
            be.append(
                f"{be_p} {'была затрыманая' if female else 'быў затрыманы'} {_dmy(day)} "
                f"паводле {'артыкулаў' if plural else 'артыкула'} {articles} "
                "Крымінальнага кодэкса."
            )
            ru.append(
                f"{ru_p} {'была задержана' if female else 'был задержан'} {_dmy(day)} "
                f"по {'статьям' if plural else 'статье'} {articles} Уголовного кодекса."
            )
        if case.term_months and case.verdict_on:
            en_term, ru_term, be_term = term_text(case.term_months)
            year = case.verdict_on.year
            en.append(f"In {year} the court handed down a sentence of {en_term}.")
            be.append(f"Прысуд ({year}): {be_term}.")
            ru.append(f"Приговор ({year}): {ru_term}.")
        extra = rng.random()
        if extra < 0.3:
            children = rng.randint(1, 3)
            en.append(f"{en_p} has {children} child{'ren' if children > 1 else ''}.")
            be.append(f"{be_p} мае {children} {_plural_ru(children, 'дзіця', 'дзяцей', 'дзяцей')}.")
            ru.append(f"У {'неё' if female else 'него'} {children} "
                      f"{_plural_ru(children, 'ребёнок', 'ребёнка', 'детей')}.")  # fmt: skip
        elif extra < 0.5:
            en.append(f"{en_p} likes books and answers every letter.")
            be.append(f"{be_p} любіць кнігі і адказвае на кожны ліст.")
            ru.append(f"{ru_p} любит книги и отвечает на каждое письмо.")
        plan.biography_en = " ".join(en)
        plan.biography_be = " ".join(be)
        plan.biography_ru = " ".join(ru)


def categories(people: int) -> list[str]:
    """How many people of each category (in a fixed order) for `people` in total."""
    died_in_custody = round(people * SHARE_DIED_IN_CUSTODY)
    died_after = round(people * SHARE_DIED_AFTER_RELEASE)
    not_recognised = round(people * SHARE_NOT_RECOGNISED)
    active = round(people * SHARE_BEHIND_BARS)
    released = people - active - died_in_custody - died_after - not_recognised
    if released < 0:
        active += released
        released = 0
    return (
        [ACTIVE] * active + [RELEASED] * released + [DIED_IN_CUSTODY] * died_in_custody
        + [DIED_AFTER_RELEASE] * died_after + [NOT_RECOGNISED] * not_recognised
    )  # fmt: skip


def plan_people(*, people: int = DEFAULT_PEOPLE, seed: int = 1) -> Iterator[PersonPlan]:
    """Yield `people` fictional people; the same seed always yields the same people."""
    rng = random.Random(seed)
    kinds = categories(people)
    rng.shuffle(kinds)
    maker = _PersonMaker(rng)
    for number, category in enumerate(kinds, start=1):
        yield maker.person(number, category)


def _chunks(plans: Iterable[PersonPlan], size: int) -> Iterator[list[PersonPlan]]:
    chunk: list[PersonPlan] = []
    for plan in plans:
        chunk.append(plan)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- the Viasna CSV -------------------------------------------------------------------------

VIASNA_COLUMNS = (
    "id", "url", "name", "status", "gender", "photo", "description", "birthday", "arrested",
    "articles", "prison", "declaration", "decision", "penalty", "judge", "councel",
    "penalty_start_date", "release_date", "verdict_date", "appeal_date", "fake_terrorist_list",
    "died", "clusters",
)  # fmt: skip

_ARTICLE_FORMS = (
    "ч. {part} ст. {number} УК", "Art. {number}", "part {part} of Art. {number}",
    "арт. {number} КК", "Art. {number} of the Criminal Code", "ст. {number} УК РБ",
    "{number}",
)  # fmt: skip
_RELEASED_WORDS = ("released", "освобожден", "вызвалены", "")


def viasna_row(plan: PersonPlan, rng: random.Random) -> list[str]:
    """One person as a row of Viasna's export, written the varied ways real exports are."""
    derived = plan.custody()
    recognised = derived.recognised
    status = (
        "np" if not recognised else "active" if derived.state == custody.IN_CUSTODY else "former"
    )
    articles = [number for case in plan.prosecutions for number in case.articles]
    article_cell = "\n".join(
        rng.choice(_ARTICLE_FORMS).format(number=number, part=rng.randint(1, 3))
        for number in articles
    )
    if derived.state in (custody.IN_CUSTODY, custody.DIED_IN_CUSTODY_STATE) and derived.facility_id:
        facility = FACILITIES[derived.facility_id - 1]
        name = facility.name_ru if rng.random() < 0.7 else facility.name_en
        prison = f"{name}\n{', '.join(facility.address_lines)}"
    else:
        prison = rng.choice(_RELEASED_WORDS)
    last_case = plan.prosecutions[-1]
    first_case = plan.prosecutions[0]
    release = next((e.on for e in plan.events if e.kind == custody.RELEASED), None)
    if derived.state == custody.IN_CUSTODY:
        release = last_case.expected_release
    died = next(
        (e.on for e in plan.events if e.kind in (custody.DIED, custody.DIED_IN_CUSTODY)), None
    )
    declaration = next((e.declaration_url for e in plan.events if e.declaration_url), "")
    gender = (
        plan.gender if rng.random() < 0.9 else {"male": "м", "female": "ж"}.get(plan.gender, "")
    )
    return [
        plan.source_id,
        plan.source_url,
        plan.name_be,
        status,
        gender,
        "",
        plan.biography_ru,
        _dmy(plan.birth_date) if plan.birth_date else str(plan.birth_year),
        _dmy(first_case.detained_on) if first_case.detained_on else "",
        article_cell,
        prison,
        declaration,
        first_case.decision,
        "\n".join(case.sentence_text for case in plan.prosecutions if case.sentence_text),
        first_case.judge,
        first_case.counsel,
        _dmy(first_case.sentence_start) if first_case.sentence_start else "",
        _dmy(release) if release else "",
        _dmy(first_case.verdict_on) if first_case.verdict_on else "",
        _dmy(first_case.appeal_on) if first_case.appeal_on else "",
        "yes" if plan.on_terrorist_list else "no",
        _dmy(died) if died else "",
        "; ".join(TAG_BY_SLUG[slug][3] for slug in plan.tags),
    ]


def write_viasna_csv(plans: Iterable[PersonPlan], out: TextIO, *, seed: int = 1) -> int:
    """Write the people as a Viasna-format CSV (UTF-8, comma, quoted multi-line cells);
    returns the number of rows. `out` must be opened with newline=""."""
    writer = csv.writer(out)
    writer.writerow(VIASNA_COLUMNS)
    # A stream of its own, so the CSV's varied spellings do not shift the people.
    rng = random.Random(f"viasna-csv-{seed}")
    rows = 0
    for plan in plans:
        writer.writerow(viasna_row(plan, rng))
        rows += 1
    return rows


# --- the database ---------------------------------------------------------------------------


EVENT_FIELDS = [
    "person", "kind", "date", "facility", "prosecution", "description", "release_reason",
    "declaration_url", "source", "notes", "import_key",
]  # fmt: skip


def _insert_rows(model, fields: list[str], rows: list[tuple], batch_size: int = 1000) -> None:
    """Insert plain value tuples into the table of `model`.

    Used for the append-only tables with the most rows (names, events and the two
    many-to-many tables): bulk_create spends most of its time compiling every value
    into SQL, which for 100,000 people doubles the load time. SQLite is fastest with
    executemany, PostgreSQL with COPY, other databases get multi-row VALUES.
    Dates must already be adapted with ``connection.ops.adapt_datefield_value``;
    no field defaults are applied.
    """
    from django.db import connection

    meta = model._meta
    columns = ", ".join(connection.ops.quote_name(meta.get_field(f).column) for f in fields)
    table = connection.ops.quote_name(meta.db_table)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            sql = f"INSERT INTO {table} ({columns}) VALUES {row_sql}"
            cursor.executemany(sql, rows)
            return
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            values = ", ".join([row_sql] * len(batch))
            params = [value for row in batch for value in row]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", params)


class RegistryNotEmpty(Exception):
    """The demo only fills an empty registry."""


def registry_is_empty() -> bool:
    """Whether the registry holds no people, facilities, events or sources yet."""
    from vestka.registry.models import Event, Facility, Person, Source

    return not any(model.objects.exists() for model in (Person, Facility, Event, Source))


@dataclass
class LoadResult:
    people: int = 0
    names: int = 0
    prosecutions: int = 0
    events: int = 0
    facilities: int = 0
    csv_rows: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def demo_load(
    *,
    people: int = DEFAULT_PEOPLE,
    seed: int = 1,
    csv_out: TextIO | None = None,
    chunk_size: int = 2000,
) -> LoadResult:
    """Fill an empty registry with `people` fictional people in one transaction.

    Raises RegistryNotEmpty when any person, facility, event or source exists.
    With `csv_out`, the same people are also written there as a Viasna CSV.
    """
    from django.db import connection, transaction

    from vestka.registry import services
    from vestka.registry.models import (
        Article,
        Event,
        Facility,
        Person,
        PersonName,
        Prosecution,
        Source,
        Tag,
    )

    result = LoadResult()
    with transaction.atomic():
        if not registry_is_empty():
            raise RegistryNotEmpty(
                "the registry already holds data; the demo only fills an empty database"
            )
        article_pk = dict(Article.objects.filter(country_id="BY").values_list("number", "pk"))
        facilities = [
            Facility(
                country_id="BY", kind=f.kind, name_en=f.name_en, name_be=f.name_be,
                name_ru=f.name_ru, aliases=f.aliases, address=f.address,
                postal_code=f.postal_code,
                region=services.region_for_postal_code(
                    country_code="BY", postal_code=f.postal_code
                ),
                address_verified=False,
                notes="Demo facility: the address is not checked against a source.",
            )
            for f in FACILITIES
        ]  # fmt: skip
        Facility.objects.bulk_create(facilities)
        result.facilities = len(facilities)
        facility_pk = {f.key: obj.pk for f, obj in zip(FACILITIES, facilities, strict=True)}
        facility_pk_by_index = {i + 1: obj.pk for i, obj in enumerate(facilities)}
        sources = [
            Source(url=url, publisher=DEMO_PUBLISHER, title=title, published_on=on)
            for url, title, on in SOURCES
        ]
        Source.objects.bulk_create(sources)
        tag_pk = {}
        for slug, en, be, ru in TAGS:
            tag, _created = Tag.objects.get_or_create(
                slug=slug, defaults={"name_en": en, "name_be": be, "name_ru": ru}
            )
            tag_pk[slug] = tag.pk

        source_pk = [source.pk for source in sources]
        adapt_date = connection.ops.adapt_datefield_value
        person_tag = Person.tags.through
        case_article = Prosecution.articles.through
        csv_rng = random.Random(f"viasna-csv-{seed}")
        writer = None
        if csv_out is not None:
            writer = csv.writer(csv_out)
            writer.writerow(VIASNA_COLUMNS)

        for chunk in _chunks(plan_people(people=people, seed=seed), chunk_size):
            rows = []
            for plan in chunk:
                derived = plan.custody()
                rows.append(Person(
                    country_id="BY", name=plan.name, source_id=plan.source_id,
                    source_url=plan.source_url, gender=plan.gender,
                    birth_date=plan.birth_date, birth_year=plan.birth_year,
                    biography_en=plan.biography_en, biography_be=plan.biography_be,
                    biography_ru=plan.biography_ru, on_terrorist_list=plan.on_terrorist_list,
                    relatives=plan.relatives, notes=plan.notes, is_demo=True,
                    custody=derived.state, recognised=derived.recognised,
                    incommunicado=derived.incommunicado,
                    facility_id=facility_pk_by_index.get(derived.facility_id),
                    custody_since=derived.since, custody_until=derived.until,
                    created_at=REFERENCE_TIME,
                ))  # fmt: skip
                if writer is not None:
                    writer.writerow(viasna_row(plan, csv_rng))
                    result.csv_rows += 1
            Person.objects.bulk_create(rows)
            names, cases, tags = [], [], []
            for plan, person in zip(chunk, rows, strict=True):
                pk = person.pk
                names.append((pk, "be", plan.name_be))
                names.append((pk, "ru", plan.name_ru))
                names.append((pk, "lat", plan.name_lat))
                for case in plan.prosecutions:
                    cases.append(Prosecution(
                        person_id=pk, detained_on=case.detained_on,
                        verdict_on=case.verdict_on, appeal_on=case.appeal_on,
                        court=case.court, judge=case.judge, counsel=case.counsel,
                        decision=case.decision, sentence_text=case.sentence_text,
                        sentence_kind=case.sentence_kind, term_months=case.term_months,
                        sentence_start=case.sentence_start,
                        expected_release=case.expected_release,
                    ))  # fmt: skip
                tags.extend((pk, tag_pk[slug]) for slug in plan.tags)
            Prosecution.objects.bulk_create(cases)
            _insert_rows(PersonName, ["person", "form", "text"], names)
            _insert_rows(person_tag, ["person", "tag"], tags)
            links, events = [], []
            case_iter = iter(cases)
            for plan, person in zip(chunk, rows, strict=True):
                case_pks = []
                for case in plan.prosecutions:
                    case_pk = next(case_iter).pk
                    case_pks.append(case_pk)
                    links.extend((case_pk, article_pk[n]) for n in case.articles)
                for event in plan.events:
                    events.append((
                        person.pk, event.kind, adapt_date(event.on),
                        facility_pk[event.facility] if event.facility else None,
                        case_pks[event.prosecution] if event.prosecution is not None else None,
                        event.description, event.release_reason, event.declaration_url,
                        source_pk[event.source], "", "",
                    ))  # fmt: skip
            _insert_rows(case_article, ["prosecution", "article"], links)
            _insert_rows(Event, EVENT_FIELDS, events)
            result.people += len(rows)
            result.names += len(names)
            result.prosecutions += len(cases)
            result.events += len(events)
            for person in rows:
                result.counts[person.custody] = result.counts.get(person.custody, 0) + 1
        # bulk_create stamps auto_now fields with the clock; the demo is dated by its seed.
        Person.objects.filter(is_demo=True).update(updated_at=REFERENCE_TIME)
    return result
