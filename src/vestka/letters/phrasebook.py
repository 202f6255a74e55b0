"""Topic templates and a phrasebook for writers who do not know Russian or Belarusian well,
or do not know where to begin. Pure data and small functions, no Django.

Every template and phrase is itself a letter that gets through: no politics, no case,
no names, no links, no abbreviations, nothing in Latin letters. The tests screen each one.
Writers are addressed politely ("Вы"), as to someone they have not met, and nothing asks
for a reply outright: prisoners have been punished for answering letters.

Titles and meanings come in the three UI languages (en, be, ru), like the screening
rules' explanations, so that this module needs no translation catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

LETTER_LANGUAGES = ("ru", "be")  # what prison censors read
UI_LANGUAGES = ("en", "be", "ru")


@dataclass(frozen=True)
class Meaning:
    """One short text in each UI language."""

    en: str
    be: str
    ru: str

    def in_language(self, language: str) -> str:
        """The text in a UI language; English for any other."""
        return str(getattr(self, language)) if language in UI_LANGUAGES else self.en


@dataclass(frozen=True)
class Topic:
    """A whole letter to start from, in Russian and in Belarusian."""

    slug: str
    title: Meaning
    ru: str
    be: str

    def text(self, language: str) -> str:
        """The template in a letter language (``ru`` or ``be``)."""
        if language not in LETTER_LANGUAGES:
            raise ValueError(f"Templates are in Russian (ru) or Belarusian (be), not {language!r}.")
        return str(getattr(self, language))


@dataclass(frozen=True)
class Category:
    slug: str
    title: Meaning


@dataclass(frozen=True)
class Phrase:
    """A phrase in both letter languages, and what it means in each UI language."""

    category: str
    ru: str
    be: str
    meaning: Meaning

    def text(self, language: str) -> str:
        if language not in LETTER_LANGUAGES:
            raise ValueError(f"Phrases are in Russian (ru) or Belarusian (be), not {language!r}.")
        return str(getattr(self, language))


TOPICS: tuple[Topic, ...] = (
    Topic(
        "first",
        Meaning(
            "First letter: introduce yourself", "Першы ліст: знаёмства", "Первое письмо: знакомство"
        ),
        ru=(
            "Здравствуйте!\n\n"
            "Пишу Вам впервые. Мы не знакомы, но мне захотелось немного рассказать о себе "
            "и узнать, как проходят Ваши дни.\n\n"
            "Я живу в небольшом городе, работаю, а по вечерам люблю гулять у реки. Недавно "
            "начал(а) учиться печь хлеб — получается пока не всегда, но мне очень нравится.\n\n"
            "Как Вы себя чувствуете? Что Вы любите читать? Есть ли у Вас любимая музыка или "
            "фильм? Если будет возможность ответить, я буду очень рад(а).\n\n"
            "Желаю Вам здоровья и тёплых дней.\n"
            "С уважением,"
        ),
        be=(
            "Добры дзень!\n\n"
            "Пішу Вам упершыню. Мы не знаёмыя, але мне захацелася крыху расказаць пра сябе "
            "і даведацца, як праходзяць Вашы дні.\n\n"
            "Я жыву ў невялікім горадзе, працую, а вечарамі люблю гуляць каля ракі. Нядаўна "
            "пачаў (пачала) вучыцца пячы хлеб — атрымліваецца пакуль не заўсёды, але мне вельмі "
            "падабаецца.\n\n"
            "Як Вы сябе адчуваеце? Што Вы любіце чытаць? Ці ёсць у Вас любімая музыка або "
            "фільм? Калі будзе магчымасць адказаць, я буду вельмі рады (рада).\n\n"
            "Жадаю Вам здароўя і цёплых дзён.\n"
            "З павагай,"
        ),
    ),
    Topic(
        "birthday",
        Meaning("Birthday", "Дзень нараджэння", "День рождения"),
        ru=(
            "Здравствуйте!\n\n"
            "Поздравляю Вас с днём рождения! Пусть этот год принесёт больше хороших вестей, "
            "крепкое здоровье и силы на каждый день.\n\n"
            "Хочется, чтобы в этот день Вы почувствовали, что о Вас помнят и думают многие "
            "люди. Я представляю большой торт со свечами и чашку горячего чая — мысленно ставлю "
            "их перед Вами.\n\n"
            "Как Вы обычно отмечали день рождения раньше? Какой подарок из детства запомнился "
            "Вам больше всего?\n\n"
            "Обнимаю и желаю тепла,"
        ),
        be=(
            "Добры дзень!\n\n"
            "Віншую Вас з днём нараджэння! Няхай гэты год прынясе больш добрых вестак, моцнае "
            "здароўе і сілы на кожны дзень.\n\n"
            "Хочацца, каб у гэты дзень Вы адчулі, што пра Вас памятаюць і думаюць многія "
            "людзі. Я ўяўляю вялікі торт са свечкамі і кубак гарачай гарбаты — у думках стаўлю "
            "іх перад Вамі.\n\n"
            "Як Вы звычайна адзначалі дзень нараджэння раней? Які падарунак з дзяцінства "
            "запомніўся Вам найбольш?\n\n"
            "Абдымаю і жадаю цяпла,"
        ),
    ),
    Topic(
        "new_year",
        Meaning("New Year and holidays", "Новы год і святы", "Новый год и праздники"),
        ru=(
            "Здравствуйте!\n\n"
            "Поздравляю Вас с наступающим Новым годом и Рождеством! У нас уже пахнет "
            "мандаринами и хвоей, вечером на площади зажгли ёлку, а дети лепят снеговиков во "
            "дворах.\n\n"
            "Пусть новый год будет добрым к Вам: больше писем, хороших встреч и спокойных "
            "дней. Я загадаю желание и для Вас.\n\n"
            "Как Вы любите встречать праздники? Какое блюдо на праздничном столе у Вас самое "
            "любимое? Верите ли Вы в новогодние приметы?\n\n"
            "С теплом и наилучшими пожеланиями,"
        ),
        be=(
            "Добры дзень!\n\n"
            "Віншую Вас з надыходзячым Новым годам і Калядамі! У нас ужо пахне мандарынамі "
            "і хвояй, увечары на плошчы запалілі ёлку, а дзеці ляпяць снегавікоў у дварах.\n\n"
            "Няхай новы год будзе добрым да Вас: больш лістоў, добрых сустрэч і спакойных "
            "дзён. Я загадаю жаданне і для Вас.\n\n"
            "Як Вы любіце сустракаць святы? Якая страва на святочным стале ў Вас самая "
            "любімая? Ці верыце Вы ў навагоднія прыкметы?\n\n"
            "З цяплом і найлепшымі пажаданнямі,"
        ),
    ),
    Topic(
        "everyday",
        Meaning("Everyday life", "Штодзённае жыццё", "Повседневная жизнь"),
        ru=(
            "Здравствуйте!\n\n"
            "Хочу рассказать, как у нас дела. Осень в этом году тёплая, и в выходные я "
            "ездил(а) за город собирать грибы. Набрал(а) целую корзину, а потом весь вечер "
            "варил(а) суп.\n\n"
            "Дома всё по-прежнему: кот спит на подоконнике и делает вид, что охраняет "
            "квартиру от голубей. Соседка научила меня печь блины по бабушкиному рецепту.\n\n"
            "А как проходят Ваши дни? Чем Вы занимаетесь в свободное время? Что Вас радует? "
            "Мне будет интересно узнать.\n\n"
            "Всего Вам доброго,"
        ),
        be=(
            "Добры дзень!\n\n"
            "Хачу расказаць, як у нас справы. Восень сёлета цёплая, і ў выхадныя я ездзіў "
            "(ездзіла) за горад па грыбы. Набраў (набрала) цэлы кошык, а потым увесь вечар "
            "варыў (варыла) суп.\n\n"
            "Дома ўсё па-ранейшаму: кот спіць на падаконніку і робіць выгляд, што ахоўвае "
            "кватэру ад галубоў. Суседка навучыла мяне пячы бліны па бабуліным рэцэпце.\n\n"
            "А як праходзяць Вашы дні? Чым Вы займаецеся ў вольны час? Што Вас радуе? Мне "
            "будзе цікава даведацца.\n\n"
            "Усяго Вам добрага,"
        ),
    ),
    Topic(
        "books_films",
        Meaning("Books and films", "Кнігі і фільмы", "Книги и фильмы"),
        ru=(
            "Здравствуйте!\n\n"
            "Недавно я прочитал(а) роман, который долго меня не отпускал: это история большой "
            "семьи, которая переживает трудные времена, но не теряет доброты и юмора. Теперь "
            "советую его всем друзьям.\n\n"
            "А вчера вечером мы с друзьями смотрели старую комедию и смеялись до слёз, хотя "
            "знаем её почти наизусть.\n\n"
            "Какие книги Вы любите? Что Вы читаете сейчас? Может быть, есть фильм, который Вы "
            "посоветуете посмотреть? Я с радостью прочитаю или посмотрю то, что нравится Вам, "
            "и напишу, что думаю.\n\n"
            "Желаю Вам хорошего дня и интересных книг,"
        ),
        be=(
            "Добры дзень!\n\n"
            "Нядаўна я прачытаў (прачытала) раман, які доўга мяне не адпускаў: гэта гісторыя "
            "вялікай сям'і, што перажывае цяжкія часы, але не губляе дабрыні і гумару. Цяпер "
            "раю яго ўсім сябрам.\n\n"
            "А ўчора ўвечары мы з сябрамі глядзелі старую камедыю і смяяліся да слёз, хоць "
            "ведаем яе амаль на памяць.\n\n"
            "Якія кнігі Вы любіце? Што Вы чытаеце цяпер? Можа, ёсць фільм, які Вы параіце "
            "паглядзець? Я з радасцю прачытаю ці пагляджу тое, што падабаецца Вам, і напішу, "
            "што думаю.\n\n"
            "Жадаю Вам добрага дня і цікавых кніг,"
        ),
    ),
)

CATEGORIES: tuple[Category, ...] = (
    Category("greetings", Meaning("Greetings", "Прывітанні", "Приветствия")),
    Category(
        "birthday",
        Meaning("Birthday wishes", "Віншаванні з днём нараджэння", "Поздравления с днём рождения"),
    ),
    Category("holidays", Meaning("Holidays", "Святы", "Праздники")),
    Category("everyday", Meaning("Everyday life", "Штодзённае жыццё", "Повседневная жизнь")),
    Category("questions", Meaning("Questions to ask", "Пытанні", "Вопросы")),
    Category("warmth", Meaning("Warm words", "Цёплыя словы", "Тёплые слова")),
    Category("closings", Meaning("Closings", "Развітанні", "Прощания")),
)


def _phrase(
    category: str, ru: str, be: str, en: str, *, note_be: str = "", note_ru: str = ""
) -> Phrase:
    # In Belarusian and Russian a phrase means itself; a note says what it is for.
    return Phrase(
        category,
        ru,
        be,
        Meaning(
            en,
            f"{be} ({note_be})" if note_be else be,
            f"{ru} ({note_ru})" if note_ru else ru,
        ),
    )


PHRASES: tuple[Phrase, ...] = (
    # Greetings
    _phrase(
        "greetings",
        "Здравствуйте!",
        "Добры дзень!",
        "Hello! (polite)",
        note_be="ветлівае прывітанне",
        note_ru="вежливое приветствие",
    ),
    _phrase(
        "greetings",
        "Пишу Вам впервые.",
        "Пішу Вам упершыню.",
        "I am writing to you for the first time.",
    ),
    _phrase(
        "greetings",
        "Надеюсь, у Вас всё хорошо.",
        "Спадзяюся, у Вас усё добра.",
        "I hope you are well.",
    ),
    _phrase(
        "greetings",
        "Давно хотел(а) Вам написать.",
        "Даўно хацеў (хацела) Вам напісаць.",
        "I have wanted to write to you for a long time.",
    ),
    # Birthday
    _phrase("birthday", "С днём рождения!", "З днём нараджэння!", "Happy birthday!"),
    _phrase(
        "birthday",
        "Желаю Вам крепкого здоровья и сил.",
        "Жадаю Вам моцнага здароўя і сіл.",
        "I wish you good health and strength.",
    ),
    _phrase(
        "birthday",
        "Пусть этот год будет добрым к Вам.",
        "Няхай гэты год будзе добрым да Вас.",
        "May this year be kind to you.",
    ),
    _phrase(
        "birthday",
        "Сегодня я пью чай с тортом за Ваше здоровье.",
        "Сёння я п'ю гарбату з тортам за Ваша здароўе.",
        "Today I am having tea and cake to your health.",
    ),
    # Holidays
    _phrase("holidays", "С Новым годом!", "З Новым годам!", "Happy New Year!"),
    _phrase("holidays", "С Рождеством!", "З Калядамі!", "Merry Christmas!"),
    _phrase("holidays", "Со светлой Пасхой!", "Са светлым Вялікаднем!", "Happy Easter!"),
    _phrase(
        "holidays",
        "С праздником!",
        "Са святам!",
        "Happy holiday! (for any holiday)",
        note_be="з любым святам",
        note_ru="с любым праздником",
    ),
    _phrase(
        "holidays",
        "Пусть праздник будет тёплым и светлым.",
        "Няхай свята будзе цёплым і светлым.",
        "May the holiday be warm and bright.",
    ),
    # Everyday life
    _phrase(
        "everyday",
        "У нас выпал первый снег.",
        "У нас выпаў першы снег.",
        "The first snow has fallen here.",
    ),
    _phrase(
        "everyday",
        "Вчера я испёк(ла) пирог с яблоками.",
        "Учора я спёк (спякла) пірог з яблыкамі.",
        "Yesterday I baked an apple pie.",
    ),
    _phrase(
        "everyday",
        "Мой кот передаёт Вам привет.",
        "Мой кот перадае Вам прывітанне.",
        "My cat says hello to you.",
    ),
    _phrase(
        "everyday",
        "В выходные я гулял(а) в лесу.",
        "У выхадныя я гуляў (гуляла) ў лесе.",
        "At the weekend I went for a walk in the woods.",
    ),
    _phrase(
        "everyday",
        "Я начал(а) учиться играть на гитаре.",
        "Я пачаў (пачала) вучыцца іграць на гітары.",
        "I have started learning to play the guitar.",
    ),
    _phrase(
        "everyday",
        "Весной у нас зацвели яблони.",
        "Увесну ў нас зацвілі яблыні.",
        "In spring the apple trees here came into blossom.",
    ),
    # Questions
    _phrase(
        "questions", "Как Вы себя чувствуете?", "Як Вы сябе адчуваеце?", "How are you feeling?"
    ),
    _phrase(
        "questions", "Что Вы сейчас читаете?", "Што Вы зараз чытаеце?", "What are you reading now?"
    ),
    _phrase(
        "questions",
        "Какую книгу Вы бы посоветовали?",
        "Якую кнігу Вы б параілі?",
        "Which book would you recommend?",
    ),
    _phrase(
        "questions", "Какую музыку Вы любите?", "Якую музыку Вы любіце?", "What music do you like?"
    ),
    _phrase(
        "questions",
        "Что Вас радует в эти дни?",
        "Што Вас цешыць у гэтыя дні?",
        "What brings you joy these days?",
    ),
    _phrase(
        "questions",
        "О чём Вам хотелось бы прочитать в письмах?",
        "Пра што Вам хацелася б прачытаць у лістах?",
        "What would you like to read about in letters?",
    ),
    _phrase(
        "questions",
        "Какое Ваше любимое блюдо?",
        "Якая Ваша ўлюбёная страва?",
        "What is your favourite dish?",
    ),
    _phrase(
        "questions",
        "Какое место Вы вспоминаете с теплом?",
        "Якое месца Вы ўспамінаеце з цеплынёй?",
        "Which place do you remember fondly?",
    ),
    # Warm words
    _phrase("warmth", "Я часто думаю о Вас.", "Я часта думаю пра Вас.", "I often think of you."),
    _phrase(
        "warmth",
        "Вас помнят и ждут.",
        "Вас памятаюць і чакаюць.",
        "You are remembered and awaited.",
    ),
    _phrase("warmth", "Берегите себя.", "Беражыце сябе.", "Take care of yourself."),
    _phrase(
        "warmth",
        "Желаю Вам терпения и тепла.",
        "Жадаю Вам цярплівасці і цяпла.",
        "I wish you patience and warmth.",
    ),
    # Closings
    _phrase("closings", "Всего Вам доброго!", "Усяго Вам добрага!", "All the best!"),
    _phrase("closings", "Обнимаю.", "Абдымаю.", "A hug from me."),
    _phrase(
        "closings",
        "С теплом,",
        "З цяплом,",
        "Warmly, (then your name)",
        note_be="і Ваша імя",
        note_ru="и Ваше имя",
    ),
    _phrase("closings", "Напишу Вам ещё.", "Напішу Вам яшчэ.", "I will write to you again."),
    _phrase(
        "closings",
        "Если будет возможность, напишите пару строк.",
        "Калі будзе магчымасць, напішыце пару радкоў.",
        "If you can, write a couple of lines back.",
    ),
)


def topic_find(*, slug: str) -> Topic | None:
    """The topic template with this slug, or None."""
    return next((topic for topic in TOPICS if topic.slug == slug), None)


def phrases_by_category() -> list[tuple[Category, list[Phrase]]]:
    """The phrasebook in reading order: each category with its phrases."""
    return [
        (category, [phrase for phrase in PHRASES if phrase.category == category.slug])
        for category in CATEGORIES
    ]
