"""The staff site (/staff/): Django's admin, where every account signs in with its
password and a code from an authenticator app (TOTP, django-otp).

An account that has no authenticator yet signs in with its password once and is taken
straight to setting one up: it sees nothing else until it has. Backup codes, each good
once, are shown when the authenticator is confirmed.
"""

from __future__ import annotations

import base64
import io
from functools import update_wrapper
from typing import Any

import segno
from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from vestka.accounts import audit, services


def has_second_factor(user: Any) -> bool:
    return any(devices_for_user(user, confirmed=True))


def is_verified(user: Any) -> bool:
    """Whether this session's user passed their second factor. Right after signing in,
    the user is not yet the middleware's wrapped one and only carries ``otp_device``."""
    if hasattr(user, "is_verified"):
        return bool(user.is_verified())
    return getattr(user, "otp_device", None) is not None


class StaffAuthenticationForm(AdminAuthenticationForm, OTPAuthenticationFormMixin):
    """Password, then the authenticator's code (required once one is set up); too many
    failures for one account make it wait."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
        help_text=_("Leave it empty if you have not set up an authenticator yet."),
    )

    def _chosen_device(self, user: Any) -> Any:
        # One field for both: six digits are the app's code, anything else a backup code.
        token = (self.cleaned_data.get("otp_token") or "").strip()
        model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
        return model.objects.filter(user=user, confirmed=True).first()

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        blocked_until = services.sign_in_blocked_until(username=username)
        if blocked_until is not None:
            minutes = max(1, round((blocked_until - timezone.now()).total_seconds() / 60))
            raise forms.ValidationError(
                ngettext(
                    "Too many failed sign-ins for this account. Try again in %(minutes)d minute.",
                    "Too many failed sign-ins for this account. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        try:
            self.cleaned_data = super().clean()
            user = self.get_user()
            if has_second_factor(user):
                self.clean_otp(user)
        except forms.ValidationError:
            services.sign_in_failed(username=username)
            raise
        services.sign_in_succeeded(username=username)
        return self.cleaned_data


class StaffSite(admin.AdminSite):
    site_header = _("Vestka staff")
    site_title = _("Vestka staff")
    index_title = _("Registry, letters and campaigns")
    login_form = StaffAuthenticationForm
    login_template = "accounts/login.html"

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and is_verified(request.user)

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        guarded = super().admin_view(view, cacheable)

        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if _needs_second_factor_setup(request):
                return redirect("admin:second_factor_setup")
            return guarded(request, *args, **kwargs)

        return update_wrapper(inner, view)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        response = super().login(request, extra_context)
        if request.method == "POST" and _needs_second_factor_setup(request):
            return redirect("admin:second_factor_setup")
        return response

    def get_urls(self) -> list[Any]:
        return [
            path("audit/", self.admin_view(self.audit_view), name="audit_log"),
            path(
                "second-factor/",
                never_cache(csrf_protect(self.second_factor_setup_view)),
                name="second_factor_setup",
            ),
            *super().get_urls(),
        ]

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> Any:
        app_list = super().get_app_list(request, app_label)
        if request.user.is_superuser and app_label is None:
            url = reverse("admin:audit_log")
            app_list.append(
                {
                    "name": gettext("Audit"),
                    "app_label": "audit",
                    "app_url": url,
                    "has_module_perms": True,
                    "models": [
                        {
                            "name": gettext("Audit log"),
                            "object_name": "AuditLog",
                            "admin_url": url,
                            "view_only": True,
                            "perms": {"view": True},
                        }
                    ],
                }
            )
        return app_list

    def audit_view(self, request: HttpRequest) -> HttpResponse:
        """Every staff change, newest first: admins only."""
        if not request.user.is_superuser:
            raise PermissionDenied
        try:
            limit = min(max(int(request.GET.get("limit", 200)), 1), 2000)
        except ValueError:
            limit = 200
        context = {
            **self.each_context(request),
            "title": gettext("Audit log"),
            "entries": audit.audit_entries(limit=limit),
            "limit": limit,
        }
        return TemplateResponse(request, "accounts/audit_log.html", context)

    def second_factor_setup_view(self, request: HttpRequest) -> HttpResponse:
        """Set up an authenticator app: a QR code and the key, then a code to confirm."""
        user = request.user
        if not (user.is_active and user.is_staff):
            return HttpResponseRedirect(
                f"{reverse('admin:login')}?{REDIRECT_FIELD_NAME}={request.path}"
            )
        if has_second_factor(user):
            return redirect("admin:index")
        device = services.totp_device_pending(user=user)
        error, codes = "", None
        if request.method == "POST":
            allowed, _why = device.verify_is_allowed()
            if not allowed:
                # django-otp waits longer after each wrong code, against guessing.
                error = gettext("Too many wrong codes: wait a little, then enter the next one.")
            else:
                token = request.POST.get("token", "")
                codes = services.totp_device_confirm(device=device, token=token)
                if codes is None:
                    error = gettext("That code is not the one the app shows now; try the next.")
                else:
                    otp_login(request, device)
        context = {
            **self.each_context(request),
            "title": gettext("Set up your second factor"),
            "qr_code": _qr_data_url(device.config_url),
            "key": base64.b32encode(device.bin_key).decode(),
            "error": error,
            "backup_codes": codes,
        }
        return TemplateResponse(request, "accounts/second_factor_setup.html", context)


def _needs_second_factor_setup(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_active and user.is_staff and not is_verified(user) and not has_second_factor(user)
    )


def _qr_data_url(text: str) -> str:
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=5, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()
