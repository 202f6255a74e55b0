"""Staff pages: campaigns (the Campaigners group), and the moderators' queue of
solidarity messages with one page per message to approve, reject or withdraw it.
Every decision goes through ``services.message_act``."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from vestka.campaigns import selectors, services
from vestka.campaigns.models import Campaign, MessageEvent, SolidarityMessage

MODERATE_PERMISSION = "campaigns.moderate_message"
ACTION_LABELS = {
    "approve": _("Approve: show it"),
    "reject": _("Reject"),
    "withdraw": _("Withdraw: stop showing it"),
}


def user_moderates_messages(user) -> bool:
    """An active staff user with the message moderators' permission (Moderators and
    Message moderators have it; a superuser has every permission)."""
    return bool(user.is_active and user.is_staff and user.has_perm(MODERATE_PERMISSION))


class CampaignAdminForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "kind", "country", "slug", "hashtag", "title_en", "title_be", "title_ru",
            "description_en", "description_be", "description_ru", "starts_on", "ends_on",
            "day_of_action", "recurs_yearly", "tag", "people", "goal_letters", "goal_period",
        ]  # fmt: skip

    def clean(self):
        data = super().clean()
        problems = services.campaign_problems(
            kind=data.get("kind") or "",
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            day_of_action=data.get("day_of_action"),
            tag=data.get("tag"),
            people=list(data.get("people") or []),
            country=data.get("country"),
        )
        for field, message in problems.items():
            self.add_error(field if field in self.fields else None, message)
        return data


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    form = CampaignAdminForm
    list_display = ["title_en", "kind", "country", "starts_on", "ends_on", "hashtag", "page"]
    list_filter = ["kind", "country"]
    search_fields = ["slug", "title_en", "title_be", "title_ru", "hashtag"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["people", "tag"]
    readonly_fields = ["counters"]
    fieldsets = [
        (None, {"fields": ["kind", "country", "slug", "hashtag", "counters"]}),
        (_("Title and description"), {"fields": [
            "title_en", "title_be", "title_ru", "description_en", "description_be",
            "description_ru",
        ]}),
        (_("Dates"), {"fields": ["starts_on", "ends_on", "day_of_action", "recurs_yearly"]}),
        (_("People"), {"fields": ["tag", "people"]}),
        (_("Goal"), {"fields": ["goal_letters", "goal_period"]}),
    ]  # fmt: skip

    def has_delete_permission(self, request, obj=None):
        # A campaign's counters and messages are its history: end it instead.
        return False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.campaign_cards_queue(campaign=form.instance)

    @admin.display(description=_("public page"))
    def page(self, campaign: Campaign):
        return format_html('<a href="{}">{}</a>', campaign.get_absolute_url(), campaign.slug)

    @admin.display(description=_("counters"))
    def counters(self, campaign: Campaign) -> str:
        if campaign.pk is None:
            return "—"
        counters = selectors.campaign_counters(campaign=campaign, today=timezone.localdate())
        return str(
            _("%(letters)d letters, %(messages)d messages, %(shares)d shares")
            % {
                "letters": counters.letters,
                "messages": counters.messages,
                "shares": counters.shares,
            }
        )


class ModerationForm(forms.Form):
    action = forms.ChoiceField(label=_("Decision"), choices=[])
    reason = forms.CharField(
        label=_("Note for the other moderators"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    state = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["action"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(action, ACTION_LABELS[action]) for action in actions]


class StateFilter(admin.SimpleListFilter):
    """The queue first: the list opens on the messages waiting for a decision."""

    title = _("state")
    parameter_name = "state"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*SolidarityMessage.State.choices, (self.ALL, _("all"))]

    def value(self):
        return super().value() or SolidarityMessage.State.PENDING

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(state=self.value())


class MessageEventInline(admin.TabularInline):
    model = MessageEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "from_state", "to_state", "actor", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SolidarityMessage)
class SolidarityMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "moderate_link", "to", "sender_name", "excerpt", "flags"]
    list_filter = [StateFilter, "language"]
    list_select_related = ["person", "campaign"]
    search_fields = ["sender_name", "text", "person__name", "campaign__title_en"]
    fields = ["person", "campaign", "sender_name", "text", "language", "state", "created_at"]
    readonly_fields = fields
    inlines = [MessageEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("state"), ordering="state")
    def moderate_link(self, message: SolidarityMessage):
        url = reverse("admin:campaigns_solidaritymessage_moderate", args=[message.pk])
        return format_html('<a href="{}">{}</a>', url, message.get_state_display())

    @admin.display(description=_("to"))
    def to(self, message: SolidarityMessage) -> str:
        return str(message.recipient)

    @admin.display(description=_("message"))
    def excerpt(self, message: SolidarityMessage) -> str:
        return message.text if len(message.text) <= 80 else message.text[:79] + "…"

    @admin.display(description=_("flags"))
    def flags(self, message: SolidarityMessage) -> str:
        return ", ".join(flag["rule"] for flag in message.screening.get("flags", []))

    def get_urls(self):
        return [
            path(
                "<int:pk>/moderate/",
                self.admin_site.admin_view(self.moderate_view),
                name="campaigns_solidaritymessage_moderate",
            ),
            *super().get_urls(),
        ]

    def moderate_view(self, request, pk: int):
        if not user_moderates_messages(request.user):
            raise PermissionDenied
        message = get_object_or_404(
            SolidarityMessage.objects.select_related("person", "campaign"), pk=pk
        )
        actions = services.moderator_actions(message.state)
        form = ModerationForm(
            request.POST or None, initial={"state": message.state}, actions=actions
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.message_act(
                    message_id=message.pk,
                    action=form.cleaned_data["action"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    expected_state=form.cleaned_data["state"],
                )
            except services.CampaignRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, _("Done."))
                return redirect("admin:campaigns_solidaritymessage_changelist")
        elif request.method == "POST" and request.POST.get("state") != message.state:
            # A decision the message no longer allows: someone acted on it first.
            messages.error(
                request,
                _("Someone acted on this message first: it is now %(state)s.")
                % {"state": message.get_state_display()},
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Moderate a solidarity message"),
            "message": message,
            "form": form,
            "flags": message.screening.get("flags", []),
            "can_moderate": bool(actions),
            "events": message.events.select_related("actor"),
        }
        return TemplateResponse(request, "admin/campaigns/solidaritymessage/moderate.html", context)
