"""Writing to a prisoner without an account: the letter form with live screening, the
sender's private status page, and the people who have had the fewest letters lately.

Nothing here reads the writer's IP address (not REMOTE_ADDR, not X-Forwarded-For): the
defences against robots are a signed form token, a honeypot field and a per-session
pace (see ``writing_forms``), so people who write through Tor are treated like anyone.
Whatever a writer typed comes back to them with every refusal.
"""

from __future__ import annotations

import mimetypes
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TypeVar

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vestka.letters import deliverability as kinds
from vestka.letters import lifecycle, phrasebook
from vestka.letters.models import Letter, LetterEvent, Reply
from vestka.letters.selectors import people_fewest_letters, person_deliverability
from vestka.letters.services import (
    MAX_LETTER_CHARS,
    LetterRefused,
    LettersBusy,
    letter_act,
    letter_submit,
)
from vestka.registry import selectors as registry_selectors
from vestka.registry.models import Person
from vestka.screening import Screening, screen
from vestka.site import writing_forms
from vestka.site.writing_forms import LetterEditForm, LetterForm

R = TypeVar("R", bound=HttpResponseBase)

FEWEST_SINCE_DAYS = 90
FEWEST_SHOWN = 20
SESSION_SENT_KEY = "vestka_letters_sent"  # times (epoch seconds) of letters sent this hour
QUOTES_PER_RULE = 5
QUOTE_CHARS = 80
# Reply scans are shown inline only in formats a browser shows safely; anything else is
# offered as a download, so that no stored file can run as a page of this site.
INLINE_SCAN_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"}


def _see_letter(token: str) -> HttpResponseRedirect:
    """After a post, 303 See Other to the letter's private page: reloading it never posts
    the form again."""
    response = HttpResponseRedirect(reverse("site:letter", kwargs={"token": token}))
    response.status_code = 303
    return response


def _ui_language() -> str:
    language = (translation.get_language() or "en").split("-")[0]
    return language if language in phrasebook.UI_LANGUAGES else "en"


# Screening feedback


@dataclass
class FeedbackItem:
    rule: str
    severity: str
    message: str
    quotes: list[str] = field(default_factory=list)
    more: int = 0  # quotes not shown


@dataclass
class Feedback:
    """What the screening found, grouped by rule, with the words each rule is about."""

    verdict: str
    items: list[FeedbackItem]

    @property
    def blocking(self) -> bool:
        return self.verdict == "block"


def _feedback(text: str, screening: Screening) -> Feedback:
    items: dict[str, FeedbackItem] = {}
    for flag in screening.flags:
        item = items.setdefault(
            flag.rule, FeedbackItem(rule=flag.rule, severity=flag.severity, message=flag.message)
        )
        if flag.start == 0 and flag.end >= len(text):
            continue  # about the whole letter (its length, its language): nothing to quote
        quote = text[flag.start : flag.end].strip()
        if len(quote) > QUOTE_CHARS:
            quote = quote[: QUOTE_CHARS - 1].rstrip() + "…"
        if not quote or quote in item.quotes:
            continue
        if len(item.quotes) < QUOTES_PER_RULE:
            item.quotes.append(quote)
        else:
            item.more += 1
    order = {"block": 0, "warn": 1, "info": 2}
    return Feedback(
        verdict=screening.verdict,
        items=sorted(items.values(), key=lambda item: order.get(item.severity, 3)),
    )


def _screen(text: str) -> Feedback | None:
    if not text.strip():
        return None
    return _feedback(text, screen(text, ui_language=_ui_language()))


@require_POST
@never_cache
def letter_screen(request):
    """Live screening of a letter being written: an HTML fragment for htmx. Stores nothing."""
    return _screening_fragment(request)


def _screening_fragment(request) -> HttpResponse:
    text = request.POST.get("text", "")
    too_long = len(text) > MAX_LETTER_CHARS
    return render(
        request,
        "site/includes/screening.html",
        {
            "feedback": None if too_long else _screen(text),
            "too_long": too_long,
            "max_chars": MAX_LETTER_CHARS,
        },
    )


# The letter form


def _letter_routes(routes: tuple[str, ...]) -> tuple[str, ...]:
    """The routes a letter itself can take (writing to someone else is a link instead)."""
    return tuple(route for route in routes if route in Letter.Route.values)


def _sent_this_hour(session, now: float) -> list[float]:
    return writing_forms.session_times_within(session, key=SESSION_SENT_KEY, now=now)


def _letter_by_submission_key(key: str) -> Letter | None:
    # The read a repeated post needs before anything else; one indexed lookup.
    return Letter.objects.filter(submission_key=key).only("token").first()


@dataclass
class WriteOutcome:
    """What became of a posted letter form: a redirect, or the form again with why."""

    response: HttpResponse | None = None
    errors: list[str] = field(default_factory=list)
    status: int = 200
    held: bool = False  # it would be stopped: the writer may change it or send it anyway
    feedback: Feedback | None = None
    renew_token: bool = False


@require_http_methods(["GET", "POST"])
@never_cache  # each rendered form carries its own nonce: a cached page would share one
def write(request, pk: int):
    try:
        person = registry_selectors.person_detail(pk=pk)
    except Person.DoesNotExist as error:
        kept = registry_selectors.person_redirect(old_id=pk)
        if kept is not None:
            return redirect("site:write", pk=kept, permanent=True)
        raise Http404(_("There is no person with this number in the registry.")) from error
    statement = person_deliverability(person=person)
    routes = _letter_routes(statement.routes)
    context = {
        "person": person,
        "deliverability": statement,
        "composer": bool(routes),
        "can_write_to_fewest": kinds.WRITE_TO_FEWEST in statement.routes,
    }
    if not routes:
        return render(request, "site/write.html", context)

    letter_language = request.GET.get("lang", "")
    if letter_language not in phrasebook.LETTER_LANGUAGES:
        letter_language = "be" if _ui_language() == "be" else "ru"
    token = ""
    if request.method == "POST":
        form = LetterForm(request.POST, routes=routes)
        outcome = _write_post(request, person, form)
        if outcome.response is not None:
            return outcome.response
        if not outcome.renew_token:
            token = request.POST.get(writing_forms.TOKEN_FIELD, "")
    else:
        form, outcome = _write_get(request, routes, letter_language)
    context.update(
        form=form,
        form_token=token or writing_forms.form_token_issue(person_id=person.pk),
        honeypot_field=writing_forms.HONEYPOT_FIELD,
        token_field=writing_forms.TOKEN_FIELD,
        errors=outcome.errors,
        held=outcome.held,
        feedback=outcome.feedback,
        topics=_topics(),
        phrasebook=_phrasebook(),
        email_keep_days=settings.VESTKA_EMAIL_KEEP_DAYS,
        max_chars=MAX_LETTER_CHARS,
        screen_url=reverse("site:letter_screen"),
    )
    return render(request, "site/write.html", context, status=outcome.status)


def _write_get(request, routes: tuple[str, ...], letter_language: str):
    """A fresh form, or one filled in from a topic template (``?template=…&lang=…``), which
    is how templates work without JavaScript."""
    slug = request.GET.get("template", "")
    if not slug:
        return LetterForm(routes=routes), WriteOutcome()
    topic = phrasebook.topic_find(slug=slug)
    if topic is None:
        message = _("There is no letter template “%(name)s”; choose one of those below.") % {
            "name": slug[:40]
        }
        return LetterForm(routes=routes), WriteOutcome(errors=[message], status=400)
    text = topic.text(letter_language)
    return LetterForm(routes=routes, initial={"text": text}), WriteOutcome(feedback=_screen(text))


def _write_post(request, person: Person, form: LetterForm) -> WriteOutcome:
    """Check a posted letter form and submit the letter, in the order that keeps a
    repeated post harmless and tells a person exactly what to do next."""
    feedback = _screen(request.POST.get("text", "")[:MAX_LETTER_CHARS])
    try:
        token = writing_forms.form_guard_check(data=request.POST, person_id=person.pk)
    except writing_forms.FormRefused as refusal:
        return WriteOutcome(
            errors=[refusal.message], status=400, feedback=feedback, renew_token=refusal.renew
        )
    # The same form sent again (a double click, a retry after a lost response) lands on
    # the letter it made, whatever else would now be said about it.
    existing = _letter_by_submission_key(token.submission_key)
    if existing is not None:
        return WriteOutcome(response=_see_letter(existing.token))
    if not form.is_valid():
        return WriteOutcome(status=400, feedback=feedback)
    now = time.time()
    sent = _sent_this_hour(request.session, now)
    if len(sent) >= settings.VESTKA_LETTERS_PER_SESSION_HOUR:
        message = ngettext(
            "This browser has sent %(count)d letter in the last hour, as many as we take from "
            "one writer. Please send this one later; your text is kept below (copy it "
            "somewhere safe if you leave this page).",
            "This browser has sent %(count)d letters in the last hour, as many as we take from "
            "one writer. Please send this one later; your text is kept below (copy it "
            "somewhere safe if you leave this page).",
            len(sent),
        ) % {"count": len(sent)}
        return WriteOutcome(errors=[message], status=429, feedback=feedback)
    data = form.cleaned_data
    if feedback is not None and feedback.blocking and not data["send_anyway"]:
        return WriteOutcome(held=True, feedback=feedback)
    try:
        letter = letter_submit(
            person=person,
            sender_name=data["sender_name"],
            text=data["text"],
            ui_language=_ui_language(),
            email=data["email"],
            route=data["route"],
            submission_key=token.submission_key,
        )
    except LettersBusy as busy:
        return WriteOutcome(errors=[str(busy)], status=429, feedback=feedback)
    except LetterRefused as refusal:
        return WriteOutcome(errors=[str(refusal)], status=400, feedback=feedback)
    # Only the times are kept in the session, not which letters: a session cannot be
    # used to tell which letters one person wrote.
    request.session[SESSION_SENT_KEY] = [*sent, now]
    return WriteOutcome(response=_see_letter(letter.token))


@dataclass(frozen=True)
class TopicChoice:
    slug: str
    title: str
    texts: dict[str, str]


def _topics() -> list[TopicChoice]:
    language = _ui_language()
    return [
        TopicChoice(
            slug=topic.slug,
            title=topic.title.in_language(language),
            texts={code: topic.text(code) for code in phrasebook.LETTER_LANGUAGES},
        )
        for topic in phrasebook.TOPICS
    ]


@dataclass(frozen=True)
class PhraseRow:
    ru: str
    be: str
    meaning: str


def _meaning(phrase: phrasebook.Phrase, language: str) -> str:
    # In Belarusian or Russian a phrase mostly means itself: then it is not said twice.
    meaning = phrase.meaning.in_language(language)
    return "" if meaning in (phrase.ru, phrase.be) else meaning


def _phrasebook() -> list[tuple[str, list[PhraseRow]]]:
    language = _ui_language()
    return [
        (
            category.title.in_language(language),
            [PhraseRow(ru=p.ru, be=p.be, meaning=_meaning(p, language)) for p in phrases],
        )
        for category, phrases in phrasebook.phrases_by_category()
    ]


# Whom to write to when any letter will do


@require_GET
def letters_fewest(request):
    since = timezone.now() - timedelta(days=FEWEST_SINCE_DAYS)
    people = list(people_fewest_letters(since=since, limit=FEWEST_SHOWN))
    prefetch_related_objects(people, "facility")
    return render(
        request,
        "site/letters_fewest.html",
        {"people": people, "days": FEWEST_SINCE_DAYS},
    )


# The sender's private status page

# What each state means to the person who wrote the letter.
SENDER_STATES = {
    lifecycle.SUBMITTED: (
        gettext_lazy("Waiting for a moderator"),
        gettext_lazy(
            "A volunteer moderator reads every letter before it is printed. This can take a "
            "few days."
        ),
    ),
    lifecycle.NEEDS_TRANSLATION: (
        gettext_lazy("Being translated"),
        gettext_lazy(
            "Prison censors read only Russian and Belarusian, so a volunteer is translating "
            "your letter. Then a moderator will read it."
        ),
    ),
    lifecycle.EDIT_REQUESTED: (
        gettext_lazy("Please change your letter"),
        gettext_lazy("A moderator asked you to change something before the letter can be sent."),
    ),
    lifecycle.APPROVED: (
        gettext_lazy("Approved"),
        gettext_lazy(
            "A moderator approved your letter. It will be printed with the next batch of "
            "letters to the same prison."
        ),
    ),
    lifecycle.REJECTED: (
        gettext_lazy("Not sent"),
        gettext_lazy("A moderator decided that this letter cannot be sent."),
    ),
    lifecycle.BATCHED: (
        gettext_lazy("Being printed"),
        gettext_lazy(
            "Your letter is being printed with other letters to the same prison and will be "
            "posted soon."
        ),
    ),
    lifecycle.POSTED: (
        gettext_lazy("Posted"),
        gettext_lazy(
            "Your letter is in the post. Prison post is slow and censored: we learn whether it "
            "was handed over only if it comes back or a reply arrives."
        ),
    ),
    lifecycle.RETURNED: (
        gettext_lazy("Not delivered"),
        gettext_lazy("The letter came back undelivered."),
    ),
    lifecycle.REPLY_RECEIVED: (
        gettext_lazy("A reply came"),
        gettext_lazy("A reply to your letter has arrived. You can see it below."),
    ),
    lifecycle.ARCHIVED: (
        gettext_lazy("Closed"),
        gettext_lazy("This letter's story has ended. Thank you for writing."),
    ),
}
KEPT_STATES = {
    lifecycle.APPROVED: gettext_lazy(
        "A moderator approved your letter. It is kept, and will be delivered when the person "
        "is released."
    ),
    lifecycle.BATCHED: gettext_lazy(
        "Your letter is kept with the other letters waiting for the person's release."
    ),
}
# Events as the sender sees them: never who did it, only what happened.
SENDER_EVENTS = {
    "submit": gettext_lazy("You wrote the letter"),
    "send_to_translation": gettext_lazy("Passed to a volunteer translator"),
    "translate": gettext_lazy("Translated"),
    "request_edit": gettext_lazy("A moderator asked for a change"),
    "edit": gettext_lazy("You changed the letter"),
    "reject": gettext_lazy("Not accepted for sending"),
    "approve": gettext_lazy("Approved by a moderator"),
    "batch": gettext_lazy("Put in a batch for printing"),
    "unbatch": gettext_lazy("Taken out of a print batch; it will go with the next one"),
    "post": gettext_lazy("Posted"),
    "return": gettext_lazy("Came back undelivered"),
    "reply": gettext_lazy("A reply came"),
    "archive": gettext_lazy("Closed"),
}
# The reasons written for the sender to read (see lifecycle.Action.needs_reason).
REASON_ACTIONS = {"request_edit", "reject", "return"}
REASON_FOR_STATE = {
    lifecycle.EDIT_REQUESTED: "request_edit",
    lifecycle.REJECTED: "reject",
    lifecycle.RETURNED: "return",
}


@dataclass(frozen=True)
class TimelineEntry:
    at: object
    label: str
    reason: str


def _private(response: R) -> R:
    """Headers for anything behind a private link: it must not leak through a Referer
    header, be indexed or be kept in any cache."""
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store, private"
    return response


def _sender_letter(token: str) -> Letter:
    try:
        return (
            Letter.objects.select_related("person")
            .prefetch_related(
                Prefetch("events", queryset=LetterEvent.objects.order_by("at", "pk")),
                Prefetch("replies", queryset=Reply.objects.order_by("received_at", "pk")),
            )
            .get(token=token)
        )
    except Letter.DoesNotExist as error:
        # The same words for every unknown link: they tell nothing about which exist.
        raise Http404(
            _("There is no letter at this address. Check that you copied the whole link.")
        ) from error


# The private page is sent with "Referrer-Policy: no-referrer", and so browsers send
# "Origin: null" with every post from it, which Django's CSRF check refuses. Its posts
# need no CSRF check: what authorises them is the secret in the address, which a forged
# cross-site post cannot know, not a cookie the browser would add by itself.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def letter(request, token: str):
    """The sender's private page: where the letter is, what was done to it, any reply,
    and the edit form when a moderator asked for a change."""
    letter = _sender_letter(token)
    form = None
    outcome = WriteOutcome()
    if request.method == "POST":
        form = LetterEditForm(request.POST)
        outcome = _edit_post(letter, form, request.POST.get("text", ""))
        if outcome.response is not None:
            return _private(outcome.response)
        letter = _sender_letter(token)  # it may have moved on meanwhile
    elif letter.state == lifecycle.EDIT_REQUESTED:
        form = LetterEditForm(initial={"text": letter.text})
    events = list(letter.events.all())
    reasons = {e.action: e.reason for e in events if e.action in REASON_ACTIONS and e.reason}
    kept = letter.route == Letter.Route.KEEP_FOR_RELEASE
    title, explanation = SENDER_STATES.get(letter.state, (letter.get_state_display(), ""))
    if kept and letter.state in KEPT_STATES:
        explanation = KEPT_STATES[letter.state]
    response = render(
        request,
        "site/letter.html",
        {
            "letter": letter,
            "person": letter.person,
            "state_title": title,
            "state_explanation": explanation,
            "state_reason": reasons.get(REASON_FOR_STATE.get(letter.state, ""), ""),
            "kept_for_release": kept,
            "timeline": [
                TimelineEntry(
                    at=e.at,
                    label=str(SENDER_EVENTS.get(e.action, e.action.replace("_", " "))),
                    reason=e.reason if e.action in REASON_ACTIONS else "",
                )
                for e in events
            ],
            "replies": list(letter.replies.all()),
            "can_edit": letter.state == lifecycle.EDIT_REQUESTED,
            # A refused edit keeps what was typed on the page even if it can no longer be sent.
            "form": form,
            "errors": outcome.errors,
            "held": outcome.held,
            "feedback": outcome.feedback,
            "private_url": request.build_absolute_uri(),
            "max_chars": MAX_LETTER_CHARS,
            "screen_url": reverse("site:letter_edit_screen", kwargs={"token": letter.token}),
        },
        status=outcome.status,
    )
    return _private(response)


@csrf_exempt  # as for ``letter``: the secret address authorises it
@require_POST
@never_cache
def letter_edit_screen(request, token: str):
    """Live screening for the edit form on a private page. Stores nothing."""
    _sender_letter(token)
    return _private(_screening_fragment(request))


def _edit_post(letter: Letter, form: LetterEditForm, text: str) -> WriteOutcome:
    feedback = _screen(text[:MAX_LETTER_CHARS])
    if not form.is_valid():
        return WriteOutcome(status=400, feedback=feedback)
    if feedback is not None and feedback.blocking and not form.cleaned_data["send_anyway"]:
        return WriteOutcome(held=True, feedback=feedback)
    try:
        letter_act(
            letter_id=letter.pk,
            action="edit",
            role=lifecycle.SENDER,
            text=form.cleaned_data["text"],
            expected_state=lifecycle.EDIT_REQUESTED,
        )
    except LetterRefused as refusal:
        return WriteOutcome(errors=[str(refusal)], status=400, feedback=feedback)
    return WriteOutcome(response=_see_letter(letter.token))


@require_GET
def letter_reply(request, token: str, reply_id: int):
    """A reply's scan, for the sender's private link only."""
    try:
        reply = Reply.objects.get(pk=reply_id, letter__token=token)
    except Reply.DoesNotExist as error:
        raise Http404(_("There is no such reply to this letter.")) from error
    if not reply.scan:
        raise Http404(_("This reply has no scan."))
    try:
        handle = reply.scan.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("The scan of this reply is missing; please ask the organisers.")) from error
    content_type = reply.content_type
    if content_type not in INLINE_SCAN_TYPES:
        content_type = mimetypes.guess_type(reply.scan.name)[0] or ""
    inline = content_type in INLINE_SCAN_TYPES
    response = FileResponse(
        handle, content_type=content_type if inline else "application/octet-stream"
    )
    response["Content-Disposition"] = "inline" if inline else "attachment"
    return _private(response)
