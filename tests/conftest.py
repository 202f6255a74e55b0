import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests try the same examples on every run, so that a red run is about the code
# and can be run again; VESTKA_HYPOTHESIS=explore searches new examples each time.
hypothesis_settings.register_profile("same", derandomize=True, database=None)
hypothesis_settings.register_profile("explore")
hypothesis_settings.load_profile(os.environ.get("VESTKA_HYPOTHESIS", "same"))

# Playwright's sync API runs an event loop in the test thread; Django's guard
# against database calls from async code would otherwise refuse the test's own
# queries. The live server still runs in its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# WhiteNoise warns at start-up when the collected-static folder is missing.
Path(__file__).resolve().parent.parent.joinpath("var", "static").mkdir(parents=True, exist_ok=True)

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = os.environ.get("VESTKA_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _cards_in_the_test_folder(settings, tmp_path):
    """Cards drawn by a test are kept in its own folder, never in var/. Saving a
    campaign draws its people's cards ahead, in the worker; where tasks run at once
    (below), only the tests of drawing ahead ask for it."""
    settings.VESTKA_CARDS_CACHE = tmp_path / "cards"
    settings.VESTKA_CARDS_DRAW_AHEAD = 0


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    """The private files (printed batches) in the test's own folder, never var/private.
    Reply scans' storage is fixed when the model loads: see ``private_storage``."""
    private = settings.STORAGES["private"]
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**private, "OPTIONS": {**private["OPTIONS"], "location": tmp_path / "private"}},
    }


def staff_authenticator(user):
    """The user's confirmed authenticator (made for the test), as after setting one up."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)


def authenticator_code(device) -> str:
    """The code the authenticator app would show now."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def staff_sign_in(page, live_server, username: str, password: str, next_path: str = "/staff/"):
    """Sign a staff member in through the sign-in page, with the authenticator's code."""
    from django.contrib.auth import get_user_model

    device = staff_authenticator(get_user_model().objects.get(username=username))
    page.goto(f"{live_server.url}/staff/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.fill("#id_otp_token", authenticator_code(device))
    page.click("#login-form input[type=submit]")
    page.wait_for_url(f"**{next_path}")


@pytest.fixture(autouse=True)
def _staff_sessions_pass_the_second_factor(monkeypatch):
    """A test client's force_login gives a staff member a session as after signing in with
    their password and authenticator; tests/accounts tests the real sign-in."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if user.is_staff:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = staff_authenticator(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _caches_empty():
    """Each test starts with empty caches: a page or a number kept by an earlier test
    (whose database was rolled back) is not this test's."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks run when they are enqueued, in the test's own process; the
    worker and its queue have their own tests (tests/operations/test_worker.py)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright. Missing chromium fails in CI and skips elsewhere."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"chromium not found at {CHROMIUM}; .ci/run installs it")
        pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def migration_data_kept(django_db_blocker):
    # Module scope: torn down after the transactional tests' own clean-up has emptied
    # the tables, so the tests that follow find the migrations' rows again.
    yield
    with django_db_blocker.unblock():
        from tests.letters.helpers import restore_migration_data

        restore_migration_data()
        from django.db import connection

        connection.close()


@pytest.fixture
def page(browser):
    """A browser tab. A test fails if the page broke the Content-Security-Policy (an inline
    script or style, a file from elsewhere): the browser would have blocked it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not violations, f"the page broke its Content-Security-Policy: {violations[:3]}"


@pytest.fixture
def screenshot(page):
    """Save a screenshot under test-artifacts/ so people can look at the page."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str, target=None):
        path = ARTIFACTS / f"{name}.png"
        (target or page).screenshot(path=str(path), full_page=True)
        return path

    return take
