from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "vestka.api"
    label = "api"
    verbose_name = "API"
