from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "vestka.accounts"
    verbose_name = _("Staff accounts")


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, as Vestka's staff site: every staff account signs in with a
    second factor (see ``accounts.site``)."""

    default = False
    default_site = "vestka.accounts.site.StaffSite"
