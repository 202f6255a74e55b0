"""Every response carries the security headers, and production settings pass Django's
deployment checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/people/", "/staff/login/", "/api/v1/people", "/api/v1/docs"]
)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no inline script, no eval, nothing from elsewhere
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_no_template_has_an_inline_script_or_style_attribute():
    # The policy forbids them; a test names the template before a browser refuses it.
    templates = [p for p in (SRC / "vestka").rglob("templates/**/*.html")]
    assert templates
    for template in templates:
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template
        # In a tag, not in text shown as code ("&lt;iframe style=…").
        assert not re.search(r'<[a-zA-Z][^<>]*\sstyle="', text), template
        assert not re.search(r'<[a-zA-Z][^<>]*\son[a-z]+="', text), template


def production_environment(**changes: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-fictional-production-key-" + "x7Qp2Lm9" * 6,
        "ALLOWED_HOSTS": "vestka.example,www.vestka.example",
        "VESTKA_SITE_URL": "https://vestka.example",
        "PYTHONPATH": str(SRC),
        "DJANGO_SETTINGS_MODULE": "vestka.settings",
    }
    for name in ("VESTKA_HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"):
        env.pop(name, None)
    env.update(changes)
    return env


def test_production_settings_pass_the_deployment_checks(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "vestka.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_environment(VESTKA_VAR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr + done.stdout


def test_served_to_the_world_the_site_is_https_only(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS > 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=production_environment(VESTKA_VAR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split() == ["True"] * 4, done.stderr
