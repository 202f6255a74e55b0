from django.urls import path

from vestka.site import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person, name="person"),
    path("facilities/<int:pk>/", views.facility, name="facility"),
]
