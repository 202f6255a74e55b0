"""Staff sign in with a password and a second factor (an authenticator app's code, or a
one-time backup code); an account without one sets it up before it sees anything; too
many failures make an account wait, whoever is trying and from wherever."""

from __future__ import annotations

import base64
import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import authenticator_code, staff_authenticator, staff_sign_in
from vestka.accounts import services
from vestka.accounts.models import SignInFailure

pytestmark = pytest.mark.django_db

PASSWORD = "a long fictional password"
LOGIN = "/staff/login/"
SETUP = "/staff/second-factor/"


@pytest.fixture(autouse=True)
def _no_wait_after_a_wrong_code(settings):
    # django-otp makes each wrong code wait longer (its own tests cover that); here a
    # right code may follow a wrong one at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def editor():
    user = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def sign_in(client, code="", username="editor", password=PASSWORD):
    return client.post(
        LOGIN, {"username": username, "password": password, "otp_token": code, "next": "/staff/"}
    )


def errors(response) -> str:
    return " ".join(str(e) for e in response.context["form"].non_field_errors())


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def test_an_account_without_a_second_factor_sets_one_up_before_anything_else(editor):
    client = Client()
    signed_in = sign_in(client)
    assert signed_in.status_code == 302 and signed_in["Location"] == SETUP
    # Nothing of the staff site is open meanwhile.
    for path in ["/staff/", "/staff/registry/person/", "/staff/letters/letter/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == SETUP, path

    page = client.get(SETUP)
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    key = re.search(r'<code id="totp-key">([A-Z2-7]+)</code>', html).group(1)
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert base64.b32decode(key) == device.bin_key
    assert device.config_url.startswith("otpauth://totp/Vestka")

    wrong = client.post(SETUP, {"token": "000000" if code_of(device) != "000000" else "111111"})
    assert "not the one the app shows" in wrong.content.decode()
    assert client.get("/staff/").status_code == 302

    confirmed = client.post(SETUP, {"token": code_of(device)})
    codes = re.findall(r"<li><code>(\w+)</code></li>", confirmed.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/staff/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_with_an_authenticator_the_password_alone_does_not_sign_in(editor):
    device = staff_authenticator(editor)
    client = Client()
    alone = sign_in(client)
    assert alone.status_code == 200 and "token" in errors(alone).lower()
    wrong = sign_in(client, code="123456" if authenticator_code(device) != "123456" else "654321")
    assert wrong.status_code == 200
    assert client.get("/staff/").status_code == 302
    right = sign_in(client, code=authenticator_code(device))
    assert right.status_code == 302 and right["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_a_backup_code_signs_in_once(editor):
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=False)
    codes = services.totp_device_confirm(device=device, token=code_of(device))
    first = sign_in(Client(), code=codes[0])
    assert first.status_code == 302 and first["Location"] == "/staff/"
    again = sign_in(Client(), code=codes[0])
    assert again.status_code == 200


def test_too_many_failures_make_the_account_wait_even_with_the_right_password(editor):
    device = staff_authenticator(editor)
    client = Client()
    for _ in range(services.SIGN_IN_FAILURES_ALLOWED):
        assert sign_in(client, password="wrong guess").status_code == 200
    blocked = sign_in(client, code=authenticator_code(device))
    assert blocked.status_code == 200
    assert "Too many failed sign-ins for this account" in errors(blocked)
    assert "15 minutes" in errors(blocked)
    # Another account is not held up, and no username typed is kept as typed.
    other = User.objects.create_user("moderator", password=PASSWORD, is_staff=True)
    other_device = staff_authenticator(other)
    assert sign_in(Client(), "", "moderator").status_code == 200  # needs its code, not blocked
    assert sign_in(Client(), authenticator_code(other_device), "moderator").status_code == 302
    assert not SignInFailure.objects.filter(account__icontains="editor").exists()


def test_a_success_forgets_the_failures_before_it(editor):
    device = staff_authenticator(editor)
    for _ in range(services.SIGN_IN_FAILURES_ALLOWED - 1):
        sign_in(Client(), password="wrong guess")
    assert sign_in(Client(), code=authenticator_code(device)).status_code == 302
    assert SignInFailure.objects.count() == 0


def test_only_staff_can_set_up_a_second_factor():
    client = Client()
    response = client.get(SETUP)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    User.objects.create_user("reader", password=PASSWORD)
    client.login(username="reader", password=PASSWORD)
    assert client.get(SETUP)["Location"].startswith(LOGIN)


def test_editors_keep_the_registry_and_nothing_else():
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"change_person", "add_event", "add_importrun", "change_duplicatecandidate"} <= editors
    assert not {"delete_person", "moderate_letter", "dispatch_letter"} & editors
    assert not Permission.objects.filter(
        group__name="Editors", content_type__app_label__in=["auth", "letters"]
    ).exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_setting_up_an_authenticator_in_the_browser(live_server, page, screenshot):
    User.objects.create_user("newcomer", password=PASSWORD, is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}{LOGIN}")
    page.fill("#id_username", "newcomer")
    page.fill("#id_password", PASSWORD)
    screenshot("staff-sign-in")
    page.click("#login-form input[type=submit]")
    page.wait_for_url(f"**{SETUP}")
    screenshot("staff-second-factor-setup")
    device = TOTPDevice.objects.get(user__username="newcomer", confirmed=False)
    page.fill("#id_token", code_of(device))
    page.click("#second-factor-form input[type=submit]")
    page.locator("#backup-codes li").first.wait_for()
    assert page.locator("#backup-codes li").count() == 10
    screenshot("staff-second-factor-done")
    page.get_by_role("link", name="Go to the staff site").click()
    page.wait_for_url("**/staff/")
    # Signing in again needs the code.
    page.context.clear_cookies()
    staff_sign_in(page, live_server, "newcomer", PASSWORD)
