"""The dispatchers' pages in the staff admin: the dispatch overview (letters ready per
facility, letters for delivery on release, letters no batch can take), a page per batch
(PDF, taking a letter out, marking the batch posted, returns and replies), and the
reply scans. Every change goes through ``letters.dispatch``; only dispatchers see any
of it. Each form says what its sender saw (the letters, the number of replies), so a
form sent twice is refused instead of acting twice.
"""

from __future__ import annotations

import contextlib
import mimetypes

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from vestka.letters import batch_pdfs, dispatch, lifecycle, roles
from vestka.letters.models import Batch, Reply
from vestka.letters.printing import PrintRefused, letter_reference
from vestka.registry.models import Facility

# Scans are re-encoded to these on upload (see letters.scans); anything else is a download.
INLINE_SCAN_TYPES = {"image/jpeg", "image/png"}
RECENT_BATCHES = 30
# How often a batch page reloads itself while its PDF is being printed.
PRINTING_REFRESH_SECONDS = 3


def _letter_ids(value: str) -> list[int]:
    try:
        ids = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise ValidationError(
            gettext_lazy("The list of letters is damaged; reload the page.")
        ) from None
    if not ids:
        raise ValidationError(gettext_lazy("There are no letters to put in a batch."))
    return ids


class MakeBatchForm(forms.Form):
    facility = forms.IntegerField(required=False, widget=forms.HiddenInput)
    envelope = forms.ChoiceField(
        label=gettext_lazy("Envelopes"), choices=Batch.Envelope.choices, required=False
    )
    # The letters the dispatcher saw: the batch holds these or nothing, so a form sent
    # twice, or after a colleague's batch, is refused instead of making another batch.
    letters = forms.CharField(widget=forms.HiddenInput)

    def clean_letters(self) -> list[int]:
        return _letter_ids(self.cleaned_data["letters"])


class LetterReasonForm(forms.Form):
    letter = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(max_length=2000, required=False)


class ReplyForm(forms.Form):
    letter = forms.IntegerField(widget=forms.HiddenInput)
    replies_seen = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    scan = forms.FileField(required=False)
    note = forms.CharField(max_length=5000, required=False)


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "envelope", "letter_count", "created_at", "posted_at"]
    list_filter = ["envelope", ("posted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["facility"]
    change_list_template = "admin/letters/batch/change_list.html"

    # --- who may see what

    def _is_dispatcher(self, request: HttpRequest) -> bool:
        return roles.user_has_role(request.user, lifecycle.DISPATCHER)

    def has_module_permission(self, request):
        return self._is_dispatcher(request)

    def has_view_permission(self, request, obj=None):
        return self._is_dispatcher(request)

    def has_add_permission(self, request):
        return False  # batches are made from the dispatch overview

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a batch is a record of what was printed and posted

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(letters_in=Count("letters"))

    @admin.display(description=gettext_lazy("letters"), ordering="letters_in")
    def letter_count(self, batch: Batch) -> int:
        return getattr(batch, "letters_in", 0)

    def get_urls(self):
        # Changes are POSTs only (with Django's CSRF check); the rest only read.
        urls = [
            ("dispatch/", self.overview_view, "letters_batch_overview"),
            ("make/", require_POST(self.make_view), "letters_batch_make"),
            # GET downloads; POST asks for a posted batch to be printed again.
            ("<int:pk>/pdf/", self.pdf_view, "letters_batch_pdf"),
            ("<int:pk>/post/", self.post_view, "letters_batch_post"),
            ("<int:pk>/remove/", require_POST(self.remove_view), "letters_batch_remove"),
            ("<int:pk>/return/", require_POST(self.return_view), "letters_batch_return"),
            ("<int:pk>/reply/", require_POST(self.reply_view), "letters_batch_reply"),
            ("replies/<int:reply_id>/scan/", self.scan_view, "letters_batch_reply_scan"),
        ]
        return [
            path(route, self.admin_site.admin_view(self._dispatcher_only(function)), name=name)
            for route, function, name in urls
        ] + super().get_urls()

    def _dispatcher_only(self, function):
        def checked(request, *args, **kwargs):
            if not self._is_dispatcher(request):
                raise PermissionDenied
            return function(request, *args, **kwargs)

        return checked

    def _context(self, request: HttpRequest, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    # --- the dispatch overview

    def changelist_view(self, request, extra_context=None):
        extra = {"overview_url": reverse("admin:letters_batch_overview"), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def overview_view(self, request: HttpRequest) -> HttpResponse:
        queues = dispatch.dispatch_queues()
        release = dispatch.release_queue()
        open_batches = (
            Batch.objects.filter(posted_at__isnull=True)
            .select_related("facility", "created_by")
            .annotate(letters_in=Count("letters"))
            .order_by("created_at", "pk")
        )
        posted = (
            Batch.objects.filter(posted_at__isnull=False)
            .select_related("facility", "posted_by")
            .annotate(
                letters_in=Count("letters"),
                returned=Count("letters", filter=Q(letters__state=lifecycle.RETURNED)),
                answered=Count("letters", filter=Q(letters__state=lifecycle.REPLY_RECEIVED)),
            )
            .order_by("-posted_at", "-pk")[:RECENT_BATCHES]
        )
        context = self._context(
            request,
            _("Dispatch"),
            queues=queues,
            release=release,
            stranded=dispatch.letters_stranded(),
            open_batches=open_batches,
            posted_batches=posted,
            envelopes=Batch.Envelope.choices,
            return_address_missing=not settings.VESTKA_RETURN_ADDRESS,
        )
        return TemplateResponse(request, "admin/letters/batch/overview.html", context)

    def make_view(self, request: HttpRequest) -> HttpResponse:
        form = MakeBatchForm(request.POST)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return redirect("admin:letters_batch_overview")
        facility = None
        if form.cleaned_data["facility"]:
            facility = Facility.objects.filter(pk=form.cleaned_data["facility"]).first()
            if facility is None:
                messages.error(request, _("There is no such facility."))
                return redirect("admin:letters_batch_overview")
        try:
            batch = dispatch.batch_create(
                facility=facility,
                actor=request.user,  # type: ignore[arg-type]
                envelope=form.cleaned_data["envelope"] or Batch.Envelope.C6,
                letter_ids=form.cleaned_data["letters"],
            )
        except dispatch.DispatchRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("admin:letters_batch_overview")
        count = len(form.cleaned_data["letters"])
        messages.success(
            request,
            ngettext(
                "Batch #%(batch)d is made with %(count)d letter. Print it, then mark it posted.",
                "Batch #%(batch)d is made with %(count)d letters. Print it, then mark it posted.",
                count,
            )
            % {"batch": batch.pk, "count": count},
        )
        return redirect("admin:letters_batch_change", batch.pk)

    # --- one batch

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self._is_dispatcher(request):
            raise PermissionDenied
        batch = get_object_or_404(
            Batch.objects.select_related("facility", "created_by", "posted_by"), pk=object_id
        )
        letters = list(
            batch.letters.select_related("person")
            .prefetch_related(
                Prefetch("replies", queryset=Reply.objects.order_by("received_at", "pk"))
            )
            .order_by("batch_position")
        )
        for letter in letters:
            letter.reference = letter_reference(batch_id=batch.pk, position=letter.batch_position)  # type: ignore[attr-defined]
            letter.actions = lifecycle.allowed_actions(letter.state, lifecycle.DISPATCHER)  # type: ignore[attr-defined]
        pdf = batch_pdfs.batch_pdf_state(batch=batch)
        if pdf.printing:
            # The page reloads itself until the PDF is there; a print that failed or was
            # lost is queued again (at most every few minutes). A letter taken out just
            # now may have left nothing to print: the next reload says so.
            with contextlib.suppress(PrintRefused):
                batch_pdfs.batch_pdf_request(batch_id=batch.pk)
        context = self._context(
            request,
            _("Batch #%(batch)d") % {"batch": batch.pk},
            batch=batch,
            letters=letters,
            pdf=pdf,
            refresh_seconds=PRINTING_REFRESH_SECONDS,
            can_post=batch.posted_at is None
            and any(letter.state == lifecycle.BATCHED for letter in letters),
            address_lines=batch.address.splitlines(),
            return_address_lines=batch.return_address.splitlines(),
        )
        return TemplateResponse(request, "admin/letters/batch/batch.html", context)

    def pdf_view(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        """The stored PDF, when it matches the batch as it is now; otherwise a print is
        queued and the batch page says so. A POST asks for a posted batch to be printed
        again."""
        batch = get_object_or_404(Batch, pk=pk)
        reprint = request.method == "POST"
        if reprint and batch.posted_at is None:
            return redirect("admin:letters_batch_pdf", batch.pk)
        try:
            stored = None if reprint else batch_pdfs.batch_pdf_open(batch_id=batch.pk)
            if stored is None:
                # Tasks run at once (a small installation, or tests) may print it now.
                if batch_pdfs.batch_pdf_request(batch_id=batch.pk, reprint=reprint):
                    stored = None if reprint else batch_pdfs.batch_pdf_open(batch_id=batch.pk)
        except PrintRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("admin:letters_batch_change", batch.pk)
        if stored is None:
            batch.refresh_from_db()
            messages.info(request, _pdf_news(batch))
            return redirect("admin:letters_batch_change", batch.pk)
        response = FileResponse(
            stored,
            content_type="application/pdf",
            as_attachment=True,
            filename=f"batch-{batch.pk}.pdf",
        )
        response["Cache-Control"] = "no-store, private"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def post_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = get_object_or_404(Batch.objects.select_related("facility"), pk=pk)
        if request.method == "POST":
            try:
                dispatch.batch_post(batch=batch, actor=request.user)  # type: ignore[arg-type]
            except dispatch.DispatchRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(
                    request,
                    _("Batch #%(batch)d is marked posted; its senders can see it.")
                    % {"batch": batch.pk},
                )
            return redirect("admin:letters_batch_change", batch.pk)
        count = batch.letters.filter(state=lifecycle.BATCHED).count()
        context = self._context(
            request,
            _("Mark batch #%(batch)d posted") % {"batch": batch.pk},
            batch=batch,
            count=count,
        )
        return TemplateResponse(request, "admin/letters/batch/post_confirm.html", context)

    def remove_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = get_object_or_404(Batch, pk=pk)
        form = LetterReasonForm(request.POST)
        if form.is_valid():
            try:
                letter = dispatch.batch_letter_remove(
                    batch=batch,
                    letter_id=form.cleaned_data["letter"],
                    actor=request.user,  # type: ignore[arg-type]
                    reason=form.cleaned_data["reason"],
                )
            except dispatch.DispatchRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(
                    request,
                    _("Letter %(id)d is taken out of the batch; it will go with the next one.")
                    % {"id": letter.pk},
                )
        else:
            messages.error(request, _form_errors(form))
        return redirect("admin:letters_batch_change", batch.pk)

    def return_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = get_object_or_404(Batch, pk=pk)
        form = LetterReasonForm(request.POST)
        if form.is_valid():
            letter_id = form.cleaned_data["letter"]
            if not batch.letters.filter(pk=letter_id).exists():
                messages.error(
                    request, _("Letter %(id)d is not in this batch.") % {"id": letter_id}
                )
            else:
                try:
                    dispatch.letter_return(
                        letter_id=letter_id,
                        actor=request.user,  # type: ignore[arg-type]
                        reason=form.cleaned_data["reason"],
                    )
                except dispatch.DispatchRefused as refusal:
                    messages.error(request, str(refusal))
                else:
                    messages.success(
                        request,
                        _("Letter %(id)d is recorded as returned; the sender is told why.")
                        % {"id": letter_id},
                    )
        else:
            messages.error(request, _form_errors(form))
        return redirect("admin:letters_batch_change", batch.pk)

    def reply_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = get_object_or_404(Batch, pk=pk)
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            letter_id = form.cleaned_data["letter"]
            if not batch.letters.filter(pk=letter_id).exists():
                messages.error(
                    request, _("Letter %(id)d is not in this batch.") % {"id": letter_id}
                )
            else:
                try:
                    dispatch.reply_record(
                        letter_id=letter_id,
                        actor=request.user,  # type: ignore[arg-type]
                        scan=form.cleaned_data["scan"],
                        note=form.cleaned_data["note"],
                        expected_replies=form.cleaned_data["replies_seen"],
                    )
                except dispatch.DispatchRefused as refusal:
                    messages.error(request, str(refusal))
                else:
                    messages.success(
                        request,
                        _("The reply to letter %(id)d is recorded; the sender can see it.")
                        % {"id": letter_id},
                    )
        else:
            messages.error(request, _form_errors(form))
        return redirect("admin:letters_batch_change", batch.pk)

    def scan_view(self, request: HttpRequest, reply_id: int) -> FileResponse:
        reply = get_object_or_404(Reply, pk=reply_id)
        if not reply.scan:
            raise Http404(_("This reply has no scan."))
        try:
            handle = reply.scan.open("rb")
        except FileNotFoundError as error:
            raise Http404(_("The scan of this reply is missing from the private files.")) from error
        content_type = reply.content_type or mimetypes.guess_type(reply.scan.name or "")[0] or ""
        inline = content_type in INLINE_SCAN_TYPES
        extension = (reply.scan.name or "").rsplit(".", 1)[-1]
        response = FileResponse(
            handle,
            content_type=content_type if inline else "application/octet-stream",
            as_attachment=not inline,
            filename=f"reply-{reply.pk}.{extension}",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "no-store, private"
        response["Referrer-Policy"] = "no-referrer"
        return response


def _pdf_news(batch: Batch) -> str:
    """What the batch page says after the PDF was asked for and not handed out."""
    state = batch_pdfs.batch_pdf_state(batch=batch)
    if state.ready:
        return _(
            "Batch #%(batch)d is printed again: download it below. The reprint is deleted "
            "at the next purge."
        ) % {"batch": batch.pk}
    if state.printing:
        return _(
            "The PDF of batch #%(batch)d is being printed. This page offers it as soon as it "
            "is ready."
        ) % {"batch": batch.pk}
    return _(
        "Batch #%(batch)d is posted, and its PDF was deleted then. Print it again only if "
        "pages or envelopes were lost before the post office."
    ) % {"batch": batch.pk}


def _form_errors(form: forms.Form) -> str:
    """A form's errors as one sentence for the messages bar."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(error) for error in errors)
        parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts) or _("The form could not be read; reload the page and try again.")
