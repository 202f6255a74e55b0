"""Notices to senders: a short email when a reply has come or a letter came back.

A notice holds the sender's private link and nothing of the letter or the prisoner. It
is sent by a background task (``letters.tasks``) after the reply or return is
committed, at most once for each: the reply (``Reply.notified_at``) or the return
(``Letter.return_notified_at``) is marked when the mail server has taken the notice,
and a task run again finds it marked. A worker killed between those two steps would
send it again; its fixed Message-ID lets mail clients show it once.
"""

from __future__ import annotations

import logging
from typing import Literal
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from vestka.letters import sealing
from vestka.letters.models import Letter, Reply

logger = logging.getLogger(__name__)

RETURNED_SUBJECT = gettext_lazy("Your letter came back")
REPLY_SUBJECT = gettext_lazy("A reply to your letter has come")

Outcome = Literal["sent", "already sent", "no email", "failed"]


def letter_private_url(*, letter: Letter) -> str:
    """The sender's private link to the letter, in the active language."""
    try:
        path = reverse("site:letter", kwargs={"token": letter.token})
    except NoReverseMatch:
        path = f"/letters/{letter.token}/"
    return settings.SITE_URL + path


def reply_notice_send(*, reply_id: int) -> Outcome:
    """Tell the sender that a reply to their letter has come, once."""
    reply = Reply.objects.filter(pk=reply_id).only("pk", "letter_id", "notified_at").first()
    if reply is None:
        return "no email"
    if reply.notified_at is not None:
        return "already sent"
    outcome = _send(
        letter_id=reply.letter_id,
        template="letters/email/reply_notice.txt",
        subject=REPLY_SUBJECT,
        message_id=f"reply.{reply.pk}",
    )
    if outcome == "sent":
        Reply.objects.filter(pk=reply.pk).update(notified_at=timezone.now())
    return outcome


def return_notice_send(*, letter_id: int) -> Outcome:
    """Tell the sender that their letter came back undelivered, once."""
    letter = Letter.objects.filter(pk=letter_id).only("pk", "return_notified_at").first()
    if letter is None:
        return "no email"
    if letter.return_notified_at is not None:
        return "already sent"
    outcome = _send(
        letter_id=letter_id,
        template="letters/email/returned_notice.txt",
        subject=RETURNED_SUBJECT,
        message_id=f"returned.{letter_id}",
    )
    if outcome == "sent":
        Letter.objects.filter(pk=letter_id).update(return_notified_at=timezone.now())
    return outcome


def _send(*, letter_id: int, template: str, subject: object, message_id: str) -> Outcome:
    """Email the sender in the language they wrote in. A failure is logged without the
    address (an SMTP error's text may hold it; its type does not)."""
    letter = (
        Letter.objects.filter(pk=letter_id)
        .only("pk", "token", "ui_language", "sender_email_sealed")
        .first()
    )
    if letter is None or not letter.sender_email_sealed:
        return "no email"
    try:
        email = sealing.unseal(letter.sender_email_sealed)
    except sealing.SealBroken:
        logger.warning("No notice for letter %s: its sealed email cannot be opened.", letter_id)
        return "no email"
    languages = {code for code, _name in settings.LANGUAGES}
    language = letter.ui_language if letter.ui_language in languages else settings.LANGUAGE_CODE
    with translation.override(language):
        text = render_to_string(template, {"link": letter_private_url(letter=letter)})
        title = str(subject)
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = EmailMessage(
        title, text, None, [email], headers={"Message-ID": f"<vestka.{message_id}@{domain}>"}
    )
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - the reply is recorded; only the notice failed
        logger.warning(
            "The notice for letter %s could not be sent (%s).", letter_id, type(error).__name__
        )
        return "failed"
    return "sent"
