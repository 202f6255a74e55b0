"""The public solidarity-message form. The robot defences are the letter form's own
(``site.writing_forms``): a signed, timed token and a honeypot field, with the words
of a message in what a refused post is told."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vestka.campaigns.services import MAX_MESSAGE_CHARS, MAX_SENDER_NAME_CHARS
from vestka.site.writing_forms import GuardWording

TOKEN_SALTS = {
    "person": "vestka.campaigns.message-to-person",
    "campaign": "vestka.campaigns.message-to-campaign",
}
MESSAGE_WORDING = GuardWording(
    honeypot=gettext_lazy(
        "The message was not sent: a hidden field that catches robots was filled in (a "
        "browser's autofill sometimes does this). It is empty now; please send it again."
    ),
    tampered=gettext_lazy(
        "This form could not be checked: it is incomplete or was changed. Here is a fresh "
        "one: please send your message again."
    ),
    expired=gettext_lazy(
        "This form was opened more than a day ago. Here is a fresh one: please send your "
        "message again."
    ),
    too_fast=gettext_lazy(
        "That was sent faster than anyone can write a message, so it was not taken. Please "
        "send it again."
    ),
)


class MessageForm(forms.Form):
    sender_name = forms.CharField(
        label=gettext_lazy("Sign with the name"),
        help_text=gettext_lazy("Shown with your message. A first name or a nickname is enough."),
        required=False,  # emptiness gets its own message below
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "nickname", "maxlength": MAX_SENDER_NAME_CHARS}
        ),
    )
    text = forms.CharField(
        label=gettext_lazy("Your message"),
        # Translated when the form is shown, in the reader's language, not once at import.
        help_text=lazy(
            lambda: (
                _(
                    "In any language, up to %(max)d characters. No links, phone numbers or "
                    "addresses. A moderator reads every message before it appears."
                )
                % {"max": MAX_MESSAGE_CHARS}
            ),
            str,
        )(),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_MESSAGE_CHARS, "dir": "auto"}),
    )

    def clean_sender_name(self) -> str:
        name = self.cleaned_data["sender_name"]
        if not name:
            raise ValidationError(
                _("Sign the message with a name (it need not be your own)."), code="required"
            )
        if len(name) > MAX_SENDER_NAME_CHARS:
            raise ValidationError(
                _("The name is longer than %(max)d characters.") % {"max": MAX_SENDER_NAME_CHARS},
                code="too_long",
            )
        return name

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if not text:
            raise ValidationError(_("The message is empty."), code="empty")
        if len(text) > MAX_MESSAGE_CHARS:
            raise ValidationError(
                _("The message is %(count)d characters long; at most %(max)d are taken.")
                % {"count": len(text), "max": MAX_MESSAGE_CHARS},
                code="too_long",
            )
        return text
