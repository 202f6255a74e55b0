"""Days of action and remembrance, per country, until campaigns supply their own.

Each day recurs on the same date every year. ``countries`` empty means every country
(the United Nations' days); otherwise the ISO codes of the registries it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DayOfAction:
    slug: str
    month: int
    day: int
    title: str | Promise
    description: str | Promise
    url: str
    countries: tuple[str, ...] = ()


DAYS_OF_ACTION: tuple[DayOfAction, ...] = (
    DayOfAction(
        slug="by-political-prisoners-solidarity",
        month=5,
        day=21,
        title=_("Day of Solidarity with Political Prisoners in Belarus"),
        description=_(
            "Held on 21 May in memory of Vitold Ashurak, a political prisoner who died in a "
            "penal colony on 21 May 2021. Write to someone behind bars today."
        ),
        url="https://spring96.org/en",
        countries=("BY",),
    ),
    DayOfAction(
        slug="un-victims-of-torture",
        month=6,
        day=26,
        title=_("International Day in Support of Victims of Torture"),
        description=_("The United Nations' day against torture and for those who survived it."),
        url="https://www.un.org/en/observances/torture-victims-day",
    ),
    DayOfAction(
        slug="un-enforced-disappearances",
        month=8,
        day=30,
        title=_("International Day of the Victims of Enforced Disappearances"),
        description=_(
            "The United Nations' day for people held where nobody is told: think of those "
            "held incommunicado."
        ),
        url="https://www.un.org/en/observances/victims-enforced-disappearance",
    ),
    DayOfAction(
        slug="un-human-rights-day",
        month=12,
        day=10,
        title=_("Human Rights Day"),
        description=_(
            "The day the Universal Declaration of Human Rights was adopted in 1948; "
            "letter-writing marathons for prisoners of conscience run around it."
        ),
        url="https://www.un.org/en/observances/human-rights-day",
    ),
)
