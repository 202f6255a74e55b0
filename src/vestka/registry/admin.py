"""Staff editing of the registry through Django's admin, with a change history
(django-simple-history) on every record that matters."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from vestka.letters.scans import ScanRefused, scan_clean
from vestka.registry import import_runs, merging, services
from vestka.registry.models import (
    Article,
    Country,
    DuplicateCandidate,
    Event,
    Facility,
    ImportRun,
    Person,
    PersonName,
    PersonRedirect,
    Prosecution,
    Region,
    Source,
    Tag,
)
from vestka.stats.services import registry_version_bump


class RegistryChangeAdmin(admin.ModelAdmin):
    """Every save and deletion in the registry's staff pages makes the numbers stale
    (the cached statistics are keyed on the registry's version)."""

    @staticmethod
    def changed_people(obj) -> list[int] | None:
        """The people an edit of ``obj`` changes; None: it may change anyone's numbers
        (a facility's region, an article's number)."""
        if isinstance(obj, Person):
            return [obj.pk]
        if isinstance(obj, Event | Prosecution | PersonName):
            return [obj.person_id]
        return None

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        registry_version_bump(person_ids=self.changed_people(obj))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        registry_version_bump(person_ids=self.changed_people(form.instance))

    def delete_model(self, request, obj):
        people = self.changed_people(obj)
        super().delete_model(request, obj)
        registry_version_bump(person_ids=people)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        registry_version_bump()


class RegistryHistoryAdmin(RegistryChangeAdmin, SimpleHistoryAdmin):
    """A registry record with its change history."""


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
    fields = [
        "kind",
        "date",
        "facility",
        "source",
        "description",
        "release_reason",
        "declaration_url",
        "notes",
    ]
    autocomplete_fields = ["facility", "source"]
    ordering = ["date", "id"]


# What an editor types about a person, in the groups the staff page shows; the rest
# follows from events.
PERSON_EDITED_FIELDSETS = [
    (
        None,
        {
            "fields": [
                "name",
                "country",
                "source_id",
                "source_url",
                "gender",
                "birth_year",
                "photo",
                "tags",
                "on_terrorist_list",
                "is_demo",
            ]
        },
    ),
    (_("Story"), {"fields": ["biography_en", "biography_be", "biography_ru"]}),
    (
        _("Staff only"),
        {
            "fields": ["birth_date", "relatives", "notes", "photo_source_url"],
            "description": _("Never shown on public pages, in the API or exports."),
        },
    ),
]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [name for _title, group in PERSON_EDITED_FIELDSETS for name in group["fields"]]

    def clean_photo(self):
        """A new photo is drawn again without its metadata (where and when it was taken,
        with what camera) and turned upright; anything but a real JPEG, PNG or WebP of a
        sane size is refused with the reason."""
        photo = self.cleaned_data.get("photo")
        if not isinstance(photo, UploadedFile):
            return photo  # unchanged, or cleared
        try:
            clean = scan_clean(upload=photo, name=photo.name or "")
        except ScanRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None
        # Not the uploaded name either: "IMG_Homel_colony.jpg" says where it was taken.
        return ContentFile(clean.content, name=f"photo.{clean.extension}")


@admin.register(Person)
class PersonAdmin(RegistryHistoryAdmin):
    form = PersonForm
    list_display = [
        "name",
        "source_id",
        "custody",
        "recognised",
        "facility",
        "custody_since",
        "is_demo",
    ]
    list_filter = [
        "custody",
        "recognised",
        "incommunicado",
        "gender",
        "country",
        "is_demo",
        "on_terrorist_list",
        "tags",
    ]
    search_fields = ["name", "source_id", "names__text"]
    readonly_fields = [*services.DERIVED_FIELDS, "created_at", "updated_at"]
    filter_horizontal = ["tags"]
    inlines = [PersonNameInline, ProsecutionInline, EventInline]
    list_select_related = ["facility"]
    fieldsets = [*PERSON_EDITED_FIELDSETS, (_("Derived from events"), {"fields": readonly_fields})]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Events may have been added or edited in the inline: status follows them;
        # and names: search keys follow them.
        services.person_refresh_custody(person=form.instance)
        services.person_refresh_name_keys(person=form.instance)


@admin.register(Event)
class EventAdmin(RegistryHistoryAdmin):
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
class ProsecutionAdmin(RegistryHistoryAdmin):
    list_display = ["person", "detained_on", "verdict_on", "sentence_kind", "term_months"]
    search_fields = ["person__name", "case_number", "judge", "court"]
    filter_horizontal = ["articles"]
    autocomplete_fields = ["person"]


@admin.register(Facility)
class FacilityAdmin(RegistryHistoryAdmin):
    list_display = ["__str__", "kind", "region", "postal_code", "address_verified"]
    list_filter = ["country", "kind", "region", "address_verified"]
    search_fields = ["name_en", "name_be", "name_ru", "aliases", "address"]


@admin.register(Article)
class ArticleAdmin(RegistryHistoryAdmin):
    list_display = ["number", "country", "title_en", "titles_verified"]
    list_filter = ["country", "titles_verified"]
    search_fields = ["number", "title_en", "title_be", "title_ru"]


@admin.register(Source)
class SourceAdmin(RegistryChangeAdmin):
    list_display = ["__str__", "publisher", "published_on"]
    search_fields = ["url", "title", "publisher"]


@admin.register(Tag)
class TagAdmin(RegistryChangeAdmin):
    list_display = ["slug", "name_en", "name_be", "name_ru"]
    search_fields = ["slug", "name_en", "name_be", "name_ru"]


@admin.register(Region)
class RegionAdmin(RegistryChangeAdmin):
    list_display = ["code", "country", "name_en", "postal_prefixes"]
    list_filter = ["country"]


@admin.register(Country)
class CountryAdmin(RegistryChangeAdmin):
    list_display = ["code", "name_en", "postal_line"]


admin.site.site_header = _("Vestka staff")
admin.site.site_title = _("Vestka staff")
admin.site.index_title = _("Registry")


# How often an import's page reloads itself while the worker reads or applies the file.
IMPORT_REFRESH_SECONDS = 3


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("List file"))
    format = forms.ChoiceField(label=_("Format"), choices=ImportRun.Format.choices)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.all(), initial="BY"
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows even if some rows are invalid"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.VESTKA_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.VESTKA_IMPORT_MAX_BYTES),
                }
            )
        return upload


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Upload a list, look at the preview of what would change, then apply it. The
    background worker reads and applies the file; the pages show how far it got."""

    list_display = ["filename", "format", "uploaded_at", "uploaded_by", "state", "summary"]
    list_filter = ["state"]
    readonly_fields = [
        "filename",
        "format",
        "country",
        "skip_invalid",
        "state",
        "error",
        "uploaded_at",
        "uploaded_by",
        "applied_at",
        "applied_by",
        "sha256",
    ]
    exclude = ["data", "preview", "result"]

    @admin.display(description=_("preview"))
    def summary(self, run: ImportRun) -> str:
        p = run.result or run.preview
        if not p:
            return "—"
        return _(
            "%(created)s new, %(updated)s updated, %(unchanged)s unchanged, %(errors)s invalid"
        ) % {**p, "errors": len(p.get("errors", []))}

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="registry_importrun_preview",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            run = import_runs.import_run_upload(
                data=upload.read(),
                filename=upload.name,
                fmt=form.cleaned_data["format"],
                country=form.cleaned_data["country"],
                skip_invalid=form.cleaned_data["skip_invalid"],
                by=request.user,
            )
            return redirect("admin:registry_importrun_preview", run.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a list"),
            "form": form,
            "opts": self.model._meta,
            "max_bytes": settings.VESTKA_IMPORT_MAX_BYTES,
        }
        return TemplateResponse(request, "admin/registry/importrun/upload.html", context)

    def preview_view(self, request, pk: int):
        run = get_object_or_404(ImportRun, pk=pk)
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_add_permission(request):
                raise PermissionDenied
            try:
                import_runs.import_run_claim(run=run, by=request.user)
            except import_runs.ImportRunRefused as refused:
                messages.error(request, str(refused))
            return redirect("admin:registry_importrun_preview", run.pk)
        shown = 500
        changes = [c for c in run.preview.get("changes", []) if c["action"] != "unchanged"]
        State = ImportRun.State
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import preview: %(name)s") % {"name": run.filename},
            "run": run,
            "report": run.result or run.preview,
            "changes": changes[:shown],
            "hidden_changes": max(0, len(changes) - shown),
            "opts": self.model._meta,
            "working": run.state in (State.READING, State.APPLYING),
            "refresh_seconds": IMPORT_REFRESH_SECONDS,
            "can_apply": run.preview
            and not run.preview.get("refused")
            and run.state in (State.READY, State.FAILED),
        }
        return TemplateResponse(request, "admin/registry/importrun/preview.html", context)


def _person_admin_link(person: Person):
    return format_html(
        '<a href="{}">{}</a>', reverse("admin:registry_person_change", args=[person.pk]), person
    )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that only services write: staff read them, never add, edit or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DuplicateCandidate)
class DuplicateCandidateAdmin(ReadOnlyAdmin):
    """The queue of possible duplicates: staff review each pair side by side and merge
    it or dismiss it (see ``merging``). Pairs are found by imports, never added here."""

    list_display = [
        "review",
        "person_link",
        "other_link",
        "score",
        "reason",
        "found_by",
    ]
    # The status leads to the review page; the names lead to the people.
    list_display_links = None
    list_filter = ["status"]
    list_select_related = ["person", "other", "import_run"]
    readonly_fields = [
        "person",
        "other",
        "score",
        "reason",
        "status",
        "import_run",
        "found_at",
        "decided_at",
        "decided_by",
    ]
    # Deciding a pair needs what a merge does to people.
    decide_permissions = ["registry.change_person", "registry.delete_person"]

    def get_queryset(self, request):
        # A pair merged no longer holds the record merged. The merge stamps the pair and
        # the PersonRedirect it writes with one time, and later merges carry both to the
        # next person kept: that finds the old name and id.
        redirect = PersonRedirect.objects.filter(
            person=Coalesce(OuterRef("person"), OuterRef("other")),
            merged_at=OuterRef("decided_at"),
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                merged_old_id=Subquery(redirect.values("old_id")[:1]),
                merged_old_name=Subquery(redirect.values("old_name")[:1]),
            )
        )

    @admin.display(description=_("status"), ordering="status")
    def review(self, candidate: DuplicateCandidate):
        url = reverse("admin:registry_duplicatecandidate_review", args=[candidate.pk])
        return format_html('<a href="{}">{}</a>', url, candidate.get_status_display())

    @admin.display(description=_("import"), ordering="import_run__uploaded_at")
    def found_by(self, candidate: DuplicateCandidate):
        run = candidate.import_run
        if run is None:
            return "—"
        url = reverse("admin:registry_importrun_preview", args=[run.pk])
        return format_html('<a href="{}">{}</a>', url, run.filename)

    @admin.display(description=_("person"), ordering="person__name")
    def person_link(self, candidate: DuplicateCandidate):
        if candidate.person is None:
            return _gone_label(candidate)
        return _person_admin_link(candidate.person)

    @admin.display(description=_("possible duplicate"), ordering="other__name")
    def other_link(self, candidate: DuplicateCandidate):
        if candidate.other is None:
            return _gone_label(candidate)
        return _person_admin_link(candidate.other)

    def get_urls(self):
        return [
            path(
                "<int:pk>/review/",
                self.admin_site.admin_view(self.review_view),
                name="registry_duplicatecandidate_review",
            ),
            *super().get_urls(),
        ]

    def review_view(self, request, pk: int):
        candidate = get_object_or_404(
            self.get_queryset(request).select_related("import_run", "decided_by"), pk=pk
        )
        if not self.has_view_permission(request, candidate):
            raise PermissionDenied
        can_decide = request.user.has_perms(self.decide_permissions)
        if request.method == "POST":
            if not can_decide:
                raise PermissionDenied
            return self._decide(request, candidate)
        people = {
            p.pk: p
            for p in Person.objects.filter(pk__in=[candidate.person_id, candidate.other_id])
            .select_related("facility", "country")
            .prefetch_related("names", "tags")
            .annotate(
                prosecution_count=Count("prosecutions", distinct=True),
                event_count=Count("events", distinct=True),
            )
        }
        left, right = people.get(candidate.person_id), people.get(candidate.other_id)
        left_label = left.name if left else _gone_label(candidate)
        right_label = right.name if right else _gone_label(candidate)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Possible duplicate: %(left)s and %(right)s")
            % {"left": left_label, "right": right_label},
            "candidate": candidate,
            "left": left,
            "right": right,
            "left_label": left_label,
            "right_label": right_label,
            "people": [left, right],
            # A record gone (merged or deleted) leaves nothing to compare.
            "rows": _review_rows(left, right) if left and right else [],
            "opts": self.model._meta,
            "can_decide": can_decide and candidate.status == DuplicateCandidate.Status.OPEN,
        }
        return TemplateResponse(request, "admin/registry/duplicatecandidate/review.html", context)

    def _decide(self, request, candidate: DuplicateCandidate):
        review_url = reverse("admin:registry_duplicatecandidate_review", args=[candidate.pk])
        queue_url = reverse("admin:registry_duplicatecandidate_changelist") + "?status__exact=open"
        action = request.POST.get("action")
        if candidate.status != DuplicateCandidate.Status.OPEN:
            messages.error(
                request,
                _("This pair was already decided: %(status)s.")
                % {"status": candidate.get_status_display()},
            )
            return redirect(review_url)
        left, right = candidate.person, candidate.other
        if action in ("keep_left", "keep_right") and (left is None or right is None):
            messages.error(
                request,
                _("%(person)s is no longer in the registry: this pair cannot be merged.")
                % {"person": _gone_label(candidate)},
            )
            return redirect(review_url)
        try:
            if action == "keep_left":
                kept = merging.person_merge(keep=left, duplicate=right, actor=request.user)
                merged = right
            elif action == "keep_right":
                kept = merging.person_merge(keep=right, duplicate=left, actor=request.user)
                merged = left
            elif action == "dismiss":
                merging.duplicate_dismiss(candidate=candidate, actor=request.user)
                messages.success(
                    request,
                    _(
                        "%(left)s and %(right)s are marked as not the same person; "
                        "the pair will not be reported again."
                    )
                    % {
                        "left": left or _gone_label(candidate),
                        "right": right or _gone_label(candidate),
                    },
                )
                return redirect(queue_url)
            else:
                messages.error(request, _("Choose one of the three decisions."))
                return redirect(review_url)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(review_url)
        messages.success(
            request,
            _(
                "%(merged)s (id %(merged_id)s) was merged into %(kept)s (id %(kept_id)s); "
                "the old address leads there now."
            )
            % {
                "merged": merged.name,
                "merged_id": merged.pk,
                "kept": kept.name,
                "kept_id": kept.pk,
            },
        )
        return redirect(queue_url)


def _gone_label(candidate: DuplicateCandidate) -> str:
    """What stands for the side of a pair whose person is no longer in the registry."""
    kept = candidate.person or candidate.other
    if candidate.status != DuplicateCandidate.Status.MERGED or kept is None:
        return str(_("a record no longer in the registry"))
    # Annotated by DuplicateCandidateAdmin.get_queryset.
    old_id = getattr(candidate, "merged_old_id", None)
    old_name = getattr(candidate, "merged_old_name", None)
    if old_id is None:
        return str(_("merged into %(kept)s") % {"kept": kept.name})
    return str(
        _("%(name)s (id %(id)s), merged into %(kept)s")
        % {"name": old_name, "id": old_id, "kept": kept.name}
    )


def _review_rows(left: Person, right: Person) -> list[dict]:
    """What staff compare before deciding: one row per field, both people's values,
    rows that differ marked (ids and creation times always differ: never marked)."""

    def names(person: Person) -> list[str]:
        forms = [f"{n.text} ({n.get_form_display()})" for n in person.names.all()]
        return [person.name, *forms]

    def facility(person: Person) -> str:
        return person.facility.name if person.facility else ""

    def tags(person: Person) -> str:
        return ", ".join(t.name for t in person.tags.all())

    def recognised(person: Person) -> str:
        return _("yes") if person.recognised else _("no")

    fields = [
        (_("names"), names, True),
        (_("id"), lambda p: p.pk, False),
        (_("source id"), lambda p: p.source_id or "", True),
        (_("country"), lambda p: p.country.name, True),
        (_("gender"), lambda p: p.get_gender_display() if p.gender else "", True),
        (_("birth year"), lambda p: p.birth_year or "", True),
        (_("custody"), lambda p: p.get_custody_display(), True),
        (_("recognised as a political prisoner"), recognised, True),
        (_("behind bars since"), lambda p: p.custody_since or "", True),
        (_("current facility"), facility, True),
        (_("prosecutions"), lambda p: p.prosecution_count, True),
        (_("events"), lambda p: p.event_count, True),
        (_("tags"), tags, True),
        (_("created"), lambda p: p.created_at, False),
    ]
    rows = []
    for label, value, compare in fields:
        a, b = value(left), value(right)
        rows.append(
            {
                "label": label,
                "left": a,
                "right": b,
                "is_list": isinstance(a, list),
                "differs": compare and a != b,
            }
        )
    return rows


@admin.register(PersonRedirect)
class PersonRedirectAdmin(ReadOnlyAdmin):
    """People merged into others: where their old page, API id and source id lead."""

    list_display = ["old_id", "old_name", "old_source_id", "kept", "merged_at", "merged_by"]
    list_select_related = ["person", "merged_by"]
    search_fields = ["old_name", "old_source_id", "person__name"]
    readonly_fields = ["old_id", "old_source_id", "old_name", "person", "merged_at", "merged_by"]

    @admin.display(description=_("merged into"), ordering="person__name")
    def kept(self, redirect: PersonRedirect):
        return _person_admin_link(redirect.person)
