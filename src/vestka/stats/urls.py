from django.urls import path, register_converter

from vestka.stats import views


class IsoDay:
    """YYYY-MM-DD in an address; whether it is a real day the view decides, with a reason."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(IsoDay, "day")

app_name = "stats"
urlpatterns = [
    path("", views.numbers, name="numbers"),
    path("<day:day>.json", views.numbers_json, name="numbers_json"),
    path("<day:day>.csv", views.numbers_csv_download, name="numbers_csv"),
    path("counter/", views.counter, name="counter"),
    path("counter.json", views.counter_json, name="counter_json"),
    path("embed/", views.embed, name="embed"),
    path("report/", views.report_today, name="report_today"),
    path("report/<day:day>/", views.report, name="report"),
    path("report/<day:day>.pdf", views.report_pdf_download, name="report_pdf"),
]
