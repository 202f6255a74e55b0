from django.urls import path

from vestka.site import views, writing

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/write/", writing.write, name="write"),
    path("facilities/<int:pk>/", views.facility, name="facility"),
    path("letters/screen/", writing.letter_screen, name="letter_screen"),
    path("letters/fewest/", writing.letters_fewest, name="letters_fewest"),
    path("letters/<str:token>/", writing.letter, name="letter"),
    path("letters/<str:token>/screen/", writing.letter_edit_screen, name="letter_edit_screen"),
    path("letters/<str:token>/replies/<int:reply_id>/", writing.letter_reply, name="letter_reply"),
]
