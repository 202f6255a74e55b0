import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

import vestka

LOCALE_DIR = Path(vestka.__file__).resolve().parent / "locale"
LANGUAGES = ["be", "ru"]


def po_entries(path: Path) -> list[dict]:
    """A tiny .po parser: each entry's flags, msgid, msgid_plural and msgstr[n] values."""
    entries, entry, key = [], None, None

    def unquote(text: str) -> str:
        return text[1:-1].encode("raw_unicode_escape").decode("unicode_escape")

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        if entry is None:
            entry = {"flags": "", "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] += line[2:]
        elif line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#"):
            continue
        elif m := re.match(r'(msgid_plural|msgid|msgctxt|msgstr(?:\[\d+\])?) (".*")$', line):
            key, value = m.group(1), unquote(m.group(2))
            if key.startswith("msgstr"):
                entry["msgstr"][key] = value
            else:
                entry[key] = value
        elif line.startswith('"') and key:
            if key.startswith("msgstr"):
                entry["msgstr"][key] += unquote(line)
            else:
                entry[key] += unquote(line)
    return entries


def msgids(path: Path) -> set[tuple[str, str]]:
    return {
        (e.get("msgctxt", ""), e["msgid"])
        for e in po_entries(path)
        if e.get("msgid") and not e.get("obsolete")
    }


def test_every_marked_string_is_in_the_catalogues(tmp_path):
    """`make messages` has been run since the last string was marked: extracting the
    strings again from a copy of the source finds nothing the catalogues lack."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI"):
            pytest.fail("xgettext not found; .ci/run installs gettext")
        pytest.skip("xgettext not found (apt-get install -y gettext)")
    source = LOCALE_DIR.parent
    copy = tmp_path / "vestka"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("var", "*.mo", "__pycache__"))
    subprocess.run(
        # -P: the copy holds a package named "calendar" that must not hide the standard one.
        [sys.executable, "-P", "-m", "django", "makemessages", "-l", "be", "--no-obsolete"],
        cwd=copy,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "vestka.settings",
            "VESTKA_VAR": str(tmp_path),
        },
        check=True,
        capture_output=True,
    )
    extracted = msgids(copy / "locale" / "be" / "LC_MESSAGES" / "django.po")
    for language in LANGUAGES:
        kept = msgids(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")
        missing = sorted(msgid for _context, msgid in extracted - kept)
        assert not missing, f"not in the {language} catalogue (run make messages): {missing[:10]}"
        unused = sorted(msgid for _context, msgid in kept - extracted)
        assert not unused, f"no longer used, still in the {language} catalogue: {unused[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translation_catalogue_is_complete(language):
    path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    entries = [e for e in po_entries(path) if e.get("msgid") and not e.get("obsolete")]
    assert len(entries) > 100
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    missing = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    assert not fuzzy, f"fuzzy in {language}: {fuzzy[:10]}"
    assert not missing, f"untranslated in {language}: {missing[:10]}"
    plurals = [e for e in entries if "msgid_plural" in e]
    assert all(len(e["msgstr"]) == 4 for e in plurals), "be and ru have four plural forms"
    assert (path.with_suffix(".mo")).stat().st_mtime >= path.stat().st_mtime - 1


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("be", "Дэма-даныя: усе людзі тут выдуманыя."),
        ("ru", "Демо-данные: все люди здесь вымышлены."),
    ],
)
def test_known_strings_render_translated(language, text):
    with translation.override(language):
        assert translation.gettext("Demo data: every person shown here is fictional.") == text
        assert translation.gettext("Address for an envelope") != "Address for an envelope"
        assert translation.gettext("penal colony") != "penal colony"  # a model choice


@pytest.mark.django_db
def test_pages_render_in_each_language(client, registry):
    person_url = registry["alena"].get_absolute_url()
    expected = {
        "": "Address for an envelope",
        "/be": "Адрас для канверта",
        "/ru": "Адрес для конверта",
    }
    for prefix, heading in expected.items():
        response = client.get(prefix + person_url)
        assert response.status_code == 200
        assert heading in response.content.decode()


def language_link(html: str, code: str) -> str:
    """The address the language switcher gives for the language ``code``."""
    pattern = rf'<a href="([^"]*)" lang="{code}" hreflang="{code}"'
    return re.search(pattern, html).group(1).replace("&amp;", "&")


@pytest.mark.django_db
def test_language_switcher_changes_the_language_and_keeps_the_page(client, registry):
    html = client.get(reverse("site:people") + "?article=342").content.decode()
    assert language_link(html, "be") == "/be/people/?article=342"
    html = client.get(language_link(html, "be")).content.decode()
    assert '<html lang="be">' in html
    assert "Людзі" in html
    assert language_link(html, "ru") == "/ru/people/?article=342"
    html = client.get(language_link(html, "ru")).content.decode()
    assert '<html lang="ru">' in html
    assert language_link(html, "en") == "/people/?article=342"
    assert '<html lang="en">' in client.get(language_link(html, "en")).content.decode()


@pytest.mark.django_db
def test_switching_language_sets_no_cookie(client, registry):
    response = client.get("/be" + registry["alena"].get_absolute_url())
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.django_db
def test_switcher_offers_every_language_by_its_own_name(client, registry):
    html = client.get(reverse("site:home")).content.decode()
    for code, name in (("en", "English"), ("be", "Беларуская"), ("ru", "Русский")):
        assert f'lang="{code}" hreflang="{code}"' in html
        assert name in html


@pytest.mark.django_db
def test_dates_are_written_in_each_language(client, registry):
    url = registry["alena"].get_absolute_url()
    expected = {"": "March 1, 2021", "/be": "1 сакавіка 2021 г.", "/ru": "1 марта 2021 г."}
    for prefix, text in expected.items():
        assert text in client.get(prefix + url).content.decode(), prefix
