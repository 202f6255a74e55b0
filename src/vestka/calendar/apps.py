from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    name = "vestka.calendar"
    # "calendar" alone reads like Python's own module in tables and admin URLs.
    label = "vestka_calendar"
    verbose_name = _("Calendar")
