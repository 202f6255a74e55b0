from django.urls import path

from vestka.cards import views

app_name = "cards"
urlpatterns = [
    path("people/<int:pk>/card-<str:size>.png", views.person_card, name="person"),
]
