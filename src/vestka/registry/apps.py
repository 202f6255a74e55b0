from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "vestka.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self):
        from vestka.registry.db import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="vestka-sqlite")
