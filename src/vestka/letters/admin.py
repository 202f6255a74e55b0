"""The moderators' queue: letters with their screening flags, and one page per letter to
approve it, reject it with a reason the sender sees, ask for an edit, or send it to
translation. Every decision goes through ``services.letter_act``."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from vestka.letters import (
    admin_dispatch,  # noqa: F401  (registers the dispatchers' pages)
    admin_translation,
    lifecycle,
    roles,
    services,
)
from vestka.letters.models import Letter, LetterEvent

MODERATOR_ACTIONS = {
    "approve": _("Approve"),
    "request_edit": _("Ask the sender for an edit"),
    "send_to_translation": _("Send to translation"),
    "reject": _("Reject"),
}


class ModerationForm(forms.Form):
    action = forms.ChoiceField(label=_("Decision"), choices=list(MODERATOR_ACTIONS.items()))
    reason = forms.CharField(
        label=_("Reason the sender sees"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to reject a letter or to ask for an edit."),
    )
    state = forms.CharField(widget=forms.HiddenInput)


class LetterEventInline(admin.TabularInline):
    model = LetterEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "from_state", "to_state", "role", "actor", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["created_at", "moderate_link", "person", "sender_name", "verdict", "language"]
    list_filter = ["state", "language"]
    list_select_related = ["person"]
    search_fields = ["person__name", "sender_name"]
    readonly_fields = [
        "person",
        "sender_name",
        "text",
        "translation",
        "language",
        "state",
        "screening",
        "created_at",
    ]
    exclude = ["token", "ui_language"]
    inlines = [LetterEventInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("state"), ordering="state")
    def moderate_link(self, letter: Letter):
        url = reverse("admin:letters_letter_moderate", args=[letter.pk])
        return format_html('<a href="{}">{}</a>', url, letter.get_state_display())

    @admin.display(description=_("screening"))
    def verdict(self, letter: Letter) -> str:
        return str(letter.screening.get("verdict", ""))

    def get_urls(self):
        return [
            # Before the admin's own "<id>/" pattern, which would take "translations/".
            *admin_translation.translation_urls(self.admin_site),
            path(
                "<int:pk>/moderate/",
                self.admin_site.admin_view(self.moderate_view),
                name="letters_letter_moderate",
            ),
            *super().get_urls(),
        ]

    def moderate_view(self, request, pk: int):
        if not roles.user_has_role(request.user, lifecycle.MODERATOR):
            raise PermissionDenied
        letter = get_object_or_404(Letter.objects.select_related("person"), pk=pk)
        form = ModerationForm(request.POST or None, initial={"state": letter.state})
        if request.method == "POST" and form.is_valid():
            try:
                services.letter_act(
                    letter_id=letter.pk,
                    action=form.cleaned_data["action"],
                    role=lifecycle.MODERATOR,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    expected_state=form.cleaned_data["state"],
                )
            except services.LetterRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, _("Done."))
                return redirect("admin:letters_letter_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Moderate a letter"),
            "letter": letter,
            "form": form,
            "flags": [
                {**flag, "quote": letter.text[flag["start"] : flag["end"]][:120]}
                for flag in letter.screening.get("flags", [])
            ],
            "can_moderate": bool(lifecycle.allowed_actions(letter.state, lifecycle.MODERATOR)),
        }
        return TemplateResponse(request, "admin/letters/letter/moderate.html", context)
