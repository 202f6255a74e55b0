import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.calendar.conftest import held
from vestka.calendar import services
from vestka.calendar.models import DigestSubscription
from vestka.letters import sealing

pytestmark = pytest.mark.django_db
EMAIL = "Ala.Writer@Example.ORG"


def link_in(message, name):
    return re.search(
        rf"https://vestka\.example(/(?:\w+/)?calendar/digest/{name}/[^/\s]+/)", message.body
    ).group(1)


def subscribe(client, email=EMAIL, prefix=""):
    return client.post(f"{prefix}/calendar/digest/", {"email": email})


def test_double_opt_in_from_the_form_to_the_first_digest(client, db):
    held(
        "Прыдуманая Алена",
        birthday=(timezone.localdate() + datetime.timedelta(days=2)).timetuple()[1:3],
        latin="Alena Prydumanaya",
    )
    response = subscribe(client)
    assert response.status_code == 200 and "Check your inbox" in response.content.decode()
    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.to == ["Ala.Writer@example.org"]
    assert "Confirm" in confirmation.subject

    # Nothing is sent before the address is confirmed.
    services.digest_send()
    assert len(mail.outbox) == 1

    # The link shows a button (mail scanners follow links); pressing it confirms.
    confirm = link_in(confirmation, "confirm")
    assert client.get(confirm).status_code == 200
    assert DigestSubscription.objects.get().confirmed_at is None
    assert "Subscribed" in client.post(confirm).content.decode()
    assert DigestSubscription.objects.get().confirmed_at is not None

    report = services.digest_send()
    assert (report.sent, report.skipped) == (1, 0)
    digest = mail.outbox[-1]
    assert "Birthday: Alena Prydumanaya" in digest.body
    unsubscribe = link_in(digest, "unsubscribe")
    assert digest.extra_headers["List-Unsubscribe"] == f"<https://vestka.example{unsubscribe}>"
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in digest.body


def test_the_address_is_sealed_at_rest_and_found_by_a_keyed_hash(client, db):
    subscribe(client)
    row = DigestSubscription.objects.get()
    assert "example" not in row.email_sealed.lower()
    assert sealing.unseal(row.email_sealed) == "Ala.Writer@example.org"
    assert row.email_digest == services.email_digest("ala.writer@example.org")
    assert row.email_digest != services.email_digest("other@example.org")
    assert not hasattr(row, "ip") and "ip_address" not in [f.name for f in row._meta.fields]


def test_asking_again_makes_no_second_subscription_and_does_not_flood(client, db):
    subscribe(client)
    subscribe(client, email="ala.writer@example.org")
    assert DigestSubscription.objects.count() == 1
    assert len(mail.outbox) == 1
    DigestSubscription.objects.update(
        confirmation_sent_at=timezone.now() - datetime.timedelta(hours=1)
    )
    subscribe(client)
    assert len(mail.outbox) == 2


def test_a_confirmed_subscriber_asking_again_is_told_so_and_the_page_says_the_same(client, db):
    subscribe(client)
    client.post(link_in(mail.outbox[0], "confirm"))
    DigestSubscription.objects.update(confirmation_sent_at=None)
    response = subscribe(client)
    assert "Check your inbox" in response.content.decode()
    assert "already" in mail.outbox[-1].subject


def test_one_click_unsubscribe_posts_without_a_cookie_and_deletes_the_address(db):
    from django.test import Client

    subscription = services.digest_subscribe(email=EMAIL, language="en").subscription
    services.digest_confirm(token=link_in(mail.outbox[0], "confirm").rstrip("/").split("/")[-1])
    url = services.digest_unsubscribe_url(subscription=subscription)
    path = url.removeprefix("https://vestka.example")
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not DigestSubscription.objects.exists()
    again = mail_client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert again.status_code == 400


def test_the_unsubscribe_link_in_a_browser_asks_before_it_acts(client, db):
    subscription = services.digest_subscribe(email=EMAIL, language="en").subscription
    path = services.digest_unsubscribe_url(subscription=subscription).removeprefix(
        "https://vestka.example"
    )
    assert "<button" in client.get(path).content.decode()
    assert DigestSubscription.objects.exists()
    client.post(path)
    assert not DigestSubscription.objects.exists()


@pytest.mark.parametrize("token", ["nonsense", "a" * 80])
def test_a_broken_link_is_a_400_that_says_why(client, db, token):
    for name in ("confirm", "unsubscribe"):
        response = client.get(f"/calendar/digest/{name}/{token}/")
        assert response.status_code == 400
        assert "not valid" in response.content.decode()


def test_a_confirmation_link_cannot_unsubscribe_and_expires(client, db, settings):
    subscribe(client)
    token = link_in(mail.outbox[0], "confirm").rstrip("/").split("/")[-1]
    assert client.post(f"/calendar/digest/unsubscribe/{token}/").status_code == 400
    assert DigestSubscription.objects.exists()
    settings.VESTKA_DIGEST_UNCONFIRMED_DAYS = 0
    response = client.post(f"/calendar/digest/confirm/{token}/")
    assert response.status_code == 400 and "expired" in response.content.decode()


def test_a_link_for_a_deleted_subscription_does_not_confirm_a_new_one(client, db):
    subscribe(client)
    token = link_in(mail.outbox[0], "confirm").rstrip("/").split("/")[-1]
    DigestSubscription.objects.all().delete()
    subscribe(client, email="someone.else@example.org")
    assert client.post(f"/calendar/digest/confirm/{token}/").status_code == 400
    assert DigestSubscription.objects.get().confirmed_at is None


@pytest.mark.parametrize("email", ["", "not an address", "a@b", "x" * 250 + "@example.org"])
def test_a_bad_address_is_a_400_with_the_reason_and_stores_nothing(client, db, email):
    response = subscribe(client, email=email)
    assert response.status_code == 400
    assert 'class="message message-error" role="alert"' in response.content.decode()
    assert not DigestSubscription.objects.exists() and not mail.outbox


def test_unconfirmed_subscriptions_are_purged_after_a_few_days(client, db, settings):
    subscribe(client)
    subscribe(client, email="fresh@example.org")
    confirmed = services.digest_subscribe(email="kept@example.org", language="en").subscription
    services.digest_confirm(token=link_in(mail.outbox[-1], "confirm").rstrip("/").split("/")[-1])
    old = timezone.now() - datetime.timedelta(days=settings.VESTKA_DIGEST_UNCONFIRMED_DAYS, hours=1)
    DigestSubscription.objects.exclude(
        email_digest=services.email_digest("fresh@example.org")
    ).update(created_at=old)
    assert services.digest_purge_unconfirmed(dry_run=True) == 1
    assert services.digest_purge_unconfirmed() == 1
    left = set(DigestSubscription.objects.values_list("pk", flat=True))
    assert confirmed.pk in left and len(left) == 2


def test_the_digest_is_in_the_subscribers_language(client, db):
    subscribe(client, prefix="/ru")
    assert DigestSubscription.objects.get().language == "ru"
    assert "/ru/calendar/digest/confirm/" in mail.outbox[0].body


def test_the_digest_command_sends_once_a_week_and_dry_run_sends_nothing(client, db):
    import io
    import json

    subscribe(client)
    client.post(link_in(mail.outbox[0], "confirm"))
    out = io.StringIO()
    call_command("calendar", "digest", "--dry-run", stdout=out)
    assert json.loads(out.getvalue())["sent"] == 1 and len(mail.outbox) == 1
    out = io.StringIO()
    call_command("calendar", "digest", stdout=out)
    assert json.loads(out.getvalue())["sent"] == 1 and len(mail.outbox) == 2
    out = io.StringIO()
    call_command("calendar", "digest", stdout=out)
    report = json.loads(out.getvalue())
    assert (report["sent"], report["skipped"]) == (0, 1) and len(mail.outbox) == 2


def test_subscribers_addresses_are_resealed_with_a_new_key(client, db, settings):
    subscribe(client)
    before = DigestSubscription.objects.get().email_sealed
    new = sealing.new_key()
    settings.VESTKA_EMAIL_KEYS = [new, *sealing.installation_keys()]
    assert services.digest_emails_reseal() == 1
    after = DigestSubscription.objects.get().email_sealed
    assert after != before
    from cryptography.fernet import Fernet

    assert Fernet(new.encode()).decrypt(after.encode()).decode() == "Ala.Writer@example.org"


def test_subscribing_stores_and_sends_no_ip_address(client, db, caplog):
    address = "203.0.113.77"
    client.post(
        "/calendar/digest/",
        {"email": EMAIL},
        REMOTE_ADDR=address,
        HTTP_X_FORWARDED_FOR=address,
    )
    client.post(link_in(mail.outbox[0], "confirm"), REMOTE_ADDR=address)
    rows = [str(v) for row in DigestSubscription.objects.values() for v in row.values()]
    assert rows and not any(address in value for value in rows)
    assert all(address not in message.message().as_string() for message in mail.outbox)
    assert address not in caplog.text


def test_the_site_wide_brake_asks_to_try_again_and_sends_nothing(client, db, settings):
    settings.VESTKA_DIGEST_CONFIRMATIONS_PER_HOUR = 1
    subscribe(client)
    response = subscribe(client, email="second@example.org")
    assert response.status_code == 429
    assert "try again in an hour" in response.content.decode()
    assert len(mail.outbox) == 1 and DigestSubscription.objects.count() == 1


def test_a_refused_address_does_not_stop_the_others_and_is_tried_again(client, db, monkeypatch):
    for email in ("one@example.org", "two@example.org"):
        subscribe(client, email=email)
    for message in list(mail.outbox):
        client.post(link_in(message, "confirm"))
    broken = DigestSubscription.objects.order_by("pk").first()
    DigestSubscription.objects.filter(pk=broken.pk).update(email_sealed="not a sealed address")
    report = services.digest_send()
    assert (report.sent, report.failed) == (1, 1)
    assert DigestSubscription.objects.get(pk=broken.pk).last_sent_at is None


def test_a_huge_week_is_listed_in_part_with_the_rest_counted(client, db, monkeypatch):
    subscribe(client)
    client.post(link_in(mail.outbox[0], "confirm"))
    monkeypatch.setattr(services, "DIGEST_MAX_ENTRIES", 1)
    for n in range(3):
        on = timezone.localdate() + datetime.timedelta(days=n + 1)
        held(f"Прыдуманы {n}", birthday=(on.month, on.day))
    services.digest_send()
    body = mail.outbox[-1].body
    assert sum(line.startswith("  - ") for line in body.splitlines()) == 1
    assert "more dates this week on the calendar page" in body
