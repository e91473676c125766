"""Issue 10: every HTML page carries a Content-Security-Policy that runs only our own script and
style files (wuye.core.middleware, settings.WUYE_CONTENT_SECURITY_POLICY), and no template holds
what that policy would block: inline <script>, on…= handlers, style= attributes, <style> elements
(the error pages' one <style> is allowed by its hash). The Swagger UI obeys the same policy.
wuye/core/tests/test_csp_browser.py checks in chromium that no page reports a violation.
"""

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings

from wuye.accounts.choices import Role
from wuye.core.tests.factories import ProjectFactory, staff

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("wuye/*/templates")]
ERROR_LAYOUT = ROOT / "templates" / "error_layout.html"

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"(?<![\w:-])on[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"(?<![\w:-])style\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


def _templates():
    for folder in TEMPLATE_DIRS:
        yield from sorted(folder.rglob("*.html"))


def test_templates_hold_nothing_the_policy_blocks():
    found = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        rules = [INLINE_SCRIPT, HANDLER, STYLE_ATTRIBUTE, JAVASCRIPT_URL]
        if path != ERROR_LAYOUT:
            rules.append(STYLE_ELEMENT)
        for rule in rules:
            for match in rule.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}")
    assert not found, "inline script/handler/style in templates (move it to static/):\n" + "\n".join(found)
    assert len(list(_templates())) > 50  # the walk found the templates


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<select onchange="this.form.submit()">',
        "<button type=button ONCLICK='x()'>",
        '<div style="margin:0">',
        "<style>p{}</style>",
        '<a href="javascript:void(0)">',
    ],
)
def test_the_template_check_finds_each_kind(snippet):
    rules = [INLINE_SCRIPT, HANDLER, STYLE_ATTRIBUTE, STYLE_ELEMENT, JAVASCRIPT_URL]
    assert any(rule.search(snippet) for rule in rules)


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="/static/js/console.js" defer></script>',
        '<meta name="viewport" content="width=device-width">',
        '<a aria-controls="sidebar" data-autosubmit>',
        '<span class="ok">done</span>',
    ],
)
def test_the_template_check_passes_allowed_markup(snippet):
    rules = [INLINE_SCRIPT, HANDLER, STYLE_ATTRIBUTE, STYLE_ELEMENT, JAVASCRIPT_URL]
    assert not any(rule.search(snippet) for rule in rules)


def test_the_policy_allows_no_inline_script_or_style():
    policy = _directives(settings.WUYE_CONTENT_SECURITY_POLICY)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["style-src"] and "'unsafe-eval'" not in policy["script-src"]


def test_the_error_pages_style_is_allowed_by_its_hash():
    """templates/error_layout.html renders without static files, so its <style> stays inline; when
    it changes, the hash in config/settings/base.py must change with it."""
    style = re.search(r"<style>(.*?)</style>", ERROR_LAYOUT.read_text(encoding="utf-8"), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    style_src = _directives(settings.WUYE_CONTENT_SECURITY_POLICY)["style-src"]
    assert f"'sha256-{digest}'" in style_src, f"put 'sha256-{digest}' into style-src"
    assert style_src == ["'self'", f"'sha256-{digest}'"]


@pytest.mark.django_db
def test_console_pages_send_the_policy(client):
    policy = settings.WUYE_CONTENT_SECURITY_POLICY
    login = client.get("/login/")
    assert login["Content-Security-Policy"] == policy
    project = ProjectFactory()
    client.force_login(staff(Role.CS_SUPERVISOR, project))
    for path in ("/", "/units/", "/calendar/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Security-Policy"] == policy, path
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and missing["Content-Security-Policy"] == policy


@pytest.mark.django_db
def test_json_responses_go_without_the_policy(api_client):
    response = api_client.get("/api/v1/units/")
    assert response.status_code == 401
    assert "Content-Security-Policy" not in response


@pytest.mark.django_db
def test_an_empty_setting_sends_no_policy(client, settings):
    settings.WUYE_CONTENT_SECURITY_POLICY = ""
    assert "Content-Security-Policy" not in client.get("/login/")


@pytest.mark.django_db
def test_swagger_ui_runs_no_inline_script(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert page["Content-Security-Policy"] == settings.WUYE_CONTENT_SECURITY_POLICY
    assert not INLINE_SCRIPT.search(html) and not STYLE_ELEMENT.search(html) and not HANDLER.search(html)
    assert '<script src="/api/docs/?script="></script>' in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
