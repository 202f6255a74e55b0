"""Writes for the calendar: publishing a birthday, and the weekly digest's double opt-in,
one-click unsubscribe, sending and forgetting.

A subscriber's address is sealed at rest with the same keys as senders' emails
(``vestka.letters.sealing``) and found again by a keyed hash (HMAC-SHA256 under the
installation's SECRET_KEY), so a copy of the database holds neither the address nor
a plain hash that a list of addresses could be matched against. Confirmation and
unsubscribe links carry signed tokens; nothing about the subscriber's connection is
kept.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from vestka.calendar import selectors
from vestka.calendar.models import DigestSubscription, PublicBirthday
from vestka.letters import sealing
from vestka.registry.models import Person
from vestka.registry.public import absolute_url
from vestka.site.templatetags.vestka import day as written_day

logger = logging.getLogger(__name__)

TOKEN_SALT = "vestka.calendar.digest"
CONFIRM = "confirm"
UNSUBSCRIBE = "unsubscribe"
# A confirmation email is sent again for the same address at most this often, so the
# form cannot be used to flood someone's inbox.
CONFIRMATION_RESEND_AFTER = datetime.timedelta(minutes=30)
DIGEST_DAYS = 7
# A digest run repeated the same week (cron retried) sends nothing twice.
DIGEST_MIN_INTERVAL = datetime.timedelta(days=6)
MAX_EMAIL = 254
# The most dates one digest lists (a registry of 100,000 holds thousands a week).
DIGEST_MAX_ENTRIES = 300
BULK_BATCH = 2000


class BadBirthday(ValueError):
    """A day and month that make no date."""


class TooManyConfirmations(RuntimeError):
    """More confirmation emails this hour than VESTKA_DIGEST_CONFIRMATIONS_PER_HOUR."""


class BadToken(ValueError):
    """A confirmation or unsubscribe link that is broken, expired or for nobody."""


def public_birthday_check(*, month: int, day: int) -> None:
    """Raise BadBirthday when the day and month make no date (29 February is one)."""
    try:
        datetime.date(2000, month, day)  # a leap year
    except (TypeError, ValueError):
        raise BadBirthday(
            _("%(day)s.%(month)s is not a day of the year.") % {"day": day, "month": month}
        ) from None


def public_birthday_publish(
    *, person: Person, month: int, day: int, source_url: str = "", by=None
) -> PublicBirthday:
    """Make a person's birthday (day and month, never the year) public in the calendar.
    Raises BadBirthday when the day and month make no date (29 February is allowed)."""
    public_birthday_check(month=month, day=day)
    birthday, _created = PublicBirthday.objects.update_or_create(
        person=person,
        defaults={
            "month": month,
            "day": day,
            "source_url": source_url,
            "published_at": timezone.now(),
            "published_by": by,
        },
    )
    return birthday


def public_birthdays_from_birth_dates(*, people: QuerySet[Person], by=None) -> int:
    """Publish the day and month of the staff-only birth date of each of the people who
    have one (an editor's decision, e.g. for a postcard drive the family asked for; or
    every fictional person of the demo). Returns how many birthdays were published."""
    now = timezone.now()
    published = 0
    dated = people.exclude(birth_date__isnull=True).order_by("pk").values_list("pk", "birth_date")
    batch: list[PublicBirthday] = []

    def flush() -> None:
        PublicBirthday.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["person"],
            update_fields=["month", "day", "published_at", "published_by"],
        )
        batch.clear()

    with transaction.atomic():
        for pk, born in dated.iterator(chunk_size=BULK_BATCH):
            assert born is not None  # excluded above
            batch.append(
                PublicBirthday(
                    person_id=pk, month=born.month, day=born.day, published_at=now, published_by=by
                )
            )
            published += 1
            if len(batch) >= BULK_BATCH:
                flush()
        if batch:
            flush()
    return published


def email_normalised(email: str) -> str:
    """The address as it is compared: trimmed, the domain in lower case.
    Raises ValidationError with a message for the form when it is not an address."""
    email = email.strip()
    if len(email) > MAX_EMAIL:
        raise ValidationError(
            _("An email address has at most %(n)s characters.") % {"n": MAX_EMAIL}
        )
    validate_email(email)
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def email_digest(email: str) -> str:
    """The keyed hash an address is found by."""
    return salted_hmac(TOKEN_SALT + ".email", email.lower(), algorithm="sha256").hexdigest()


def _token(subscription: DigestSubscription, purpose: str) -> str:
    return signing.dumps(
        {"s": subscription.pk, "d": subscription.email_digest[:16], "p": purpose},
        salt=TOKEN_SALT,
        compress=True,
    )


def digest_token_open(*, token: str, purpose: str) -> DigestSubscription:
    """The subscription a link's token is for. Confirmation links expire with the
    unconfirmed subscription; unsubscribe links never do. Raises BadToken."""
    max_age = (
        datetime.timedelta(days=settings.VESTKA_DIGEST_UNCONFIRMED_DAYS)
        if purpose == CONFIRM
        else None
    )
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise BadToken(_("This link has expired: subscribe again.")) from None
    except signing.BadSignature:
        raise BadToken(_("This link is not valid: it may have been cut short.")) from None
    if (
        not isinstance(payload, dict)
        or payload.get("p") != purpose
        or not isinstance(payload.get("s"), int)
    ):
        raise BadToken(_("This link is not valid: it may have been cut short."))
    subscription = DigestSubscription.objects.filter(pk=payload["s"]).first()
    if subscription is None or subscription.email_digest[:16] != payload.get("d"):
        raise BadToken(_("There is no such subscription: it may have been removed already."))
    return subscription


def _link(name: str, token: str, language: str) -> str:
    with translation.override(language):
        return absolute_url(reverse(name, kwargs={"token": token}))


def _send(
    *,
    subscription: DigestSubscription,
    subject: str,
    template: str,
    context: dict,
    connection=None,
    message_id: str = "",
) -> None:
    unsubscribe = _link(
        "calendar:unsubscribe", _token(subscription, UNSUBSCRIBE), subscription.language
    )
    context = {**context, "unsubscribe_url": unsubscribe, "site_url": settings.SITE_URL}
    with translation.override(subscription.language):
        text = render_to_string(f"calendar/email/{template}.txt", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[sealing.unseal(subscription.email_sealed)],
        connection=connection,
        headers={
            # RFC 8058: a mail client's "unsubscribe" button posts here, no page to open.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            **({"Message-ID": message_id} if message_id else {}),
        },
    )
    message.send()


@dataclass(frozen=True)
class SubscribeResult:
    subscription: DigestSubscription
    email_queued: bool  # False when a confirmation went to this address only minutes ago


def digest_subscribe(*, email: str, language: str) -> SubscribeResult:
    """Ask for the weekly digest: the address is kept sealed, unconfirmed, and a link to
    confirm it is emailed. Asking again resends the link (at most every half hour); an
    address already confirmed is told so by email, so the form reveals nothing about
    who subscribes. Raises ValidationError for an address that is not one, and
    TooManyConfirmations when the site has sent its hour's confirmations.

    The email is sent by the worker (``calendar.tasks``), queued in the same
    transaction as the subscription: the form answers at once, and as fast whatever
    the address, and a mail server that is down delays the email, never loses it."""
    from vestka.calendar import tasks

    email = email_normalised(email)
    now = timezone.now()
    recent = DigestSubscription.objects.filter(
        confirmation_sent_at__gte=now - datetime.timedelta(hours=1)
    ).count()
    if recent >= settings.VESTKA_DIGEST_CONFIRMATIONS_PER_HOUR:
        # A site-wide brake, so the form cannot be used to mail many strangers; nobody
        # is blocked by who they are or where they connect from.
        raise TooManyConfirmations(
            _("Too many people are subscribing right now: please try again in an hour.")
        )
    with transaction.atomic():
        subscription, created = DigestSubscription.objects.select_for_update().get_or_create(
            email_digest=email_digest(email),
            defaults={"email_sealed": sealing.seal(email), "language": language, "created_at": now},
        )
        sent_recently = (
            subscription.confirmation_sent_at is not None
            and now - subscription.confirmation_sent_at < CONFIRMATION_RESEND_AFTER
        )
        if sent_recently:
            return SubscribeResult(subscription=subscription, email_queued=False)
        subscription.confirmation_sent_at = now
        if not subscription.confirmed_at:
            subscription.language = language
        subscription.save(update_fields=["confirmation_sent_at", "language"])
        tasks.digest_confirmation_send.enqueue(
            subscription_id=subscription.pk, asked_at=now.isoformat()
        )
    return SubscribeResult(subscription=subscription, email_queued=True)


def digest_confirmation_send(*, subscription_id: int, asked_at: str) -> str:
    """Email the link to confirm the digest, or, to an address already confirmed, that
    it is. Returns "sent", "gone" (unsubscribed or purged since, or asked again: the
    newer request sends its own email) or "failed" (the mail server refused)."""
    subscription = DigestSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None or subscription.confirmation_sent_at is None:
        return "gone"
    if subscription.confirmation_sent_at.isoformat() != asked_at:
        return "gone"
    language = subscription.language
    # The same Message-ID for the same request: should the email go twice (a worker
    # stopped between sending and recording it), mail clients show it once.
    stamp = int(subscription.confirmation_sent_at.timestamp())
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    message_id = f"<vestka.digest-confirm.{subscription.pk}.{stamp}@{domain}>"
    try:
        with translation.override(language):
            if subscription.confirmed_at:
                _send(
                    subscription=subscription,
                    subject=_("You already receive the Vestka calendar digest"),
                    template="already",
                    context={},
                    message_id=message_id,
                )
            else:
                _send(
                    subscription=subscription,
                    subject=_("Confirm the Vestka calendar digest"),
                    template="confirm",
                    context={
                        "confirm_url": _link(
                            "calendar:confirm", _token(subscription, CONFIRM), language
                        ),
                        "days": settings.VESTKA_DIGEST_UNCONFIRMED_DAYS,
                    },
                    message_id=message_id,
                )
    except (smtplib.SMTPException, OSError) as error:
        # The address is not logged: an SMTP error's text may hold it; its type does not.
        logger.warning(
            "digest confirmation for subscription %s not sent (%s)",
            subscription.pk,
            type(error).__name__,
        )
        return "failed"
    return "sent"


def digest_confirm(*, token: str) -> DigestSubscription:
    """Confirm a subscription from its emailed link (again is harmless). Raises BadToken."""
    subscription = digest_token_open(token=token, purpose=CONFIRM)
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def digest_unsubscribe(*, token: str) -> None:
    """Delete the subscription, address and all. Raises BadToken for a link that is for
    nobody (including one already used: the subscription is gone)."""
    digest_token_open(token=token, purpose=UNSUBSCRIBE).delete()


def digest_unsubscribe_url(*, subscription: DigestSubscription) -> str:
    return _link("calendar:unsubscribe", _token(subscription, UNSUBSCRIBE), subscription.language)


def digest_purge_unconfirmed(*, now: datetime.datetime | None = None, dry_run: bool = False) -> int:
    """Delete subscriptions nobody confirmed within VESTKA_DIGEST_UNCONFIRMED_DAYS.
    Returns how many there were."""
    now = now or timezone.now()
    stale = DigestSubscription.objects.filter(
        confirmed_at__isnull=True,
        created_at__lt=now - datetime.timedelta(days=settings.VESTKA_DIGEST_UNCONFIRMED_DAYS),
    )
    if dry_run:
        return stale.count()
    deleted, _by_model = stale.delete()
    return deleted


@dataclass(frozen=True)
class DigestReport:
    start: datetime.date
    end: datetime.date
    sent: int
    skipped: int  # sent a digest less than six days ago
    failed: int  # the mail server refused, or the address opens with no key: tried next run
    purged: int
    entries: dict[str, int]  # entries in the digest, per language
    dry_run: bool


def digest_send(
    *,
    start: datetime.date | None = None,
    dry_run: bool = False,
    now: datetime.datetime | None = None,
) -> DigestReport:
    """Send the week's digest (the seven days from start, today by default) to every
    confirmed subscriber in their language, after purging unconfirmed subscriptions.
    A subscriber sent a digest in the last six days is skipped, so a repeated run
    sends nothing twice. With dry_run nothing is sent, changed or deleted."""
    now = now or timezone.now()
    start = start or timezone.localdate(now)
    end = start + datetime.timedelta(days=DIGEST_DAYS - 1)
    purged = digest_purge_unconfirmed(now=now, dry_run=dry_run)
    confirmed = DigestSubscription.objects.filter(confirmed_at__isnull=False)
    due = selectors.digest_subscriptions_due(sent_before=now - DIGEST_MIN_INTERVAL)
    skipped = confirmed.count() - due.count()
    by_language: dict[str, tuple[list, int]] = {}
    counts: dict[str, int] = {}
    sent = failed = 0
    connection = None if dry_run else get_connection()
    for subscription in due.order_by("pk").iterator():
        language = subscription.language
        if language not in by_language:
            with translation.override(language):
                entries = selectors.calendar_entries(start=start, end=end)
            counts[language] = len(entries)
            # A very large registry's week is shown in part; the page has the rest.
            shown = entries[:DIGEST_MAX_ENTRIES]
            by_language[language] = (selectors.entries_by_day(shown), len(entries) - len(shown))
        if dry_run:
            sent += 1
            continue
        days, more = by_language[language]
        try:
            with translation.override(language):
                _send(
                    subscription=subscription,
                    subject=_("Vestka calendar: the week from %(date)s")
                    % {"date": written_day(start)},
                    template="digest",
                    context={"days": days, "more": more, "start": start, "end": end},
                    connection=connection,
                )
        except (sealing.SealBroken, smtplib.SMTPException, OSError) as error:
            # One refused address does not stop the others; it is tried again next run.
            logger.warning("digest subscription %s not sent: %s", subscription.pk, error)
            failed += 1
            continue
        DigestSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
        sent += 1
    return DigestReport(
        start=start,
        end=end,
        sent=sent,
        skipped=skipped,
        failed=failed,
        purged=purged,
        entries=counts,
        dry_run=dry_run,
    )


def digest_emails_reseal() -> int:
    """Seal every subscriber's address again with the newest key (after a new key was
    put first in VESTKA_EMAIL_KEYS). Raises sealing.SealBroken, changing nothing, when
    an address opens with none of the keys."""
    resealed = {
        pk: sealing.reseal(sealed)
        for pk, sealed in DigestSubscription.objects.values_list("pk", "email_sealed")
    }
    with transaction.atomic():
        for pk, sealed in resealed.items():
            DigestSubscription.objects.filter(pk=pk).update(email_sealed=sealed)
    return len(resealed)
