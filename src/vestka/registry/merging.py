"""Merging two records of one person, and the review queue of possible duplicates.

Kept apart from ``services.py`` because a merge touches everything that points at a
person. Nothing here merges on its own: staff decide each pair, and a merge keeps
the history of both records (django-simple-history) and a ``PersonRedirect`` so
the old page and API id lead to the person kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vestka.registry import services
from vestka.registry.models import (
    DuplicateCandidate,
    Event,
    ImportRun,
    Person,
    PersonName,
    PersonRedirect,
    Prosecution,
)
from vestka.stats.services import registry_version_bump

# How each field of the duplicate reaches the person kept. A test fails when a field
# is added to Person and not listed in one of these.
FILLED_FIELDS = (
    # Taken from the duplicate where the person kept has nothing.
    "source_url",
    "gender",
    "birth_year",
    "biography_en",
    "biography_be",
    "biography_ru",
)
APPENDED_FIELDS = (
    # Staff's own notes: both records' text is kept, the duplicate's after a heading.
    "relatives",
    "notes",
)
SPECIAL_FIELDS = (
    "source_id",  # with import_fingerprint and import_snapshot: see _merge_source_id
    "import_fingerprint",
    "import_snapshot",
    "photo",  # the photo and its source travel together
    "photo_source_url",
    "birth_date",  # only when it agrees with the birth year kept
    "on_terrorist_list",  # either record saying so is enough
    "tags",  # the union
    "campaigns",  # the union: the person kept joins the duplicate's campaigns
)
KEPT_FIELDS = (
    # The person kept's own values win; the duplicate's stay in its history.
    "id",
    "country",
    "name",
    "is_demo",
    "created_at",
    "updated_at",
    *services.DERIVED_FIELDS,  # recomputed from the merged events
)

# django-simple-history keeps change reasons in a column of 100 characters.
REASON_LENGTH = 100


def _reason(text: str) -> str:
    return text[:REASON_LENGTH]


def _save(obj: Model, *, reason: str, actor: User | None, **kwargs: Any) -> None:
    """Save with a change reason and the acting user in the history record."""
    obj._change_reason = _reason(reason)  # type: ignore[attr-defined]
    if actor is not None:
        obj._history_user = actor  # type: ignore[attr-defined]
    obj.save(**kwargs)


def _delete(obj: Model, *, reason: str, actor: User | None) -> None:
    obj._change_reason = _reason(reason)  # type: ignore[attr-defined]
    if actor is not None:
        obj._history_user = actor  # type: ignore[attr-defined]
    obj.delete()


def _label(person: Person) -> str:
    return f"{person.name} (id {person.pk})"


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def person_merge(*, keep: Person, duplicate: Person, actor: User | None) -> Person:
    """Merge ``duplicate`` into ``keep`` and delete the duplicate; returns the person kept.

    In one transaction, with both people locked: the duplicate's name forms (its
    display name too, as another form), prosecutions, events and tags move to the
    person kept; fields the person kept lacks are filled from the duplicate; a
    ``PersonRedirect`` leads the duplicate's id (and the ids earlier merged into it)
    to the person kept; the duplicate's possible-duplicate pairs are decided (the pair
    merged stays, marked merged, with the duplicate's side empty) or carried over; the
    kept person's custody and name keys are refreshed. The history of both records
    stays, the duplicate's ending with "merged into person N". Raises
    ``ValidationError`` (and changes nothing) for a merge of a person into themselves,
    across countries, or of a person no longer in the registry.
    """
    if keep.pk is None or duplicate.pk is None:
        raise ValidationError(_("Only people saved in the registry can be merged."))
    if keep.pk == duplicate.pk:
        raise ValidationError(
            _("%(person)s cannot be merged into themselves.") % {"person": _label(keep)}
        )
    with transaction.atomic():
        # Fresh rows, locked in id order so that merges of overlapping pairs cannot deadlock.
        locked = {
            p.pk: p
            for p in Person.objects.select_for_update()
            .filter(pk__in=[keep.pk, duplicate.pk])
            .order_by("pk")
        }
        for person in (keep, duplicate):
            if person.pk not in locked:
                raise ValidationError(
                    _("%(person)s is no longer in the registry (already merged or deleted?).")
                    % {"person": _label(person)}
                )
        keep, duplicate = locked[keep.pk], locked[duplicate.pk]
        if keep.country_id != duplicate.country_id:
            raise ValidationError(
                _(
                    "%(duplicate)s is recorded in %(other)s and %(keep)s in %(country)s: "
                    "only people of one country can be merged."
                )
                % {
                    "duplicate": _label(duplicate),
                    "other": duplicate.country_id,
                    "keep": _label(keep),
                    "country": keep.country_id,
                }
            )
        moved = f"moved from person {duplicate.pk}, merged into person {keep.pk}"

        source_id_moves = _merge_source_id(keep=keep, duplicate=duplicate, actor=actor)
        _merge_names(keep=keep, duplicate=duplicate, actor=actor, reason=moved)
        _merge_cases_and_events(
            keep=keep,
            duplicate=duplicate,
            actor=actor,
            reason=moved,
            keys_follow=source_id_moves,
        )
        keep.tags.add(*duplicate.tags.all())
        # Letters follow the person (the letters app builds on the registry, so by name).
        apps.get_model("letters", "Letter").objects.filter(person=duplicate).update(person=keep)
        # A published birthday follows the person, unless the person kept has one.
        birthdays = apps.get_model("vestka_calendar", "PublicBirthday").objects
        if not birthdays.filter(person=keep).exists():
            birthdays.filter(person=duplicate).update(person=keep)
        # So do solidarity messages, and the campaigns that name the duplicate.
        apps.get_model("campaigns", "SolidarityMessage").objects.filter(person=duplicate).update(
            person=keep
        )
        keep.campaigns.add(*duplicate.campaigns.all())
        _merge_fields(keep=keep, duplicate=duplicate)
        _save(keep, reason=f"merged with person {duplicate.pk}: {duplicate.name}", actor=actor)

        now = timezone.now()
        PersonRedirect.objects.filter(person=duplicate).update(person=keep)
        PersonRedirect.objects.create(
            old_id=duplicate.pk,
            old_source_id=duplicate.source_id or source_id_moves,
            old_name=duplicate.name,
            person=keep,
            merged_at=now,
            merged_by=actor,
        )
        _merge_candidates(keep=keep, duplicate=duplicate, actor=actor, now=now)

        duplicate_pk = duplicate.pk
        _delete(duplicate, reason=f"merged into person {keep.pk}: {keep.name}", actor=actor)
        registry_version_bump(person_ids=[keep.pk, duplicate_pk])
        services.person_refresh_custody(person=keep)
        services.person_refresh_name_keys(person=keep)
    return keep


def _merge_source_id(*, keep: Person, duplicate: Person, actor: User | None) -> str:
    """Give the person kept the duplicate's source id if they have none; returns the
    source id that moved ("" if none did). The import's fingerprint and snapshot
    describe the list row of that id, so they move with it."""
    if keep.source_id or not duplicate.source_id:
        return ""
    source_id = duplicate.source_id
    # Unique: free it on the duplicate before the person kept takes it.
    duplicate.source_id = None
    _save(
        duplicate,
        reason=f"source id moves to person {keep.pk} in a merge",
        actor=actor,
        update_fields=["source_id"],
    )
    keep.source_id = source_id
    keep.import_fingerprint = duplicate.import_fingerprint
    keep.import_snapshot = duplicate.import_snapshot
    return source_id


def _merge_names(*, keep: Person, duplicate: Person, actor: User | None, reason: str) -> None:
    kept = {(n.form, n.text) for n in keep.names.all()}
    for name in duplicate.names.all():
        if (name.form, name.text) in kept:
            _delete(name, reason=f"same form kept on person {keep.pk} in a merge", actor=actor)
            continue
        name.person = keep
        _save(name, reason=reason, actor=actor)
        kept.add((name.form, name.text))
    texts = [keep.name, *(text for _form, text in kept)]
    if not any(_same_text(duplicate.name, text) for text in texts):
        alias = PersonName(person=keep, form=PersonName.Form.ALIAS, text=duplicate.name)
        _save(alias, reason=f"display name of person {duplicate.pk}, merged", actor=actor)


def _merge_cases_and_events(
    *, keep: Person, duplicate: Person, actor: User | None, reason: str, keys_follow: str
) -> None:
    """Move prosecutions and events. An import updates the records it owns (its
    ``import_key``) on the person with the list row's source id, so the keys follow
    the source id: when it moved, the person kept's own colliding keys are cleared;
    when it did not, the moved records become staff's own."""
    owners: tuple[type[Prosecution] | type[Event], ...] = (Prosecution, Event)
    for model in owners:
        records: list[Prosecution | Event] = list(
            model.objects.filter(person=duplicate).order_by("pk")
        )
        incoming = {r.import_key for r in records if r.import_key}
        if keys_follow and incoming:
            for own in model.objects.filter(person=keep, import_key__in=incoming):
                own.import_key = ""
                _save(own, reason=f"import key taken by person {duplicate.pk}'s", actor=actor)
        for record in records:
            record.person = keep
            if not keys_follow:
                record.import_key = ""
            _save(record, reason=reason, actor=actor)


def _merge_fields(*, keep: Person, duplicate: Person) -> None:
    for field in FILLED_FIELDS:
        if getattr(keep, field) in ("", None) and getattr(duplicate, field) not in ("", None):
            setattr(keep, field, getattr(duplicate, field))
    for field in APPENDED_FIELDS:
        theirs = getattr(duplicate, field).strip()
        if theirs and theirs not in getattr(keep, field):
            heading = f"From {_label(duplicate)}, merged on {timezone.localdate():%Y-%m-%d}:"
            ours = getattr(keep, field).strip()
            setattr(keep, field, f"{ours}\n\n{heading}\n{theirs}" if ours else theirs)
    if not keep.photo and duplicate.photo:
        keep.photo = duplicate.photo
        keep.photo_source_url = duplicate.photo_source_url
    if keep.birth_date is None and duplicate.birth_date is not None:
        if keep.birth_year in (None, duplicate.birth_date.year):
            keep.birth_date = duplicate.birth_date
    keep.on_terrorist_list = keep.on_terrorist_list or duplicate.on_terrorist_list


def _merge_candidates(
    *, keep: Person, duplicate: Person, actor: User | None, now: datetime
) -> None:
    """Decide the pair just merged and carry the duplicate's other pairs over to the
    person kept: a pair with someone else becomes that person's pair with the person
    kept, unless the person kept already has one with them (then that one stands,
    taking the higher score if both are still to review). A pair whose other side is
    gone (merged into the duplicate earlier, or deleted) moves to the person kept."""
    involved = list(
        DuplicateCandidate.objects.select_for_update()
        .filter(Q(person=duplicate) | Q(other=duplicate))
        .order_by("pk")
    )
    for candidate in involved:
        duplicate_is_person = candidate.person_id == duplicate.pk
        third_id = candidate.other_id if duplicate_is_person else candidate.person_id
        if third_id == keep.pk:
            # Decided before the duplicate is deleted: the row then survives with the
            # duplicate's side null. decided_at is the PersonRedirect's merged_at,
            # which is how the admin finds the name and id of the record merged.
            candidate.status = DuplicateCandidate.Status.MERGED
            candidate.decided_at = now
            candidate.decided_by = actor
            candidate.save(update_fields=["status", "decided_at", "decided_by"])
            continue
        if third_id is None:
            # Nothing to order or collide with: NULLs are distinct in the unique pair.
            if duplicate_is_person:
                candidate.person = keep
            else:
                candidate.other = keep
            candidate.save(update_fields=["person", "other"])
            continue
        low, high = sorted((keep.pk, third_id))
        existing = DuplicateCandidate.objects.filter(person_id=low, other_id=high).first()
        if existing is None:
            candidate.person_id, candidate.other_id = low, high
            candidate.save(update_fields=["person", "other"])
            continue
        open_ = DuplicateCandidate.Status.OPEN
        if (
            existing.status == open_
            and candidate.status == open_
            and candidate.score > existing.score
        ):
            existing.score, existing.reason = candidate.score, candidate.reason
            existing.save(update_fields=["score", "reason"])
        candidate.delete()


def duplicate_dismiss(*, candidate: DuplicateCandidate, actor: User | None) -> DuplicateCandidate:
    """Record that the two people of a pair are not the same person; the pair is not
    reported again. Raises ``ValidationError`` if the pair was already decided."""
    with transaction.atomic():
        locked = DuplicateCandidate.objects.select_for_update().filter(pk=candidate.pk).first()
        if locked is None:
            raise ValidationError(
                _("This pair is no longer in the review queue (one of them was merged?).")
            )
        if locked.status != DuplicateCandidate.Status.OPEN:
            raise ValidationError(
                _("This pair was already decided: %(status)s.")
                % {"status": locked.get_status_display()}
            )
        locked.status = DuplicateCandidate.Status.DISMISSED
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save(update_fields=["status", "decided_at", "decided_by"])
    return locked


def duplicate_record(
    *,
    person: Person,
    other: Person,
    score: float,
    reason: str,
    import_run: ImportRun | None = None,
) -> DuplicateCandidate | None:
    """Put a pair of people who are probably one person in the review queue.

    The pair is stored once, lower id first, whichever order it is given in. A pair
    still to review gets the new score, reason (and import, if given); a pair staff
    already decided (merged or "not the same person") is left alone and None is
    returned. Raises ``ValidationError`` for a person paired with themselves or with
    a person of another country, who could never be merged.
    """
    if person.pk == other.pk:
        raise ValidationError(
            _("%(person)s cannot be a duplicate of themselves.") % {"person": _label(person)}
        )
    if person.country_id != other.country_id:
        raise ValidationError(
            _("%(person)s and %(other)s are recorded in different countries.")
            % {"person": _label(person), "other": _label(other)}
        )
    low, high = sorted((person, other), key=lambda p: p.pk)
    with transaction.atomic():
        candidate, created = DuplicateCandidate.objects.select_for_update().get_or_create(
            person=low,
            other=high,
            defaults={"score": score, "reason": reason, "import_run": import_run},
        )
        if created:
            return candidate
        if candidate.status != DuplicateCandidate.Status.OPEN:
            return None
        candidate.score, candidate.reason = score, reason
        fields = ["score", "reason"]
        if import_run is not None:
            candidate.import_run = import_run
            fields.append("import_run")
        candidate.save(update_fields=fields)
    return candidate
