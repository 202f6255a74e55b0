from django.urls import path

from vestka.calendar import views

app_name = "calendar"
urlpatterns = [
    path("", views.month, name="month"),
    path("week/", views.week, name="week"),
    path("print/", views.printable, name="print"),
    path("feed.ics", views.feed, name="feed"),
    path("digest/", views.subscribe, name="subscribe"),
    path("digest/confirm/<str:token>/", views.confirm, name="confirm"),
    path("digest/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
