from django.urls import path

from vestka.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("campaigns/", views.campaign_index, name="index"),
    path("campaigns/<slug:slug>/", views.campaign, name="campaign"),
    path("campaigns/<slug:slug>/messages/", views.campaign_message, name="campaign_message"),
    path("campaigns/<slug:slug>/share/<str:network>/", views.share, name="share"),
    path("people/<int:pk>/messages/", views.person_messages, name="person_messages"),
]
