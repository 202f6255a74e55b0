"""The registry: people, their prosecutions, the facilities that hold them and
the dated, sourced events from which every status is derived.

Every field is declared public or staff-only at the end of this module
(``PUBLIC_FIELDS``, ``STAFF_ONLY_FIELDS``, ``STAFF_ONLY_MODELS``): staff-only fields
never reach a public page, the API or an export; public serialisation lists the
fields it shows explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vestka.registry import custody
from vestka.registry.seed import article_sort_key


def localized(obj, field: str) -> str:
    """The value of ``field_<lang>`` in the active language, falling back to the others."""
    found = localized_text(obj, field)
    return found.text if found is not None else ""


@dataclass(frozen=True)
class LocalizedText:
    text: str
    language: str  # the language code of the text
    fallback: bool  # True when not in the active language


def localized_text(obj, field: str) -> LocalizedText | None:
    """Like ``localized``, and saying which language the text is in and whether it is a
    fallback, for pages that tell the reader so."""
    lang = (translation.get_language() or "en").split("-")[0]
    order = [lang] + [code for code in ("en", "be", "ru") if code != lang]
    for code in order:
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return LocalizedText(text=value, language=code, fallback=code != lang)
    return None


class Country(models.Model):
    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_be = models.CharField(_("name (Belarusian)"), max_length=100, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True)
    # The one line of an envelope written in Latin letters, e.g. "REPUBLIC OF BELARUS".
    postal_line = models.CharField(_("country line for envelopes"), max_length=100)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Region(models.Model):
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="regions")
    code = models.SlugField(_("code"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_be = models.CharField(_("name (Belarusian)"), max_length=100, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True)
    # Postal codes starting with one of these (comma-separated) lie in the region.
    postal_prefixes = models.CharField(_("postal code prefixes"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["country", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="region_unique_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Article(models.Model):
    """A criminal-code article of one country, e.g. Belarus 361-1."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="articles")
    number = models.CharField(_("number"), max_length=20)
    # Orders 130 < 293 < 342 < 361 < 361-1 < 361-4 < 411 numerically.
    sort_key = models.PositiveIntegerField(_("sort key"), default=0, db_index=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_be = models.CharField(_("title (Belarusian)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    # Titles shipped with Vestka are unverified until an editor checks them
    # against the published code and records where.
    titles_verified = models.BooleanField(_("titles verified"), default=False)
    titles_source = models.URLField(_("titles source"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criminal-code article")
        verbose_name_plural = _("criminal-code articles")
        ordering = ["country", "sort_key", "number"]
        constraints = [
            models.UniqueConstraint(fields=["country", "number"], name="article_unique_number")
        ]

    def __str__(self) -> str:
        title = self.title
        return f"{self.number} — {title}" if title else self.number

    def save(self, *args, **kwargs):
        # Derived from the number; kept in the row so lists sort in the database.
        self.sort_key = article_sort_key(self.number)
        super().save(*args, **kwargs)

    @property
    def title(self) -> str:
        return localized(self, "title")


class Facility(models.Model):
    class Kind(models.TextChoices):
        PRETRIAL = "pretrial", _("pre-trial detention centre")
        TEMPORARY = "temporary", _("temporary detention facility")
        PENAL_COLONY = "penal_colony", _("penal colony")
        PRISON = "prison", _("prison")
        CORRECTIONAL_FACILITY = "correctional", _("open correctional facility")
        MEDICAL = "medical", _("medical facility")
        OTHER = "other", _("other")

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="facilities")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name_be = models.CharField(_("name (Belarusian)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    # Other spellings seen in imports, one per line; used to recognise the facility.
    aliases = models.TextField(_("other names"), blank=True)
    # Cyrillic lines as written on an envelope, top to bottom, without the country line.
    address = models.TextField(_("postal address (Cyrillic)"), blank=True)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="facilities"
    )
    address_verified = models.BooleanField(_("address verified"), default=False)
    address_source = models.URLField(_("address source"), max_length=500, blank=True)
    address_checked_on = models.DateField(_("address checked on"), null=True, blank=True)
    notes = models.TextField(_("staff notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["country", "name_en", "name_ru"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("site:facility", args=[self.pk])

    @property
    def name(self) -> str:
        return localized(self, "name") or next(iter(self.address_lines), "")

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @property
    def envelope_lines(self) -> list[str]:
        """The address block for an envelope: Cyrillic lines, then the Latin country line."""
        return [*self.address_lines, self.country.postal_line]


class Tag(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_be = models.CharField(_("name (Belarusian)"), max_length=100, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Source(models.Model):
    """Where a fact comes from: a publication, a declaration, a court record."""

    url = models.URLField(_("address"), max_length=500, blank=True, db_index=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["publisher", "-published_on"]

    def __str__(self) -> str:
        return self.title or self.url or self.publisher


class Person(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        OTHER = "other", _("other")
        UNKNOWN = "", _("not known")

    class CustodyState(models.TextChoices):
        IN_CUSTODY = custody.IN_CUSTODY, _("behind bars")
        RELEASED = custody.RELEASED_STATE, _("released")
        DIED_IN_CUSTODY = custody.DIED_IN_CUSTODY_STATE, _("died in custody")
        DIED = custody.DIED_STATE, _("died after release")
        UNKNOWN = custody.UNKNOWN, _("not known")

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="people")
    # The display name as the registry's source writes it; every form is in PersonName.
    name = models.CharField(_("name"), max_length=300)
    source_id = models.CharField(
        _("source id"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The id of this person in the imported list (Viasna's id column)."),
    )
    source_url = models.URLField(_("source page"), max_length=500, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date (staff only)"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    photo = models.ImageField(_("photo"), upload_to="people/", blank=True)
    photo_source_url = models.URLField(_("photo source"), max_length=500, blank=True)
    biography_en = models.TextField(_("story (English)"), blank=True)
    biography_be = models.TextField(_("story (Belarusian)"), blank=True)
    biography_ru = models.TextField(_("story (Russian)"), blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="people", verbose_name=_("tags"))
    on_terrorist_list = models.BooleanField(_("on the state's 'terrorist' list"), default=False)
    relatives = models.TextField(_("relatives (staff only)"), blank=True)
    notes = models.TextField(_("staff notes"), blank=True)
    is_demo = models.BooleanField(_("fictional demo record"), default=False, db_index=True)
    # What the last import said of this person, field by field: re-imports
    # compare against it to tell unchanged rows from updates and to show what changed.
    import_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    import_snapshot = models.JSONField(default=dict, blank=True, editable=False)

    # Derived from events by services.person_refresh_custody; never edited by hand.
    custody = models.CharField(
        _("custody"),
        max_length=20,
        choices=CustodyState.choices,
        default=CustodyState.UNKNOWN,
        editable=False,
    )
    recognised = models.BooleanField(
        _("recognised as a political prisoner"), default=False, editable=False, db_index=True
    )
    incommunicado = models.BooleanField(_("held incommunicado"), default=False, editable=False)
    facility = models.ForeignKey(
        Facility,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="people",
        verbose_name=_("current facility"),
    )
    custody_since = models.DateField(_("behind bars since"), null=True, editable=False)
    custody_until = models.DateField(_("behind bars until"), null=True, editable=False)

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["import_fingerprint", "import_snapshot", "updated_at"]
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        # Lists are read in name order, whole or by status: both come straight off an index.
        indexes = [
            models.Index(fields=["name", "id"], name="person_name_idx"),
            models.Index(
                fields=["custody", "name", "id", "recognised"], name="person_custody_name_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("site:person", args=[self.pk])

    @property
    def biography(self) -> str:
        return localized(self, "biography")

    @property
    def status(self) -> str:
        """The status in Viasna's vocabulary: active, former or np."""
        if not self.recognised:
            return "np"
        return "active" if self.custody == custody.IN_CUSTODY else "former"

    @property
    def initials(self) -> str:
        parts = [p for p in self.name.replace("-", " ").split() if p[:1].isalpha()]
        return "".join(p[0] for p in parts[:2]).upper()


class PersonName(models.Model):
    """One written form of a person's name."""

    class Form(models.TextChoices):
        BELARUSIAN = "be", _("Belarusian")
        RUSSIAN = "ru", _("Russian")
        LATIN = "lat", _("Latin letters")
        ALIAS = "alias", _("other form")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    form = models.CharField(_("form"), max_length=10, choices=Form.choices)
    text = models.CharField(_("name"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("name form")
        verbose_name_plural = _("name forms")
        ordering = ["person", "form", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "form", "text"], name="person_name_unique")
        ]

    def __str__(self) -> str:
        return self.text


class NameKey(models.Model):
    """A search key of one of a person's names (see ``vestka.names``): candidates for a
    name query are found through the index on ``key``, then ranked. Derived from the
    names by ``services.person_refresh_name_keys``; never edited by hand."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "person"], name="name_key_unique"),
        ]

    def __str__(self) -> str:
        return self.key


class NameKeyVersion(models.Model):
    """Which version of ``vestka.names`` made the keys in NameKey (one row). When an
    upgrade changes how keys are made, ``vestka init`` files everyone again."""

    version = models.PositiveIntegerField()
    refreshed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"name keys v{self.version}"


class PersonRedirect(models.Model):
    """Where a person merged into another now lives: their old page and API id keep
    working and lead to the person kept."""

    old_id = models.PositiveBigIntegerField(_("old id"), unique=True)
    old_source_id = models.CharField(_("old source id"), max_length=100, blank=True)
    old_name = models.CharField(_("old name"), max_length=300)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="redirects", verbose_name=_("person")
    )
    merged_at = models.DateTimeField(_("merged"), default=timezone.now)
    merged_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged by"),
    )

    class Meta:
        verbose_name = _("merged person")
        verbose_name_plural = _("merged people")
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.old_name} ({self.old_id}) → {self.person_id}"


class DuplicateCandidate(models.Model):
    """Two records that probably describe one person, found when a list was imported or
    the registry was scanned. Staff review each pair: merge it or dismiss it. Dismissed
    pairs are not reported again."""

    class Status(models.TextChoices):
        OPEN = "open", _("to review")
        MERGED = "merged", _("merged")
        DISMISSED = "dismissed", _("not the same person")

    # Null once a merge has deleted one of the two: the decision is kept.
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("person"),
    )
    other = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("possible duplicate"),
    )
    score = models.FloatField(_("score"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    import_run = models.ForeignKey(
        "ImportRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("found by import"),
    )
    found_at = models.DateTimeField(_("found"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["status", "-score", "pk"]
        constraints = [
            # A pair is stored once, lower id first.
            models.UniqueConstraint(fields=["person", "other"], name="duplicate_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(person__lt=models.F("other")), name="duplicate_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        # A side is empty once a merge or a deletion has taken its person.
        person, other = ("—" if side is None else side for side in (self.person_id, self.other_id))
        return f"{person} ≈ {other} ({self.score:.2f})"


class Prosecution(models.Model):
    """One criminal case against one person."""

    class SentenceKind(models.TextChoices):
        COLONY = "colony", _("penal colony")
        PRISON = "prison", _("prison")
        RESTRICTED_FREEDOM = "restricted_freedom", _("restricted freedom")
        HOME_CONFINEMENT = "home_confinement", _("house arrest")
        ARREST = "arrest", _("arrest")
        FINE = "fine", _("fine")
        COMPULSORY_TREATMENT = "compulsory_treatment", _("compulsory treatment")
        LIFE = "life", _("life imprisonment")
        DEATH = "death", _("death penalty")
        UNKNOWN = "", _("not known")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="prosecutions")
    # Set for the case that an import owns ("viasna"); empty for cases staff add.
    import_key = models.CharField(max_length=50, blank=True, editable=False)
    case_number = models.CharField(_("case number"), max_length=100, blank=True)
    articles = models.ManyToManyField(
        Article, blank=True, related_name="prosecutions", verbose_name=_("articles")
    )
    detained_on = models.DateField(_("detained on"), null=True, blank=True)
    verdict_on = models.DateField(_("verdict on"), null=True, blank=True)
    appeal_on = models.DateField(_("appeal on"), null=True, blank=True)
    court = models.CharField(_("court"), max_length=300, blank=True)
    judge = models.CharField(_("judge"), max_length=300, blank=True)
    prosecutor = models.CharField(_("prosecutor"), max_length=300, blank=True)
    counsel = models.CharField(_("defence counsel"), max_length=300, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    sentence_text = models.TextField(_("sentence as pronounced"), blank=True)
    sentence_kind = models.CharField(
        _("kind of sentence"), max_length=30, choices=SentenceKind.choices, blank=True
    )
    term_months = models.PositiveIntegerField(_("term in months"), null=True, blank=True)
    sentence_start = models.DateField(_("term counted from"), null=True, blank=True)
    expected_release = models.DateField(_("expected release"), null=True, blank=True)
    notes = models.TextField(_("staff notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("prosecution")
        verbose_name_plural = _("prosecutions")
        ordering = ["person", "detained_on", "id"]

    def __str__(self) -> str:
        numbers = ", ".join(a.number for a in self.articles.all())
        return f"{self.person} ({numbers})" if numbers else str(self.person)

    @property
    def term_display(self) -> str:
        if self.term_months is None:
            return ""
        years, months = divmod(self.term_months, 12)
        return f"{years}y {months}m" if months else f"{years}y"


class Event(models.Model):
    """A dated, sourced fact in a person's history. Custody is derived from these."""

    class Kind(models.TextChoices):
        DETAINED = custody.DETAINED, _("detained")
        CHARGED = custody.CHARGED, _("charged")
        RECOGNISED = custody.RECOGNISED, _("recognised as a political prisoner")
        SENTENCED = custody.SENTENCED, _("sentenced")
        TRANSFERRED = custody.TRANSFERRED, _("transferred")
        PUNISHMENT_CELL = custody.PUNISHMENT_CELL, _("placed in a punishment cell")
        INCOMMUNICADO = custody.INCOMMUNICADO, _("incommunicado reported")
        CONTACT_RESTORED = custody.CONTACT_RESTORED, _("contact restored")
        MEDICAL_CARE_DENIED = custody.MEDICAL_CARE_DENIED, _("medical care denied")
        ILL_TREATMENT = custody.ILL_TREATMENT, _("ill-treatment reported")
        RELEASED = custody.RELEASED, _("released")
        DIED_IN_CUSTODY = custody.DIED_IN_CUSTODY, _("died in custody")
        DIED = custody.DIED, _("died after release")

    class ReleaseReason(models.TextChoices):
        SENTENCE_SERVED = "sentence_served", _("sentence served")
        PARDON = "pardon", _("pardoned")
        AMNESTY = "amnesty", _("amnesty")
        ACQUITTAL = "acquittal", _("acquitted or case closed")
        NON_CUSTODIAL = "non_custodial", _("non-custodial sentence")
        DEPORTED = "deported", _("released and deported")
        OTHER = "other", _("other")
        UNKNOWN = "", _("not known")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    date = models.DateField(_("date"), null=True, blank=True, db_index=True)
    facility = models.ForeignKey(
        Facility,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("facility"),
    )
    prosecution = models.ForeignKey(
        Prosecution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("prosecution"),
    )
    description = models.TextField(_("what happened"), blank=True)
    release_reason = models.CharField(
        _("reason of release"), max_length=20, choices=ReleaseReason.choices, blank=True
    )
    declaration_url = models.URLField(_("declaration"), max_length=500, blank=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("source"),
    )
    notes = models.TextField(_("staff notes"), blank=True)
    # Set for the events that an import owns ("viasna:detained"); empty for staff's own.
    import_key = models.CharField(max_length=50, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["person", "date", "id"]
        indexes = [models.Index(fields=["kind", "date"], name="event_kind_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date or '?'}"

    def as_fact(self) -> custody.EventFact:
        return custody.EventFact(kind=self.kind, on=self.date, facility_id=self.facility_id)


class ImportRun(models.Model):
    """One upload of a list by staff: the file as received, what the preview said,
    and what applying it did. Kept so every import can be traced and repeated.

    The background worker reads the file and applies it (``registry.tasks``); the
    state says how far it got: reading → ready, refused or unreadable; ready →
    applying → applied, refused or failed (a failed run can be applied again)."""

    class Format(models.TextChoices):
        VIASNA_CSV = "viasna-csv", _("Viasna CSV")
        JSON = "json", _("Viasna JSON")

    class State(models.TextChoices):
        READING = "reading", _("reading the file")
        READY = "ready", _("ready to apply")
        UNREADABLE = "unreadable", _("file cannot be read")
        REFUSED = "refused", _("refused: invalid rows")
        APPLYING = "applying", _("being applied")
        APPLIED = "applied", _("applied")
        FAILED = "failed", _("failed")

    uploaded_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    filename = models.CharField(_("file name"), max_length=300)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    skip_invalid = models.BooleanField(_("skip invalid rows"), default=False)
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField(_("file contents"))
    preview = models.JSONField(_("preview"), default=dict)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    applied_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )
    result = models.JSONField(_("result"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.READING
    )
    # Why the file could not be read, or what went wrong in the background worker.
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.uploaded_at:%Y-%m-%d %H:%M})"


# Who may see what. Every field of every model above is either public (it may appear
# on a public page, in the API, an export or a share card) or staff-only (it never
# does); a whole model can be staff-only. tests/test_visibility.py fails for a field in
# neither list, and fills every staff-only field with a marker that no public page,
# API answer, export or card may show.
PUBLIC_FIELDS: dict[type[models.Model], list[str]] = {
    Country: ["code", "name_en", "name_be", "name_ru", "postal_line"],
    Region: ["country", "code", "name_en", "name_be", "name_ru", "postal_prefixes"],
    Article: [
        "country",
        "number",
        "sort_key",
        "title_en",
        "title_be",
        "title_ru",
        "titles_verified",
        "titles_source",
    ],
    Facility: [
        "country",
        "kind",
        "name_en",
        "name_be",
        "name_ru",
        "address",
        "postal_code",
        "region",
        "address_verified",
        "address_source",
        "address_checked_on",
    ],
    Tag: ["slug", "name_en", "name_be", "name_ru"],
    Source: ["url", "publisher", "title", "published_on"],
    Person: [
        "country",
        "name",
        "source_id",
        "source_url",
        "gender",
        "birth_year",
        "photo",
        "biography_en",
        "biography_be",
        "biography_ru",
        "tags",
        "on_terrorist_list",
        "is_demo",
        "custody",
        "recognised",
        "incommunicado",
        "facility",
        "custody_since",
        "custody_until",
    ],
    Person.tags.through: ["person", "tag"],
    PersonName: ["person", "form", "text"],
    # A merged person's old page and API id lead to the person kept.
    PersonRedirect: ["old_id", "old_source_id", "person"],
    Prosecution: [
        "person",
        "case_number",
        "articles",
        "detained_on",
        "verdict_on",
        "appeal_on",
        "court",
        "judge",
        "prosecutor",
        "counsel",
        "sentence_text",
        "sentence_kind",
        "term_months",
        "expected_release",
    ],
    Prosecution.articles.through: ["prosecution", "article"],
    Event: [
        "person",
        "kind",
        "date",
        "facility",
        "prosecution",
        "description",
        "release_reason",
        "declaration_url",
        "source",
    ],
}
STAFF_ONLY_FIELDS: dict[type[models.Model], list[str]] = {
    # Import spellings of the name, kept to recognise the facility in the next list.
    Facility: ["aliases", "notes"],
    Person: [
        "birth_date",
        "relatives",
        "notes",
        "photo_source_url",
        "import_fingerprint",
        "import_snapshot",
        "created_at",
        "updated_at",
    ],
    PersonRedirect: ["old_name", "merged_at", "merged_by"],
    # The decision and the day the term is counted from are kept for staff, not published.
    Prosecution: ["import_key", "decision", "sentence_start", "notes"],
    Event: ["notes", "import_key"],
}
STAFF_ONLY_MODELS: list[type[models.Model]] = [
    NameKey,  # search keys, derived from the public names
    NameKeyVersion,
    DuplicateCandidate,
    ImportRun,
    # The change history (who changed what, when, and what it said before).
    Article.history.model,
    Facility.history.model,
    Person.history.model,
    PersonName.history.model,
    Prosecution.history.model,
    Event.history.model,
]
