"""The numbers of a date as CSV: one row per number, for spreadsheets."""

from __future__ import annotations

import csv
import io

from vestka.registry.exporting import neutralise
from vestka.stats.selectors import Numbers

HEADLINES = (
    "behind_bars",
    "recognised",
    "released",
    "died_in_custody",
    "incommunicado",
    "sentence_years",
)


def numbers_csv(numbers: Numbers) -> str:
    """Columns ``as_of, country, section, key, label, value``: the headline numbers,
    then each breakdown (article, facility, region, sentence, gender, age) and the
    monthly series (section ``monthly_arrests`` etc., key ``YYYY-MM``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["as_of", "country", "section", "key", "label", "value"])
    head = [numbers.on.isoformat(), numbers.country.code]
    data = numbers.as_dict()
    for key in HEADLINES:
        writer.writerow([*head, "headline", key, "", data[key]])
    for section, rows in (
        ("by_article", numbers.by_article),
        ("by_facility", numbers.by_facility),
        ("by_region", numbers.by_region),
        ("by_sentence", numbers.by_sentence),
        ("by_gender", numbers.by_gender),
        ("by_age", numbers.by_age),
    ):
        for row in rows:
            writer.writerow([*head, section, row.key, neutralise(row.label), row.count])
    for month in numbers.counts.monthly:
        for series in ("arrests", "recognitions", "releases"):
            writer.writerow([*head, f"monthly_{series}", month.month, "", getattr(month, series)])
    return out.getvalue()
