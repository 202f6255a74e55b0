from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from vestka.calendar import services
from vestka.calendar.models import DigestSubscription, PublicBirthday


class PublicBirthdayForm(forms.ModelForm):
    class Meta:
        model = PublicBirthday
        fields = ["person", "day", "month", "source_url"]

    def clean(self):
        data = super().clean()
        month, day = data.get("month"), data.get("day")
        if month is not None and day is not None:
            try:
                services.public_birthday_check(month=month, day=day)
            except services.BadBirthday as error:
                raise forms.ValidationError(str(error)) from None
        return data


@admin.register(PublicBirthday)
class PublicBirthdayAdmin(admin.ModelAdmin):
    """Birthdays (day and month) editors chose to show in the public calendar."""

    form = PublicBirthdayForm
    list_display = ["person", "day", "month", "published_at", "published_by"]
    list_filter = ["month"]
    search_fields = ["person__name", "person__source_id"]
    autocomplete_fields = ["person"]

    def save_model(self, request, obj, form, change):
        services.public_birthday_publish(
            person=obj.person,
            month=obj.month,
            day=obj.day,
            source_url=obj.source_url,
            by=request.user,
        )


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    """Counts only: the addresses stay sealed and are never shown."""

    list_display = ["pk", "language", "created_at", "confirmed_at", "last_sent_at"]
    list_filter = ["language", ("confirmed_at", admin.EmptyFieldListFilter)]
    fields = ["language", "created_at", "confirmed_at", "last_sent_at"]
    readonly_fields = fields
    actions = ["purge_unconfirmed"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Delete subscriptions not confirmed in time"))
    def purge_unconfirmed(self, request, queryset):
        purged = services.digest_purge_unconfirmed()
        self.message_user(
            request, _("%(n)s unconfirmed subscriptions deleted.") % {"n": purged}, messages.SUCCESS
        )
