"""Public campaign pages, share links that count, and solidarity messages to a person
or a campaign. Nothing here reads the writer's IP address or user agent: the defences
are the letter form's signed token and honeypot, a per-session pace and a site-wide
brake (see ``site.writing_forms`` and ``services.message_submit``)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from vestka.campaigns import selectors, services, sharing
from vestka.campaigns.forms import MESSAGE_WORDING, TOKEN_SALTS, MessageForm
from vestka.campaigns.models import Campaign, ShareEvent
from vestka.registry import public
from vestka.registry import selectors as registry_selectors
from vestka.registry.models import Person, localized_text
from vestka.site import writing_forms

MESSAGES_SHOWN = 30
SESSION_MESSAGES_KEY = "vestka_messages_sent"  # times only, never which messages
SESSION_SHARES_KEY = "vestka_shares_counted"  # times only, never which campaigns


def _ui_language() -> str:
    language = (translation.get_language() or "en").split("-")[0]
    return language if language in ("en", "be", "ru") else "en"


def _campaign_or_404(slug: str) -> Campaign:
    try:
        return selectors.campaign_by_slug(slug=slug)
    except Campaign.DoesNotExist:
        raise Http404(_("There is no campaign “%(slug)s”.") % {"slug": slug[:60]}) from None


@require_GET
def campaign_index(request):
    index = selectors.campaign_index(today=timezone.localdate())
    return render(request, "campaigns/index.html", {"index": index})


@dataclass(frozen=True)
class ShareLink:
    network: str
    label: str
    url: str


def _share_links(campaign: Campaign) -> list[ShareLink]:
    return [
        ShareLink(
            network=value,
            label=str(label),
            url=reverse("campaigns:share", kwargs={"slug": campaign.slug, "network": value}),
        )
        for value, label in ShareEvent.Network.choices
    ]


@require_GET
@never_cache  # the message form carries its own nonce
def campaign(request, slug: str):
    campaign = _campaign_or_404(slug)
    return _campaign_page(request, campaign, form=MessageForm(), token="", errors=[])


def _campaign_page(
    request, campaign: Campaign, *, form: MessageForm, token: str, errors: list[str], status=200
) -> HttpResponse:
    today = timezone.localdate()
    messages = selectors.messages_shown(campaign=campaign)
    return render(
        request,
        "campaigns/campaign.html",
        {
            "campaign": campaign,
            "description": localized_text(campaign, "description"),
            "today": today,
            "current": selectors.campaign_is_current(campaign, today=today),
            "upcoming": campaign.starts_on > today,
            "next_day": selectors.next_day_of_action(campaign, today=today),
            "progress": selectors.campaign_progress(campaign=campaign, today=today),
            "counters": selectors.campaign_counters(campaign=campaign, today=today),
            "messages": messages[:MESSAGES_SHOWN],
            "share_links": _share_links(campaign),
            "accepts_messages": campaign.ends_on is None or campaign.ends_on >= today,
            "sent": request.GET.get("message") == "sent",
            **_form_context(form, token, "campaign", campaign.pk, errors),
        },
        status=status,
    )


def _form_context(form: MessageForm, token: str, kind: str, pk: int, errors: list[str]) -> dict:
    return {
        "form": form,
        "form_token": token or writing_forms.form_token_issue(person_id=pk, salt=TOKEN_SALTS[kind]),
        "token_field": writing_forms.TOKEN_FIELD,
        "honeypot_field": writing_forms.HONEYPOT_FIELD,
        "form_errors": errors,
    }


class ShareRedirect(HttpResponseRedirect):
    # Sharing by email opens the writer's own mail program.
    allowed_schemes = ["https", "mailto"]


@require_GET
def share(request, slug: str, network: str):
    """Count a followed share link, then send the browser to the network's share page.
    A session's clicks beyond VESTKA_SHARES_PER_SESSION_HOUR go through uncounted."""
    campaign = _campaign_or_404(slug)
    if network not in ShareEvent.Network.values:
        raise Http404(_("There is no way to share “%(network)s”.") % {"network": network[:30]})
    # Browsers that fetch a link ahead of a click say so; those fetches are not shares.
    prefetch = "prefetch" in (
        request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")
    )
    now = time.time()
    counted = writing_forms.session_times_within(request.session, key=SESSION_SHARES_KEY, now=now)
    if not prefetch and len(counted) < settings.VESTKA_SHARES_PER_SESSION_HOUR:
        services.share_record(campaign=campaign, network=network)
        request.session[SESSION_SHARES_KEY] = [*counted, now]
    target = sharing.share_url(
        network=network,
        url=public.absolute_url(campaign.get_absolute_url()),
        text=campaign.title,
        hashtag=campaign.hashtag,
    )
    response = ShareRedirect(target)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# Solidarity messages


@require_http_methods(["GET", "POST"])
@never_cache
def campaign_message(request, slug: str):
    campaign = _campaign_or_404(slug)
    if request.method == "GET":
        return redirect(f"{campaign.get_absolute_url()}#message-form")
    outcome = _message_post(request, kind="campaign", campaign=campaign)
    if isinstance(outcome, HttpResponseRedirect):
        return outcome
    form, token, errors, status = outcome
    return _campaign_page(request, campaign, form=form, token=token, errors=errors, status=status)


@require_http_methods(["GET", "POST"])
@never_cache
def person_messages(request, pk: int):
    """A person's solidarity messages and the form to leave one."""
    try:
        person = registry_selectors.person_detail(pk=pk)
    except Person.DoesNotExist:
        kept = registry_selectors.person_redirect(old_id=pk)
        if kept is not None:
            return redirect("campaigns:person_messages", pk=kept, permanent=True)
        raise Http404(_("There is no person with this number in the registry.")) from None
    form, token, errors, status = MessageForm(), "", [], 200
    if request.method == "POST":
        outcome = _message_post(request, kind="person", person=person)
        if isinstance(outcome, HttpResponseRedirect):
            return outcome
        form, token, errors, status = outcome
    return render(
        request,
        "campaigns/person_messages.html",
        {
            "person": person,
            "messages": selectors.messages_shown(person=person)[:MESSAGES_SHOWN],
            "message_count": selectors.person_message_count(person=person),
            "sent": request.GET.get("message") == "sent",
            **_form_context(form, token, "person", person.pk, errors),
        },
        status=status,
    )


def _message_post(
    request, *, kind: str, person: Person | None = None, campaign: Campaign | None = None
) -> HttpResponseRedirect | tuple[MessageForm, str, list[str], int]:
    """Check and submit a posted message form: a 303 to the page it was left on, or the
    form again with what was wrong (the text the writer typed is kept)."""
    target = person if person is not None else campaign
    assert target is not None
    form = MessageForm(request.POST)
    page = (
        reverse("campaigns:person_messages", kwargs={"pk": target.pk})
        if person is not None
        else target.get_absolute_url()
    )
    try:
        token = writing_forms.form_guard_check(
            data=request.POST, person_id=target.pk, salt=TOKEN_SALTS[kind], wording=MESSAGE_WORDING
        )
    except writing_forms.FormRefused as refusal:
        kept = "" if refusal.renew else request.POST.get(writing_forms.TOKEN_FIELD, "")
        return form, kept, [refusal.message], 400
    sent_again = HttpResponseRedirect(f"{page}?message=sent#messages")
    sent_again.status_code = 303
    key = writing_forms.SUBMISSION_KEY_PREFIX + token.nonce
    if selectors.message_by_submission_key(key=key) is not None:
        return sent_again
    kept_token = request.POST.get(writing_forms.TOKEN_FIELD, "")
    if not form.is_valid():
        return form, kept_token, [], 400
    now = time.time()
    sent = writing_forms.session_times_within(request.session, key=SESSION_MESSAGES_KEY, now=now)
    if len(sent) >= settings.VESTKA_MESSAGES_PER_SESSION_HOUR:
        message = ngettext(
            "This browser has left %(count)d message in the last hour, as many as we take "
            "from one writer. Please send this one later.",
            "This browser has left %(count)d messages in the last hour, as many as we take "
            "from one writer. Please send this one later.",
            len(sent),
        ) % {"count": len(sent)}
        return form, kept_token, [message], 429
    try:
        services.message_submit(
            person=person,
            campaign=campaign,
            sender_name=form.cleaned_data["sender_name"],
            text=form.cleaned_data["text"],
            ui_language=_ui_language(),
            submission_key=key,
        )
    except services.MessagesBusy as busy:
        return form, kept_token, [str(busy)], 429
    except services.CampaignRefused as refusal:
        return form, kept_token, [str(refusal)], 400
    request.session[SESSION_MESSAGES_KEY] = [*sent, now]
    return sent_again
