"""The public numbers: page, downloads, the embeddable counter and the report."""

import csv
import io
import json

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.django_db

DAY = "2022-06-01"


def test_the_numbers_page_shows_the_hand_counted_numbers_with_charts_and_tables(client, registry):
    response = client.get("/numbers/", {"as_of": DAY})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Political prisoners in Belarus as of" in html
    assert '<span class="number" id="stat-behind-bars">3</span>' in html
    # Every chart is an SVG with a title and a description, beside its table.
    assert html.count('<svg class="chart"') == 7
    assert html.count("<title id=") == 7 and html.count("<desc id=") == 7
    assert 'Penal colony No. 4</a></th><td class="num">2</td>' in html
    assert 'href="/numbers/2022-06-01.csv"' in html
    assert 'href="/numbers/2022-06-01.json"' in html
    assert 'href="/numbers/report/2022-06-01.pdf"' in html
    assert 'aria-current="page">Numbers</a>' in html


def test_the_main_menu_links_to_the_numbers(client, registry):
    html = client.get("/").content.decode()
    assert '<a href="/numbers/">Numbers</a>' in html


@pytest.mark.parametrize("value", ["2022-13-01", "yesterday", "2999-01-01"])
def test_a_bad_date_gets_the_form_back_with_a_reason(client, registry, value):
    response = client.get("/numbers/", {"as_of": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The numbers could not be counted" in html
    assert "is not a day the numbers can be counted on" in html


def test_the_numbers_page_is_translated(client, registry):
    response = client.get("/be/numbers/", {"as_of": DAY})
    assert response.status_code == 200
    assert '<html lang="be">' in response.content.decode()


def test_the_json_download_has_a_stable_address_and_every_number(client, registry):
    response = client.get(f"/numbers/{DAY}.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    numbers = json.loads(response.content)
    assert (numbers["as_of"], numbers["behind_bars"], numbers["released"]) == (DAY, 3, 2)
    assert numbers["by_article"] == {"130": 1, "342": 1, "361-1": 1}


def test_the_csv_download_has_one_row_per_number(client, registry):
    response = client.get(f"/numbers/{DAY}.csv")
    assert response.status_code == 200
    assert 'filename="vestka-numbers-by-2022-06-01.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    value = {(r["section"], r["key"]): r["value"] for r in rows}
    assert value[("headline", "behind_bars")] == "3"
    assert value[("by_article", "342")] == "1"
    assert value[("by_region", "gomel")] == "2"
    assert value[("monthly_arrests", "2020-08")] == "1"
    assert {r["as_of"] for r in rows} == {DAY}


@pytest.mark.parametrize("url", ["/numbers/2022-02-30.json", "/numbers/2999-01-01.csv"])
def test_a_download_for_a_day_that_is_not_one_is_a_400_with_a_reason(client, registry, url):
    response = client.get(url)
    assert response.status_code == 400
    assert json.loads(response.content)["error"]["message"]


def test_a_download_for_an_unknown_country_is_refused(client, registry):
    response = client.get(f"/numbers/{DAY}.json", {"country": "ZZ"})
    assert response.status_code == 400
    assert "Unknown country 'ZZ'" in json.loads(response.content)["error"]["message"]


def test_only_the_counter_may_be_framed_by_other_sites(client, registry):
    counter = client.get("/numbers/counter/")
    assert counter.status_code == 200
    assert "X-Frame-Options" not in counter
    assert "frame-ancestors *" in counter["Content-Security-Policy"]
    assert '<span class="number">3</span>' in counter.content.decode()
    for url in ("/numbers/", "/numbers/embed/", f"/numbers/report/{DAY}/"):
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url


def test_the_counter_json_is_today_s_count(client, registry):
    response = client.get("/numbers/counter.json")
    assert response["Access-Control-Allow-Origin"] == "*"
    body = json.loads(response.content)
    assert body["behind_bars"] == 3 and body["country"] == "BY"
    assert body["url"].endswith("/numbers/")


def test_the_embed_page_gives_the_iframe_snippet(client, registry):
    html = client.get("/numbers/embed/").content.decode()
    assert '&lt;iframe src="http://127.0.0.1:8000/numbers/counter/"' in html


def test_the_report_lists_deaths_incommunicado_sentences_and_their_sources(client, registry):
    response = client.get("/numbers/report/2023-06-01/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Political prisoners in Belarus as of" in html
    deaths = html.split('id="deaths-heading"')[1].split("</section>")[0]
    assert "Цімафей Несапраўдны" in deaths and "2023-03-03" in deaths
    assert "https://example.org/cimafiej-died" in deaths
    incommunicado = html.split('id="incommunicado-heading"')[1].split("</section>")[0]
    assert "Дзяніс Выдуманы" in incommunicado
    longest = html.split('id="longest-heading"')[1].split("</section>")[0]
    assert longest.index("Фёдар Несапраўдны") < longest.index("Ганна Выдуманая")
    assert "life" in longest and "3 years" in longest
    sources = html.split('id="sources-heading"')[1]
    assert "https://example.org/dzianis-incommunicado" in sources


def test_the_report_picker_goes_to_the_report_of_the_chosen_day(client, registry):
    response = client.get("/numbers/report/", {"as_of": "2023-06-01"})
    assert response.status_code == 200
    assert "Цімафей Несапраўдны" in response.content.decode()


def test_the_pdf_report_has_the_title_the_numbers_and_the_names_in_cyrillic(client, registry):
    response = client.get("/numbers/report/2023-06-01.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Political prisoners in Belarus as of 2023-06-01" in text
    for name in ("Цімафей Несапраўдны", "Дзяніс Выдуманы", "Фёдар Несапраўдны"):
        assert name in text
    assert "https://example.org/cimafiej-died" in text
    assert reader.metadata.title == "Political prisoners in Belarus as of 2023-06-01"


def test_no_staff_only_field_reaches_any_of_the_numbers(client, registry):
    # Anna's exact birth date is staff-only: only her birth year may be used.
    secrets = ("1980-04-17", "17.04.1980", "April 17, 1980", "17 April 1980")
    for url in (
        f"/numbers/?as_of={DAY}",
        f"/numbers/{DAY}.json",
        f"/numbers/{DAY}.csv",
        f"/numbers/report/{DAY}/",
        "/numbers/counter/",
        "/numbers/counter.json",
        f"/api/v1/stats?as_of={DAY}",
    ):
        body = client.get(url).content.decode()
        assert not any(secret in body for secret in secrets), url
    pdf = client.get(f"/numbers/report/{DAY}.pdf").content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert not any(secret in text for secret in secrets)


def test_a_long_list_in_the_report_shows_the_most_recent_and_says_how_many_in_all(
    client, registry, monkeypatch
):
    from datetime import date

    from tests.factories import prisoner
    from vestka.stats import selectors

    prisoner(detained=date(2023, 5, 2), name="Першы Навічок")
    prisoner(detained=date(2023, 5, 20), name="Другі Навічок")
    monkeypatch.setattr(selectors, "REPORT_LIST_MAX", 1)
    html = client.get("/numbers/report/2023-06-01/").content.decode()
    recognised = html.split('id="recognised-heading"')[1].split("</section>")[0]
    assert "The most recent 1 of 2 people" in recognised
    assert "Другі Навічок" in recognised and "Першы Навічок" not in recognised
    text = "".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(client.get("/numbers/report/2023-06-01.pdf").content)).pages
    )
    assert "The most recent 1 of 2 people" in text
