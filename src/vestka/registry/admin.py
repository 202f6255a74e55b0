"""Staff editing of the registry through Django's admin, with a change history
(django-simple-history) on every record that matters."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from vestka.registry import services
from vestka.registry.models import (
    Article,
    Country,
    Event,
    Facility,
    Person,
    PersonName,
    Prosecution,
    Region,
    Source,
    Tag,
)


class PersonNameInline(admin.TabularInline):
    model = PersonName
    extra = 1


class ProsecutionInline(admin.StackedInline):
    model = Prosecution
    extra = 0
    filter_horizontal = ["articles"]
    show_change_link = True


class EventInline(admin.TabularInline):
    model = Event
    extra = 1
    fields = ["kind", "date", "facility", "source", "description", "release_reason",
              "declaration_url", "notes"]
    autocomplete_fields = ["facility", "source"]
    ordering = ["date", "id"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "source_id", "custody", "recognised", "facility", "custody_since",
                    "is_demo"]
    list_filter = ["custody", "recognised", "incommunicado", "gender", "country", "is_demo",
                   "on_terrorist_list", "tags"]
    search_fields = ["name", "source_id", "names__text"]
    readonly_fields = ["custody", "recognised", "incommunicado", "facility", "custody_since",
                       "custody_until", "created_at", "updated_at"]
    filter_horizontal = ["tags"]
    inlines = [PersonNameInline, ProsecutionInline, EventInline]
    list_select_related = ["facility"]
    fieldsets = [
        (None, {"fields": ["name", "country", "source_id", "source_url", "gender", "birth_year",
                           "photo", "tags", "on_terrorist_list", "is_demo"]}),
        (_("Story"), {"fields": ["biography_en", "biography_be", "biography_ru"]}),
        (_("Staff only"), {"fields": ["birth_date", "relatives", "notes", "photo_source_url"],
                           "description": _("Never shown on public pages, in the API or exports.")}),
        (_("Derived from events"), {"fields": ["custody", "recognised", "incommunicado",
                                               "facility", "custody_since", "custody_until",
                                               "created_at", "updated_at"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Events may have been added or edited in the inline: status follows them.
        services.person_refresh_custody(person=form.instance)


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["person", "kind", "date", "facility", "source"]
    list_filter = ["kind"]
    search_fields = ["person__name", "description"]
    autocomplete_fields = ["person", "facility", "source", "prosecution"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.person_refresh_custody(person=obj.person)

    def delete_model(self, request, obj):
        person = obj.person
        super().delete_model(request, obj)
        services.person_refresh_custody(person=person)

    def delete_queryset(self, request, queryset):
        person_ids = list(queryset.values_list("person_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        services.people_refresh_custody(person_ids=person_ids)


@admin.register(Prosecution)
class ProsecutionAdmin(SimpleHistoryAdmin):
    list_display = ["person", "detained_on", "verdict_on", "sentence_kind", "term_months"]
    search_fields = ["person__name", "case_number", "judge", "court"]
    filter_horizontal = ["articles"]
    autocomplete_fields = ["person"]


@admin.register(Facility)
class FacilityAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "region", "postal_code", "address_verified"]
    list_filter = ["country", "kind", "region", "address_verified"]
    search_fields = ["name_en", "name_be", "name_ru", "aliases", "address"]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["number", "country", "title_en", "titles_verified"]
    list_filter = ["country", "titles_verified"]
    search_fields = ["number", "title_en", "title_be", "title_ru"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "publisher", "published_on"]
    search_fields = ["url", "title", "publisher"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_be", "name_ru"]
    search_fields = ["slug", "name_en", "name_be", "name_ru"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "country", "name_en", "postal_prefixes"]
    list_filter = ["country"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "postal_line"]


admin.site.site_header = _("Vestka staff")
admin.site.site_title = _("Vestka staff")
admin.site.index_title = _("Registry")
