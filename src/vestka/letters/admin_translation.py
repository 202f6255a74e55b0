"""Translation: letters waiting for a Russian or Belarusian text (staff).

Prison censors read Russian and Belarusian only, so a moderator sends a letter written
in another language to translation. A translator sees the waiting letters oldest first,
opens one, writes the translation while it is screened as they type (or, without
JavaScript, when they press "Check"), and saves it: ``letter_act("translate")`` keeps the
original beside the translation and returns the letter to the moderators.

The pages are admin views at /staff/letters/letter/translations/ and
/staff/letters/letter/<id>/translate/, open to users with the translator role only.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from vestka.letters import lifecycle, roles, services
from vestka.letters.models import Letter
from vestka.screening import Screening, screen

LETTERS_PER_PAGE = 50
TRANSLATION_LANGUAGES = ("ru", "be")


class TranslationForm(forms.Form):
    translation = forms.CharField(
        label=_("Translation into Russian or Belarusian"),
        max_length=services.MAX_LETTER_CHARS,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 80, "spellcheck": "true"}),
        help_text=_(
            "Translate everything the letter says, in plain everyday words. What the screening "
            "flags below is what a censor would stop."
        ),
    )


def _require_translator(request: HttpRequest) -> None:
    if not roles.user_has_role(request.user, lifecycle.TRANSLATOR):
        raise PermissionDenied


def _ui_language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _flags(text: str, screening: dict[str, Any] | Screening) -> list[dict[str, Any]]:
    """Screening flags with the words they concern, for showing."""
    flags: list[dict[str, Any]] = (
        screening.get("flags", [])
        if isinstance(screening, dict)
        else [flag.as_dict() for flag in screening.flags]
    )
    whole = len(text.strip())
    shown = []
    for flag in flags:
        start, end = int(flag["start"]), int(flag["end"])
        # A flag on the whole letter (its language, its length) quotes nothing.
        quote = "" if end - start >= whole else text[start:end][:120]
        shown.append({**flag, "quote": quote})
    return shown


def translations_view(request: HttpRequest, admin_site: AdminSite) -> HttpResponse:
    """Letters waiting for a translation, the longest waiting first."""
    _require_translator(request)
    waiting = (
        Letter.objects.filter(state=lifecycle.NEEDS_TRANSLATION)
        .select_related("person")
        .annotate(
            sent_to_translation=Max("events__at", filter=Q(events__action="send_to_translation"))
        )
        .order_by("created_at", "pk")
    )
    page = Paginator(waiting, LETTERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        **admin_site.each_context(request),
        "opts": Letter._meta,
        "title": gettext("Letters to translate"),
        "page": page,
        "letters": [
            {"letter": letter, "characters": len(letter.text)} for letter in page.object_list
        ],
    }
    return TemplateResponse(request, "admin/letters/letter/translations.html", context)


def translate_view(request: HttpRequest, pk: int, admin_site: AdminSite) -> HttpResponse:
    """One letter: its original and screening, and the form for its translation."""
    _require_translator(request)
    letter = get_object_or_404(Letter.objects.select_related("person"), pk=pk)
    can_translate = letter.state == lifecycle.NEEDS_TRANSLATION
    form = TranslationForm(request.POST or None, initial={"translation": letter.translation})
    draft_screening: Screening | None = None
    unsaved = ""
    if request.method == "POST" and not can_translate:
        # Someone else translated it (or it moved on) meanwhile: say so, and hand the
        # translator's work back rather than dropping it.
        unsaved = request.POST.get("translation", "")[: services.MAX_LETTER_CHARS]
        messages.error(
            request,
            gettext("Someone acted on this letter first: it is now %(state)s.")
            % {"state": letter.get_state_display()},
        )
    if request.method == "POST" and can_translate and form.is_valid():
        draft = form.cleaned_data["translation"]
        draft_screening = screen(draft, ui_language=_ui_language())
        if "save" in request.POST:
            refusal = _translation_refusal(draft_screening)
            if refusal:
                messages.error(request, refusal)
            else:
                try:
                    services.letter_act(
                        letter_id=letter.pk,
                        action="translate",
                        role=lifecycle.TRANSLATOR,
                        actor=request.user,  # type: ignore[arg-type]
                        text=draft,
                        expected_state=lifecycle.NEEDS_TRANSLATION,
                    )
                except services.LetterRefused as error:
                    messages.error(request, str(error))
                else:
                    messages.success(
                        request,
                        gettext(
                            "The translation is saved; the letter is back with the moderators."
                        ),
                    )
                    return redirect("admin:letters_letter_translations")
    context = {
        **admin_site.each_context(request),
        "opts": Letter._meta,
        "title": gettext("Translate a letter"),
        "letter": letter,
        "form": form,
        "can_translate": can_translate,
        "unsaved": unsaved,
        "flags": _flags(letter.text, letter.screening),
        "draft_screening": draft_screening,
        "draft_flags": _flags(form.cleaned_data["translation"], draft_screening)
        if draft_screening
        else [],
    }
    return TemplateResponse(request, "admin/letters/letter/translate.html", context)


def _translation_refusal(screening: Screening) -> str:
    if screening.language not in (*TRANSLATION_LANGUAGES, "und"):
        return gettext(
            "The translation must be in Russian or Belarusian; this text reads as “%(language)s”."
        ) % {"language": screening.language}
    return ""


@require_POST
def translation_screen_view(request: HttpRequest, admin_site: AdminSite) -> HttpResponse:
    """The screening of a draft translation, as an HTML fragment for the live check."""
    _require_translator(request)
    text = request.POST.get("translation", "")[: services.MAX_LETTER_CHARS]
    screening = screen(text, ui_language=_ui_language()) if text.strip() else None
    return TemplateResponse(
        request,
        "admin/letters/letter/translate_screening.html",
        {
            "draft_screening": screening,
            "draft_flags": _flags(text, screening) if screening else [],
            "refusal": _translation_refusal(screening) if screening else "",
        },
    )


def translation_urls(admin_site: AdminSite) -> list[URLPattern | URLResolver]:
    """The translators' pages, relative to /staff/letters/letter/."""

    def staff(view):
        @wraps(view)
        def bound(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            return view(request, *args, admin_site=admin_site, **kwargs)

        return admin_site.admin_view(bound)

    return [
        path("translations/", staff(translations_view), name="letters_letter_translations"),
        path(
            "translations/screen/",
            staff(translation_screen_view),
            name="letters_letter_translation_screen",
        ),
        path("<int:pk>/translate/", staff(translate_view), name="letters_letter_translate"),
    ]
