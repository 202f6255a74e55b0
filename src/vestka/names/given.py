"""Given names that are one name in several languages, with their common diminutives.

Spelling rules cannot tell that Алесь is Александр, Зміцер is Дмитрий or Янка is Иван:
these are national equivalents and pet forms, listed here. Each group is written in
Cyrillic (Belarusian, Russian, Ukrainian, pet forms) and, where the Latin form is not just
a transliteration, in Latin (Polish, English). Spellings of the same form in other
scripts are found by the spelling rules, so they are not repeated.
"""

from __future__ import annotations

from functools import lru_cache

from vestka.names.spelling import word_keys, word_vowel_keys

# The first word names the group (in the ASCII spelling of the Russian form).
GROUPS: dict[str, str] = {
    "aleksandr": "Александр Аляксандр Алесь Алексань Олександр Саша Сашка Шура Санька Саня "
    "Alexander Aleksander Alexandre Sasza Sasha Olek Ales",
    "aleksandra": "Александра Аляксандра Алеся Олександра Саша Шура Alexandra Aleksandra",
    "aleksei": "Алексей Аляксей Олексій Алёша Лёша Алеша Леша Alexei Alexey Aleksiej Alaksiej",
    "anastasia": "Анастасия Анастасія Настасся Наста Настя Стася Nastassia Anastazja Nastia",
    "anatoli": "Анатолий Анатоль Анатолій Толя Толик Anatol Anatoliusz",
    "andrei": "Андрей Андрэй Андрій Андрусь Андрюша Андрейка Andrzej Andrew Andriy Jędrzej",
    "anna": "Анна Ганна Аня Ганя Hanna Ania Anya Anne",
    "anton": "Антон Антось Антоша Antoni Antony Anthony",
    "artiom": "Артём Арцём Артем Артемий Артемій Artsiom Artyom Artem",
    "afanasi": "Афанасий Апанас Опанас Панас Atanazy",
    "boris": "Борис Барыс Борыс Боря Borys",
    "vadim": "Вадим Вадзім Вадім Вадик Wadim Wadzim",
    "valentin": "Валентин Валянцін Валентін Валя Walenty Valentine",
    "valentina": "Валентина Валянціна Валя Walentyna",
    "valeri": "Валерий Валерый Валерій Валера Walery",
    "vasili": "Василий Васіль Василь Вася Wasyl Wasilij Basil",
    "veronika": "Вероника Вераніка Вероніка Ника Weronika Veronica",
    "viktor": "Виктор Віктар Віктор Витя Wiktor Victor",
    "vitali": "Виталий Віталь Віталій Виталик Witalij Vital",
    "vladimir": "Владимир Уладзімір Уладзімер Володимир Вова Володя Валодзя Улад Włodzimierz "
    "Uladzimir Ulad Wolodymyr Vova Volodya Vladimer Uladzimier",
    "vladislav": "Владислав Уладзіслаў Владислав Влад Владик Улад Władysław Uladzislau",
    "viacheslav": "Вячеслав Вячаслаў Вʼячеслав Слава Wiaczesław Viachaslau",
    "galina": "Галина Галіна Галя Halina",
    "georgi": "Георгий Георгій Егор Ягор Жора Jerzy George Gieorgij Heorhi",
    "grigori": "Григорий Рыгор Григорій Гриша Грыша Hryhor Grzegorz Gregory Ryhor",
    "daria": "Дарья Дар'я Дарʼя Даря Даша Darya Daria Daryja Dasha",
    "denis": "Денис Дзяніс Деніс Денис Дениска Dzianis Dionizy Dennis",
    "dmitri": "Дмитрий Дзмітрый Зміцер Змитер Дмитро Дима Дзіма Міця Zmicier Zmitser Zmitsier "
    "Dzmitry Dymitr Dmitrij",
    "evgeni": "Евгений Яўген Євген Женя Eugeniusz Eugene Yauhen Jauhien Zhenya",
    "evgenia": "Евгения Яўгенія Євгенія Женя Eugenia Jauhienija",
    "ekaterina": "Екатерина Кацярына Катерина Катя Каця Катерина Katarzyna Katherine Catherine "
    "Katsiaryna Kasia",
    "elena": "Елена Алена Алёна Олена Лена Helena Helen Alena Alona",
    "zinaida": "Зинаида Зінаіда Зина Зіна Zinaida",
    "ivan": "Иван Іван Ян Янка Янук Ваня Ванюша Jan Iwan John Janka",
    "igor": "Игорь Ігар Ігор Igor Ihar Ihor",
    "ilia": "Илья Ілья Ілля Ilja Ilya Eliasz",
    "iosif": "Иосиф Язэп Юзаф Йосип Осип Józef Joseph Jozef Yazep",
    "irina": "Ирина Ірына Ірина Ира Іра Irena Iryna",
    "kirill": "Кирилл Кірыл Кирило Кирила Кірыла Cyryl Kiryl",
    "konstantin": "Константин Канстанцін Костянтин Кастусь Костя Kastuś Konstanty Kanstantsin",
    "ksenia": "Ксения Ксенія Ксеня Ксюша Аксинья Xenia Ksenia Kseniya",
    "leonid": "Леонид Леанід Леонід Лёня Лявон Leonidas",
    "liudmila": "Людмила Людміла Люда Ludmiła Lyudmila",
    "maksim": "Максим Максім Макс Maksym Maxim Max",
    "maria": "Мария Марыя Марія Маша Марыля Маруся Maryja Marya Mary Mariia",
    "marina": "Марина Марына Маріна Марина Maryna",
    "mikhail": "Михаил Міхаіл Міхась Михайло Миша Michał Michael Mikhas Mikhal",
    "nikita": "Никита Мікіта Мікита Nikita Mikita",
    "nikolai": "Николай Мікалай Мікола Микола Коля Миколай Mikołaj Nicholas Nikolaus Mikalai",
    "natalia": "Наталья Наталля Наталія Наталия Наташа Natalia Natalya Nataliya",
    "nina": "Нина Ніна Nina",
    "oleg": "Олег Алег Олег Aleh Oleh",
    "olga": "Ольга Вольга Ольга Оля Воля Olga Volha Olha",
    "pavel": "Павел Павал Павло Паўлюк Паша Paweł Paul Paval Pavlo",
    "piotr": "Пётр Петр Пятро Петро Пятрусь Петя Piotr Peter Pyotr Petr",
    "roman": "Роман Раман Рома Roman Raman",
    "svetlana": "Светлана Святлана Світлана Света Sviatlana Swietłana",
    "semion": "Семён Сымон Семен Семен Szymon Simon",
    "sergei": "Сергей Сяргей Сергій Серёжа Сережа Сярожа Sergiusz Siergiej Serhiy",
    "stanislav": "Станислав Станіслаў Станіслав Стась Стасік Slava Stanisław",
    "stepan": "Степан Сцяпан Степан Стёпа Szczepan Stephen Steven",
    "tatiana": "Татьяна Таццяна Тетяна Таня Tatsiana Tacciana Tatiana Tetiana",
    "fiodor": "Фёдор Тодар Хведар Хвёдар Федя Федор Teodor Theodore Fyodor",
    "frants": "Франц Францішак Франтішак Franciszek Francis",
    "iuri": "Юрий Юрый Юрій Юрась Юра Jerzy George Jury Yuri Yury Jurij",
    "iulia": "Юлия Юлія Юля Julia Yulia Yuliya",
    "iakov": "Яков Якаў Яків Якуб Jakub Jacob Jakov",
    "eduard": "Эдуард Эдуард Эдик Edward Eduard",
    "evelina": "Эвеліна Эвелина Ewelina Evelina",
    "emilia": "Эмилия Эмілія Эмма Emilia",
    "alina": "Алина Аліна Alina",
    "lidia": "Лидия Лідзія Лідія Лида Lidia",
    "tamara": "Тамара Tamara",
    "polina": "Полина Паліна Поліна Поля Palina Paulina Pauline",
    "kristina": "Кристина Крысціна Христина Krystyna Christina",
    "iaroslav": "Ярослав Яраслаў Ярослав Ярик Ярык Ярэк Jarosław Yaroslav Jaroslav",
    "tikhon": "Тихон Ціхан Тихін Tichon Tsikhan",
    "timofei": "Тимофей Цімафей Тимофій Тима Цімох Tymoteusz Timothy",
    "daniil": "Даниил Данііл Данило Даніла Даниила Данила Даня Daniel Daniił Danila",
    "matvei": "Матвей Мацвей Матвій Мацей Maciej Matthew Mattvei",
    "lev": "Лев Леў Лева Лёва Lew Leo",
    "gleb": "Глеб Глеб Гліб Hleb Gleb",
    "ruslan": "Руслан Руслан Ruslan",
    "rostislav": "Ростислав Расціслаў Ростислав Ростик Rościsław",
    "sviatoslav": "Святослав Святаслаў Святослав Swiatosław",
    "radzim": "Родион Радзім Родіон Радион Rodion Radzim",
    "arseni": "Арсений Арсень Арсеній Арсен Arseniusz",
    "egor": "Егор Ягор Єгор Yahor Jahor Egor",
    "nadezhda": "Надежда Надзея Надія Надя Nadzieja",
    "vera": "Вера Вера Віра Wiera Vera",
    "liubov": "Любовь Любоў Любов Люба Luba Lubow",
    "oksana": "Оксана Аксана Оксана Ксана Oksana Aksana",
    "olesia": "Олеся Алеся Олесь Olesia Alesia",
    "elizaveta": "Елизавета Лізавета Єлизавета Лиза Ліза Elżbieta Elizabeth",
    "sofia": "Софья Соф'я Софія Соня Зося Zofia Sophia",
    "varvara": "Варвара Барбара Варя Barbara",
    "antonina": "Антонина Антаніна Антоніна Тоня Antonina",
    "raisa": "Раиса Раіса Раїса Рая Rajsa",
    "margarita": "Маргарита Маргарыта Маргарита Рита Рыта Małgorzata Margaret",
    "ianina": "Янина Яніна Яніна Janina",
    "lilia": "Лилия Лілія Лілія Лиля Ліля Lilia",
    "larisa": "Лариса Ларыса Лариса Лара Larysa",
    "inna": "Инна Іна Інна Inna",
    "zhanna": "Жанна Жанна Żanna Jeanne",
    "diana": "Диана Дыяна Діана Diana",
}


@lru_cache(maxsize=1)
def _groups_by_key() -> dict[str, frozenset[str]]:
    by_key: dict[str, set[str]] = {}
    for group, variants in GROUPS.items():
        for variant in variants.split():
            for variant_key in word_vowel_keys(variant.lower()):
                by_key.setdefault(variant_key, set()).add(group)
    return {k: frozenset(v) for k, v in by_key.items()}


@lru_cache(maxsize=1)
def _initials() -> dict[str, frozenset[str]]:
    initials: dict[str, set[str]] = {}
    for group, variants in GROUPS.items():
        for variant in variants.split():
            initials.setdefault(group, set()).update(k[0] for k in word_keys(variant.lower()))
    return {group: frozenset(letters) for group, letters in initials.items()}


def given_name_groups(word: str) -> frozenset[str]:
    """The given-name groups a lower-case word belongs to; empty for other words.

    Groups are found by the finer key that keeps vowels apart, so that a pet form
    (Оля) does not take in a different name that folds to the same key (Алла)."""
    by_key = _groups_by_key()
    return frozenset().union(*(by_key.get(k, frozenset()) for k in word_vowel_keys(word)))


def group_initials(group: str) -> frozenset[str]:
    """The first letters (of keys) the names of a group begin with: К. and Я. for
    Кацярына and Екатерина, whose keys begin with k and a."""
    return _initials().get(group, frozenset())
