"""The data the demo draws from: names, facilities, courts, tags, article weights and the
shares of each fate. Tables, not code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

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
