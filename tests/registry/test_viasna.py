import ast
import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from vestka.registry import viasna
from vestka.registry.viasna import ParsedFacility, RowError, ViasnaFileError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "viasna"


def csv_bytes(header, *rows, delimiter=",", encoding="utf-8"):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def parse_person(**cells):
    """Parse a one-person CSV with English headers; id, name and status default to valid."""
    values = {"id": "1", "name": "Pavel Prykladau", "status": "active"} | cells
    return viasna.parse_viasna_csv(csv_bytes(list(values), list(values.values())))


def only_row(result):
    assert result.errors == []
    assert len(result.rows) == 1
    return result.rows[0]


def json_bytes(document):
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


# --- the module stays a pure core -----------------------------------------------------------


def test_package_imports_nothing_from_django():
    imported = []
    for module in Path(viasna.__file__).parent.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                     for alias in node.names]  # fmt: skip
        imported += [node.module or "" for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom) and node.level == 0]  # fmt: skip
    assert imported
    assert not [name for name in imported if name.split(".")[0] in ("django", "vestka")]


# --- articles -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "articles"),
    [
        ("Art. 342 of the Criminal Code", ("342",)),
        ("part 2 of Art. 361-1", ("361-1",)),
        ("Article 361-4", ("361-4",)),
        ("Articles 342 and 130", ("342", "130")),
        ("ч. 1 ст. 342 УК", ("342",)),
        ("ч.2 ст.361-1 УК РБ", ("361-1",)),
        ("часть 3 статьи 361-1", ("361-1",)),
        ("статья 293", ("293",)),
        ("ст.ст. 342, 130", ("342", "130")),
        ("арт. 342 КК", ("342",)),
        ("артыкул 130", ("130",)),
        ("частка 2 артыкула 342", ("342",)),
        ("342", ("342",)),
        ("361-1", ("361-1",)),
    ],
)
def test_articles_are_read_in_every_spelling(text, articles):
    assert viasna.parse_articles(text) == articles


@pytest.mark.parametrize(
    ("text", "articles"),
    [
        ("part 2 of Art. 342", ("342",)),
        ("ч. 1, 2 ст. 342", ("342",)),
        ("ч. 1 и 2 ст. 342", ("342",)),
        ("п. 1 ч. 2 ст. 361-2", ("361-2",)),
        ("ст. 342 ч. 1", ("342",)),
        ("ст. 342 ч. 1, 130", ("342", "130")),
        ("ч. 1 ст. 342, ч. 2 ст. 130", ("342", "130")),
    ],
)
def test_part_and_item_numbers_are_not_articles(text, articles):
    assert viasna.parse_articles(text) == articles


@pytest.mark.parametrize("text", ["361-1", "361‑1", "361–1", "361—1", "361−1", "361.1"])
def test_article_hyphen_variants_and_dot_normalise_to_a_hyphen(text):
    assert viasna.parse_articles(f"ст. {text}") == ("361-1",)


def test_articles_are_split_on_newlines_semicolons_and_commas():
    text = "ч. 2 ст. 342 УК\nст. 130; 293, 369\r\n370"
    assert viasna.parse_articles(text) == ("342", "130", "293", "369", "370")


def test_repeated_articles_are_kept_once_in_order_of_appearance():
    assert viasna.parse_articles("ст. 342; ч. 2 ст. 342; 130; ч. 1 ст. 130") == ("342", "130")


def test_years_and_dates_in_an_article_cell_are_not_articles():
    assert viasna.parse_articles("ст. 342 УК (в редакции 2021 года, от 01.02.2021)") == ("342",)


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_an_empty_article_cell_means_no_articles(text):
    assert viasna.parse_articles(text) == ()


@pytest.mark.parametrize("text", ["УК РБ", "ч. 2", "Criminal Code of 1999", "see the verdict"])
def test_an_article_cell_without_an_article_number_is_an_error(text):
    with pytest.raises(ValueError, match="no article number") as raised:
        viasna.parse_articles(text)
    assert text in str(raised.value)


# --- prison ---------------------------------------------------------------------------------


def test_prison_cell_splits_facility_and_address_on_a_newline():
    facility, released = viasna.parse_prison(
        "Penal colony No. 4\n246035, Homieĺ, vulica Antoshkina 3"
    )
    assert facility == ParsedFacility(
        name="Penal colony No. 4",
        address_lines=("246035", "Homieĺ", "vulica Antoshkina 3"),
        postal_code="246035",
    )
    assert released is False


def test_prison_cell_splits_facility_and_address_on_a_semicolon():
    facility, _ = viasna.parse_prison("ИК-4; 246035, г. Гомель, ул. Антошкина, 3")
    assert facility == ParsedFacility(
        name="ИК-4",
        address_lines=("246035", "г. Гомель", "ул. Антошкина", "3"),
        postal_code="246035",
    )


def test_prison_cell_on_one_line_is_split_at_the_postal_code():
    facility, _ = viasna.parse_prison("ИК-4, 246035, г. Гомель")
    assert facility == ParsedFacility("ИК-4", ("246035", "г. Гомель"), "246035")


def test_prison_cell_without_postal_code_has_an_empty_postal_code():
    facility, _ = viasna.parse_prison("ИК-15\nМогилёвская область, Могилёвский район")
    assert facility == ParsedFacility("ИК-15", ("Могилёвская область", "Могилёвский район"), "")


def test_prison_cell_with_only_a_name_has_no_address():
    facility, released = viasna.parse_prison("  СИЗО-1  ")
    assert facility == ParsedFacility("СИЗО-1", (), "")
    assert released is False


@pytest.mark.parametrize(
    "text",
    ["released", "Released.", "освобожден", "Освобождена", "освобождён", "вызвалены",
     "вызваленая", "на свободе", "-", "—", "освобождена 12.05.2022"],
)  # fmt: skip
def test_prison_cell_saying_released_gives_no_facility_and_the_released_flag(text):
    assert viasna.parse_prison(text) == (None, True)


def test_empty_prison_cell_gives_no_facility_and_no_flag():
    assert viasna.parse_prison(" \n ") == (None, False)


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["05.03.2021", "5.3.2021", "2021-03-05", "2021-3-5", "2021-03-05T10:15:00",
     "2021-03-05 10:15:00+03:00", "05.03.2021 10:15", " 05.03.2021 "],
)  # fmt: skip
def test_dates_are_read_day_first_or_iso_and_time_is_ignored(text):
    assert viasna.parse_date(text) == date(2021, 3, 5)


def test_an_empty_date_is_none():
    assert viasna.parse_date("") is None
    assert viasna.parse_date("   ") is None


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("31.02.2021", "no such date"),
        ("2021-13-01", "no such date"),
        ("01.01.1899", "outside 1900 to 2100"),
        ("2101-01-01", "outside 1900 to 2100"),
        ("2021/03/05", "not a date"),
        ("5 марта 2021", "not a date"),
        ("03.05.21", "not a date"),
        ("yesterday", "not a date"),
    ],
)
def test_bad_dates_raise_with_the_value(text, complaint):
    with pytest.raises(ValueError, match=complaint) as raised:
        viasna.parse_date(text)
    assert text in str(raised.value)


# --- penalty --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term_months", "kind"),
    [
        ("5 years", 60, ""),
        ("2 years 6 months", 30, ""),
        ("2 years and 6 months", 30, ""),
        ("3 года", 36, ""),
        ("1 год 6 месяцев", 18, ""),
        ("10 лет", 120, ""),
        ("2 гады 6 месяцаў", 30, ""),
        ("1,5 года", 18, ""),
        ("2.5 years", 30, ""),
        ("полтора года", 18, ""),
        ("6 месяцев", 6, ""),
        ("3 года колонии общего режима", 36, "colony"),
        ("5 лет лишения свободы в исправительной колонии", 60, "colony"),
        ("3 years of imprisonment in a penal colony", 36, "colony"),
        ("3 гады 6 месяцаў пазбаўлення волі ў калоніі", 42, "colony"),
        ("4 years in prison", 48, "prison"),
        ("7 лет тюремного заключения", 84, "prison"),
        ("2 года ограничения свободы с направлением", 24, "restricted_freedom"),
        ("абмежаванне волі на 2 гады", 24, "restricted_freedom"),
        ("хімія", None, "restricted_freedom"),
        ("1 год химии", 12, "restricted_freedom"),
        ("restricted freedom for 3 years", 36, "restricted_freedom"),
        ("штраф 100 базовых величин", None, "fine"),
        ("fine", None, "fine"),
        ("3 years of colony and a fine", 36, "colony"),
        ("арест 15 суток", None, "arrest"),
        ("домашний арест 6 месяцев", 6, "home_confinement"),
        ("house arrest", None, "home_confinement"),
        ("принудительное лечение", None, "compulsory_treatment"),
        ("пожизненное лишение свободы", None, "life"),
        ("life imprisonment", None, "life"),
        ("смертная казнь", None, "death"),
        ("", None, ""),
        ("see the court's website", None, ""),
    ],
)
def test_penalty_text_gives_term_in_months_and_kind(text, term_months, kind):
    assert viasna.parse_penalty(text) == (term_months, kind)


def test_unreadable_penalty_is_kept_as_text_and_is_not_an_error():
    person = only_row(parse_person(penalty="as the court decides"))
    assert (person.penalty, person.term_months, person.sentence_kind) == (
        "as the court decides",
        None,
        "",
    )


# --- CSV headers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        ["id", "name", "status", "articles", "arrested", "prison", "penalty_start_date"],
        ["id", "ФИО", "статус", "статьи", "дата задержания", "место заключения", "начало срока"],
        ["id", "Прозвішча, імя", "статус", "артыкулы", "дата затрымання", "месца зняволення",
         "пачатак тэрміну"],
    ],
    ids=["english", "russian", "belarusian"],
)  # fmt: skip
def test_headers_are_understood_in_english_russian_and_belarusian(header):
    row = ["7", "Hanna Uzorava", "active", "ст. 342", "02.06.2021", "СИЗО-1", "03.06.2021"]
    person = only_row(viasna.parse_viasna_csv(csv_bytes(header, row)))
    assert person.source_id == "7"
    assert person.name == "Hanna Uzorava"
    assert person.articles == ("342",)
    assert person.arrested == date(2021, 6, 2)
    assert person.facility == ParsedFacility("СИЗО-1", (), "")
    assert person.penalty_start == date(2021, 6, 3)


@pytest.mark.parametrize(
    "title", ["name", "Name", "full_name", "ФИО", "имя", "ИМЯ", "Імя", "Прозвішча, імя"]
)
def test_name_header_aliases(title):
    result = viasna.parse_viasna_csv(csv_bytes(["id", title, "status"], ["1", "Ihar", "np"]))
    assert only_row(result).name == "Ihar"


@pytest.mark.parametrize(
    ("title", "attribute", "value", "expected"),
    [
        ("Дата рождения", "birth_date", "14.03.1985", date(1985, 3, 14)),
        ("дата нараджэння", "birth_date", "14.03.1985", date(1985, 3, 14)),
        ("задержан", "arrested", "02.06.2021", date(2021, 6, 2)),
        ("затрыманы", "arrested", "02.06.2021", date(2021, 6, 2)),
        ("дата освобождения", "release_date", "01.06.2024", date(2024, 6, 1)),
        ("дата вызвалення", "release_date", "01.06.2024", date(2024, 6, 1)),
        ("дата приговора", "verdict_date", "20.11.2021", date(2021, 11, 20)),
        ("дата прысуду", "verdict_date", "20.11.2021", date(2021, 11, 20)),
        ("дата апелляции", "appeal_date", "15.02.2022", date(2022, 2, 15)),
        ("дата апеляцыі", "appeal_date", "15.02.2022", date(2022, 2, 15)),
        ("список террористов", "on_terrorist_list", "да", True),
        ("спіс тэрарыстаў", "on_terrorist_list", "так", True),
        ("умер", "died", "да", True),
        ("памёр", "died", "так", True),
        ("погиб", "died", "+", True),
        ("пол", "gender", "ж", "female"),
        ("gender", "gender", "ж", "female"),
        ("Фото", "photo_url", "https://example.org/1.jpg", "https://example.org/1.jpg"),
        ("фота", "photo_url", "https://example.org/1.jpg", "https://example.org/1.jpg"),
        ("описание", "description", "Teacher", "Teacher"),
        ("апісанне", "description", "Teacher", "Teacher"),
        ("тюрьма", "facility", "СИЗО-1", ParsedFacility("СИЗО-1", (), "")),
        ("заявление", "declaration_url", "https://example.org/d", "https://example.org/d"),
        ("декларация", "declaration_url", "https://example.org/d", "https://example.org/d"),
        ("заява", "declaration_url", "https://example.org/d", "https://example.org/d"),
        ("Решение", "decision", "recognised", "recognised"),
        ("рашэнне", "decision", "recognised", "recognised"),
        ("наказание", "penalty", "3 года", "3 года"),
        ("приговор", "penalty", "3 года", "3 года"),
        ("пакаранне", "penalty", "3 гады", "3 гады"),
        ("прысуд", "penalty", "3 гады", "3 гады"),
        ("судья", "judge", "A. B.", "A. B."),
        ("суддзя", "judge", "A. B.", "A. B."),
        ("адвокат", "counsel", "C. D.", "C. D."),
        ("абаронца", "counsel", "C. D.", "C. D."),
        ("counsel", "counsel", "C. D.", "C. D."),
        ("councel", "counsel", "C. D.", "C. D."),
        ("кластеры", "clusters", "Minsk", ("Minsk",)),
        ("кластары", "clusters", "Minsk", ("Minsk",)),
        ("группы", "clusters", "Minsk", ("Minsk",)),
    ],
)
def test_header_aliases_in_three_languages_map_to_their_columns(title, attribute, value, expected):
    result = viasna.parse_viasna_csv(csv_bytes(["id", "name", "status", title],
                                               ["1", "Hanna Uzorava", "np", value]))  # fmt: skip
    assert getattr(only_row(result), attribute) == expected


def test_headers_ignore_bom_case_spaces_underscores_and_trailing_punctuation():
    header = ["\ufeffID", "  Name: ", "STATUS.", "Penalty Start Date", "release_date;", "Died?"]
    row = ["1", "Hanna Uzorava", "active", "01.02.2021", "2024-02-01", "no"]
    person = only_row(viasna.parse_viasna_csv(csv_bytes(header, row)))
    assert (person.source_id, person.name, person.status) == ("1", "Hanna Uzorava", "active")
    assert person.penalty_start == date(2021, 2, 1)
    assert person.release_date == date(2024, 2, 1)


def test_unknown_extra_columns_are_ignored():
    result = viasna.parse_viasna_csv(
        csv_bytes(["id", "note", "name", "status", "internal"], ["1", "x", "Ihar", "np", "y"])
    )
    assert only_row(result).name == "Ihar"


@pytest.mark.parametrize("missing", ["id", "name"])
def test_missing_required_column_is_a_file_error_listing_the_headers(missing):
    header = [column for column in ["id", "name", "status", "prison"] if column != missing]
    with pytest.raises(ViasnaFileError) as raised:
        viasna.parse_viasna_csv(csv_bytes(header, ["1"] * len(header)))
    message = str(raised.value)
    assert f"required column '{missing}' is missing from the header row" in message
    assert "'status', 'prison'" in message


def test_two_headers_meaning_the_same_column_are_a_file_error():
    with pytest.raises(ViasnaFileError, match="both mean the column 'name'"):
        viasna.parse_viasna_csv(csv_bytes(["id", "name", "ФИО"], ["1", "a", "b"]))


@pytest.mark.parametrize("data", [b"", b"   \n\r\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_a_file_error(data):
    with pytest.raises(ViasnaFileError, match="empty"):
        viasna.parse_viasna_csv(data)


def test_a_header_row_of_empty_cells_is_a_file_error():
    with pytest.raises(ViasnaFileError, match="columns 'id' and 'name' are missing"):
        viasna.parse_viasna_csv(b",,,\n1,Ihar,np\n")


def test_a_file_with_only_a_header_has_no_rows_and_no_errors():
    result = viasna.parse_viasna_csv(b"id,name,status\n")
    assert (result.rows, result.errors, result.total) == ([], [], 0)


# --- CSV encodings and layout ---------------------------------------------------------------


def test_cp1251_and_utf8_with_bom_give_the_same_rows():
    header = ["id", "ФИО", "статус", "место заключения", "приговор"]
    row = ["5", "Образцова Анна", "бывший", "освобождена", "1 год 6 месяцев химии"]
    from_cp1251 = viasna.parse_viasna_csv(csv_bytes(header, row, encoding="cp1251"))
    from_utf8 = viasna.parse_viasna_csv(csv_bytes(header, row, encoding="utf-8-sig"))
    assert from_cp1251 == from_utf8
    person = only_row(from_cp1251)
    assert (person.name, person.status, person.term_months) == ("Образцова Анна", "former", 18)


def test_utf8_without_bom_is_read_as_utf8():
    data = csv_bytes(["id", "Імя", "статус"], ["1", "Ўладзімір Ґулька", "np"])
    assert only_row(viasna.parse_viasna_csv(data)).name == "Ўладзімір Ґулька"


def test_bytes_that_are_neither_utf8_nor_cp1251_are_a_file_error_with_the_offset():
    data = b"id,name,status\n1,\xc8\xe2\xe0\xed \x98,np\n"  # cp1251 "Иван", then 0x98
    with pytest.raises(ViasnaFileError, match="neither UTF-8") as raised:
        viasna.parse_viasna_csv(data)
    assert "UTF-8 (byte 0xc8 at offset 17" in str(raised.value)
    assert "cp1251 (byte 0x98 at offset 22" in str(raised.value)


def test_semicolon_delimiter_is_sniffed_from_the_header_line():
    data = csv_bytes(
        ["id", "name", "status", "articles"],
        ["1", "Ihar Vydumkin", "active", "ст.ст. 342, 130"],
        delimiter=";",
    )
    person = only_row(viasna.parse_viasna_csv(data))
    assert (person.name, person.articles) == ("Ihar Vydumkin", ("342", "130"))


def test_multi_line_quoted_cells_count_as_one_row():
    data = (
        'id,name,status,articles,prison\n'
        '1,Ihar,active,"ч. 2 ст. 342 УК\nст. 130","ИК-4\n246035, г. Гомель"\n'
        '2,Hanna,bogus,,\n'
    ).encode()  # fmt: skip
    result = viasna.parse_viasna_csv(data)
    assert result.rows[0].row == 2
    assert result.rows[0].articles == ("342", "130")
    assert result.rows[0].facility == ParsedFacility("ИК-4", ("246035", "г. Гомель"), "246035")
    assert [(error.row, error.column) for error in result.errors] == [(3, "status")]


def test_crlf_line_ends_inside_and_between_records_are_read():
    data = b'id,name,status,description\r\n1,Ihar,np,"line one\r\nline two"\r\n'
    assert only_row(viasna.parse_viasna_csv(data)).description == "line one\nline two"


def test_blank_lines_are_skipped_but_keep_their_spreadsheet_row_number():
    data = b"id,name,status\n1,Ihar,np\n\n,,\n2,Hanna,bogus\n"
    result = viasna.parse_viasna_csv(data)
    assert result.total == 2
    assert [error.row for error in result.errors] == [5]


def test_a_row_with_more_cells_than_the_header_is_a_row_error():
    result = viasna.parse_viasna_csv(b"id,name,status\n1,Prykladau, Pavel,np\n2,Hanna,np,,\n")
    assert [(error.row, error.column) for error in result.errors] == [(2, ""), (2, "status")]
    assert "4 cells but the header has 3" in result.errors[0].message
    assert [person.source_id for person in result.rows] == ["2"]


def test_a_cell_too_large_for_the_csv_reader_is_a_file_error():
    data = b"id,name,status,description\n1,Ihar,np," + b"x" * 200_000 + b"\n"
    with pytest.raises(ViasnaFileError, match="cannot be read near line 2"):
        viasna.parse_viasna_csv(data)


# --- row errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "complaint"),
    [
        ("id", "", "id is missing or empty"),
        ("name", "   ", "name is missing or empty"),
        ("status", "", "status is missing or empty"),
        ("status", "в розыске", "unknown status 'в розыске'"),
        ("gender", "other?", "unknown gender 'other?'"),
        ("birthday", "1850", "year 1850 is outside 1900 to 2100"),
        ("birthday", "30.02.1990", "no such date: '30.02.1990'"),
        ("arrested", "31.02.2021", "no such date: '31.02.2021'"),
        ("articles", "УК РБ", "no article number found in 'УК РБ'"),
        ("penalty_start_date", "soon", "not a date: 'soon'"),
        ("release_date", "2021/01/01", "not a date: '2021/01/01'"),
        ("verdict_date", "2150-01-01", "year 2150"),
        ("appeal_date", "00.00.2022", "no such date"),
        ("fake_terrorist_list", "maybe", "expected yes or no, got 'maybe'"),
        ("died", "soon", "expected yes, no or a date, got 'soon'"),
        ("died", "31.02.2022", "no such date: '31.02.2022'"),
        ("url", "javascript:alert(1)", "not a web link: 'javascript:alert(1)'"),
        ("photo", "data:image/png;base64,AAAA", "not a web link"),
        ("declaration", "file:///etc/passwd", "not a web link"),
    ],
)
def test_each_bad_cell_is_a_row_error_naming_row_column_and_value(column, value, complaint):
    result = parse_person(**{column: value})
    assert result.rows == []
    assert result.total == 1
    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.row, error.column) == (2, column)
    assert complaint in error.message


def test_all_errors_of_a_row_are_collected_in_column_order():
    result = parse_person(status="?", arrested="31.02.2021", articles="УК", died="soon")
    assert [error.column for error in result.errors] == ["status", "arrested", "articles", "died"]
    assert {error.row for error in result.errors} == {2}


def test_errors_from_several_rows_come_in_file_order():
    data = csv_bytes(
        ["id", "name", "status", "arrested"],
        ["1", "A", "bogus", ""],
        ["2", "B", "active", "2021-02-31"],
        ["3", "C", "np", ""],
        ["4", "", "np", "x"],
    )
    result = viasna.parse_viasna_csv(data)
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "status"), (3, "arrested"), (5, "name"), (5, "arrested"),
    ]  # fmt: skip
    assert [person.source_id for person in result.rows] == ["3"]
    assert result.total == 4


def test_the_value_shown_in_an_error_is_shortened():
    result = parse_person(arrested="nonsense " * 50)
    message = result.errors[0].message
    assert "…" in message
    assert len(message) < 160


def test_a_repeated_id_is_an_error_on_the_later_row_naming_the_earlier_row():
    data = csv_bytes(
        ["id", "name", "status"], ["17", "Ihar", "np"], ["18", "Hanna", "np"], ["17", "Ivan", "np"]
    )
    result = viasna.parse_viasna_csv(data)
    assert result.errors == [RowError(4, "id", "id '17' already used on row 2")]
    assert [person.name for person in result.rows] == ["Ihar", "Hanna"]


@pytest.mark.parametrize(
    ("column", "limit"),
    [("name", 300), ("description", 20000), ("judge", 1000), ("articles", 1000), ("url", 1000)],
)
def test_a_field_over_its_length_limit_is_a_row_error(column, limit):
    at_limit = "https://e.org/" + "a" * (limit - 14) if column == "url" else "a" * limit
    if column == "articles":
        at_limit = "342;" * (limit // 4)
    assert parse_person(**{column: at_limit}).errors == []
    result = parse_person(**{column: at_limit + "aaaa"})
    assert [(error.row, error.column) for error in result.errors] == [(2, column)]
    assert f"over the limit of {limit}" in result.errors[0].message


def test_an_oversize_name_is_reported_once():
    result = parse_person(name="a" * 301)
    assert [error.column for error in result.errors] == ["name"]


def test_control_and_invisible_characters_are_stripped():
    person = only_row(parse_person(name="Pavel\x00 Pry\x07kla\u200bdau\u202e", judge="A\x1bB"))
    assert (person.name, person.judge) == ("Pavel Prykladau", "AB")


def test_description_keeps_newlines_and_tabs_but_not_other_control_characters():
    person = only_row(parse_person(description="  one\ttwo\r\nthree\x0cfour\x00  "))
    assert person.description == "one\ttwo\nthreefour"


def test_name_whitespace_is_collapsed():
    assert only_row(parse_person(name="  Pavel \t\n Prykladau\xa0 ")).name == "Pavel Prykladau"


def test_formula_looking_cells_are_kept_as_plain_text():
    person = only_row(parse_person(name='=HYPERLINK("x")', judge="+cmd|' /C calc'!A0"))
    assert (person.name, person.judge) == ('=HYPERLINK("x")', "+cmd|' /C calc'!A0")


# --- single cells ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [("active", "active"), (" ACTIVE ", "active"), ("Former", "former"), ("NP", "np"),
     ("действующий", "active"), ("бывший", "former"), ("былы", "former")],
)  # fmt: skip
def test_status_accepts_case_space_and_russian_belarusian_variants(text, status):
    assert only_row(parse_person(status=text)).status == status


@pytest.mark.parametrize(
    ("text", "gender"),
    [("male", "male"), ("M", "male"), ("м", "male"), ("Мужской", "male"), ("муж.", "male"),
     ("мужчына", "male"), ("female", "female"), ("f", "female"), ("Ж", "female"),
     ("женский", "female"), ("жен", "female"), ("жанчына", "female"), ("", "")],
)  # fmt: skip
def test_gender_words_in_three_languages(text, gender):
    assert only_row(parse_person(gender=text)).gender == gender


@pytest.mark.parametrize("text", ["1", "yes", "True", "да", "так", "+", "x", "Х"])
def test_terrorist_list_truthy_words(text):
    assert only_row(parse_person(fake_terrorist_list=text)).on_terrorist_list is True


@pytest.mark.parametrize("text", ["", "0", "no", "нет", "не", "false"])
def test_terrorist_list_falsy_words(text):
    assert only_row(parse_person(fake_terrorist_list=text)).on_terrorist_list is False


@pytest.mark.parametrize(
    ("text", "died", "died_on"),
    [("12.05.2022", True, date(2022, 5, 12)), ("2022-05-12", True, date(2022, 5, 12)),
     ("да", True, None), ("yes", True, None), ("", False, None), ("нет", False, None),
     ("0", False, None)],
)  # fmt: skip
def test_died_is_a_yes_no_word_or_a_date(text, died, died_on):
    person = only_row(parse_person(died=text))
    assert (person.died, person.died_on) == (died, died_on)


def test_a_full_birthday_sets_birth_date_and_birth_year():
    person = only_row(parse_person(birthday="14.03.1985"))
    assert (person.birth_date, person.birth_year) == (date(1985, 3, 14), 1985)


def test_a_bare_birth_year_sets_only_birth_year():
    person = only_row(parse_person(birthday="1985"))
    assert (person.birth_date, person.birth_year) == (None, 1985)


def test_empty_dates_are_none():
    person = only_row(parse_person(birthday="", arrested="", release_date=""))
    assert (person.birth_date, person.birth_year, person.arrested, person.release_date) == (
        None, None, None, None,
    )  # fmt: skip


def test_clusters_are_split_on_semicolons_commas_and_newlines_without_repeats():
    person = only_row(parse_person(clusters="Minsk; teachers, 2020\nteachers;;"))
    assert person.clusters == ("Minsk", "teachers", "2020")


def test_web_links_and_relative_paths_are_kept():
    person = only_row(parse_person(url="https://example.org/p/1", photo="photos/1.jpg"))
    assert (person.url, person.photo_url) == ("https://example.org/p/1", "photos/1.jpg")


# --- fingerprint ----------------------------------------------------------------------------


def test_fingerprint_is_the_same_across_runs():
    person = only_row(parse_person(arrested="02.06.2021", articles="ст. 342", prison="ИК-4"))
    assert person.fingerprint() == (
        "358d3d71b8a8445c716585dbb71d4588dbf591c9881fa16770e3fb3e020e1b62"
    )


def test_fingerprint_ignores_the_row_number_but_not_the_content():
    data = csv_bytes(["id", "name", "status"], ["1", "Ihar", "np"], ["2", "Hanna", "np"])
    moved = csv_bytes(["id", "name", "status"], ["2", "Hanna", "np"], ["1", "Ihar", "np"])
    first = {p.source_id: p.fingerprint() for p in viasna.parse_viasna_csv(data).rows}
    second = {p.source_id: p.fingerprint() for p in viasna.parse_viasna_csv(moved).rows}
    assert first == second
    changed = only_row(parse_person(id="1", name="Ihar", status="former"))
    assert changed.fingerprint() != first["1"]


# --- JSON -----------------------------------------------------------------------------------


def test_json_list_of_objects_with_english_keys():
    document = [{"id": "1", "name": "Ihar", "status": "active", "articles": "ст. 342",
                 "arrested": "2021-06-02", "councel": "A. Pridumkin"}]  # fmt: skip
    person = only_row(viasna.parse_viasna_json(json_bytes(document)))
    assert (person.row, person.source_id, person.articles) == (1, "1", ("342",))
    assert (person.arrested, person.counsel) == (date(2021, 6, 2), "A. Pridumkin")


def test_json_object_with_a_people_list():
    document = {"people": [{"id": 1, "name": "Ihar", "status": "np"}], "exported": "2024"}
    assert only_row(viasna.parse_viasna_json(json_bytes(document))).source_id == "1"


def test_json_with_russian_keys():
    document = [{"id": 9, "ФИО": "Образцова Анна", "Статус": "бывший", "Статьи": "ст. 130"}]
    person = only_row(viasna.parse_viasna_json(json_bytes(document)))
    assert (person.name, person.status, person.articles) == ("Образцова Анна", "former", ("130",))


def test_json_values_may_be_numbers_nulls_booleans_and_lists():
    document = [{"id": 12, "name": "Ihar", "status": "active", "birthday": 1985.0,
                 "articles": ["ч. 2 ст. 342", 130], "clusters": ["Minsk", "2020"],
                 "fake_terrorist_list": True, "died": False, "judge": None}]  # fmt: skip
    person = only_row(viasna.parse_viasna_json(json_bytes(document)))
    assert (person.source_id, person.birth_year, person.articles) == ("12", 1985, ("342", "130"))
    assert person.clusters == ("Minsk", "2020")
    assert (person.on_terrorist_list, person.died, person.judge) == (True, False, "")


def test_json_list_in_a_text_column_is_a_row_error():
    document = [{"id": 1, "name": ["Ihar", "Vydumkin"], "status": "np"}]
    result = viasna.parse_viasna_json(json_bytes(document))
    assert [(e.row, e.column) for e in result.errors] == [(1, "name")]
    assert "expected text, got a list" in result.errors[0].message


def test_json_keys_in_two_languages_for_one_column_are_a_row_error():
    document = [{"id": 1, "name": "Ihar", "ФИО": "Игорь", "status": "np"}]
    result = viasna.parse_viasna_json(json_bytes(document))
    assert result.errors == [RowError(1, "", "keys 'name' and 'ФИО' both mean 'name'")]
    assert result.rows == []


def test_json_item_that_is_not_an_object_is_a_row_error():
    document = [{"id": 1, "name": "Ihar", "status": "np"}, "Hanna", 5, None]
    result = viasna.parse_viasna_json(json_bytes(document))
    assert [(e.row, e.column) for e in result.errors] == [(2, ""), (3, ""), (4, "")]
    assert "expected an object, got a string 'Hanna'" in result.errors[0].message
    assert (len(result.rows), result.total) == (1, 4)


def test_json_repeated_id_and_missing_id_are_row_errors():
    document = [{"id": 1, "name": "A", "status": "np"}, {"name": "B", "status": "np"},
                {"id": "1", "name": "C", "status": "np"}]  # fmt: skip
    result = viasna.parse_viasna_json(json_bytes(document))
    assert result.errors == [
        RowError(2, "id", "id is missing or empty"),
        RowError(3, "id", "id '1' already used on row 1"),
    ]


def test_malformed_json_is_a_file_error_with_line_and_column():
    with pytest.raises(ViasnaFileError, match="malformed JSON at line 3, column 12"):
        viasna.parse_viasna_json(b'[\n  {"id": 1,\n   "name": }\n]')


@pytest.mark.parametrize(
    ("data", "complaint"),
    [(b"", "empty"), (b'"people"', "got a string"), (b'{"persons": []}', "got an object"),
     (b"42", "got a number"), (b"[" * 100_000 + b"]" * 100_000, "cannot be read")],
)  # fmt: skip
def test_json_that_is_not_a_list_of_people_is_a_file_error(data, complaint):
    with pytest.raises(ViasnaFileError, match=complaint):
        viasna.parse_viasna_json(data)


def test_json_in_cp1251_is_read_too():
    data = json.dumps([{"id": 1, "ФИО": "Образцова Анна", "статус": "np"}], ensure_ascii=False)
    person = only_row(viasna.parse_viasna_json(data.encode("cp1251")))
    assert person.name == "Образцова Анна"


# --- fixtures -------------------------------------------------------------------------------


def test_messy_fixture_reports_each_bad_row_and_keeps_the_good_ones():
    result = viasna.parse_viasna_csv((FIXTURES / "messy.csv").read_bytes())
    assert result.total == 9
    assert [(error.row, error.column) for error in result.errors] == [
        (4, "arrested"), (5, "articles"), (6, "status"), (9, "gender"), (9, "birthday"), (10, "id"),
    ]  # fmt: skip
    assert "'31.02.2021'" in result.errors[0].message
    assert "already used on row 2" in result.errors[-1].message
    assert [(person.row, person.source_id) for person in result.rows] == [
        (2, "2001"), (3, "2002"), (7, "2006"), (8, "2007"),
    ]  # fmt: skip


def test_messy_fixture_multi_line_cells_are_parsed():
    first, second, _, fourth = viasna.parse_viasna_csv((FIXTURES / "messy.csv").read_bytes()).rows
    assert first.name == "Примеров Иван Сергеевич"
    assert first.description == "Учитель истории.\nЗадержан дома."
    assert first.articles == ("342", "361-1")
    assert first.facility == ParsedFacility(
        "ИК-4", ("246035", "г. Гомель", "ул. Антошкина", "3"), "246035"
    )
    assert (first.term_months, first.sentence_kind) == (36, "colony")
    assert (second.birth_year, second.arrested) == (1990, date(2020, 8, 10))
    assert (second.prison_says_released, second.sentence_kind) == (True, "restricted_freedom")
    assert (fourth.died, fourth.died_on, fourth.prison_says_released) == (
        True, date(2022, 5, 12), True,
    )  # fmt: skip


def test_clean_english_fixture_has_eight_valid_rows():
    result = viasna.parse_viasna_csv((FIXTURES / "clean_en.csv").read_bytes())
    assert (result.total, result.errors) == (8, [])
    people = {person.source_id: person for person in result.rows}
    assert [people[i].status for i in ("1001", "1003", "1004")] == ["active", "former", "np"]
    assert people["1001"].facility.postal_code == "246035"
    assert people["1002"].articles == ("361-1", "361-4")
    assert people["1002"].on_terrorist_list is True
    assert people["1003"].release_date == date(2023, 2, 10)
    assert people["1005"].died_on == date(2023, 5, 1)
    assert [people[i].sentence_kind for i in ("1002", "1003", "1004", "1007")] == [
        "prison", "restricted_freedom", "fine", "home_confinement",
    ]  # fmt: skip


def test_clean_belarusian_json_fixture_has_three_valid_rows():
    result = viasna.parse_viasna_json((FIXTURES / "clean_be.json").read_bytes())
    assert (result.total, result.errors) == (3, [])
    first, second, third = result.rows
    assert (first.source_id, first.name) == ("3001", "Прыкладаў Павел Іванавіч")
    assert first.articles == ("342", "130")
    assert first.facility.name == "Папраўчая калонія № 4"
    assert (first.term_months, first.sentence_kind) == (42, "colony")
    assert first.clusters == ("Гомель", "настаўнікі")
    assert (second.prison_says_released, second.sentence_kind) == (True, "restricted_freedom")
    assert (third.birth_year, third.articles, third.penalty) == (1979, (), "")
