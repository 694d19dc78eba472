"""What every journey does on a page: look at it with axe-core, save a screenshot, sign in.

axe-core is vendored (``assets/axe.min.js``, MPL-2.0, licence beside it) and injected with
``page.evaluate``: DevTools evaluation is not subject to the page's Content-Security-Policy, so
the site's CSP stays on (no ``bypass_csp``) while axe runs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.core import mail

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
AXE_REPORT = ROOT / "test-results" / "axe.json"
AXE_SOURCE = (Path(__file__).parent / "assets" / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = {"serious", "critical"}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
PHONE_WIDTH = PHONE["width"]
PASSWORD_LABEL = re.compile("^密码")

WIDER_THAN_SCREEN = """width => [...document.querySelectorAll("body *")]
  .filter(el => el.getBoundingClientRect().right > width).slice(-5)
  .map(el => `${el.tagName.toLowerCase()}.${el.className}: ${Math.round(el.getBoundingClientRect().right)}px`)"""

checked_pages: list[dict] = []  # one entry per page axe looked at, written to AXE_REPORT


def go(page, path: str):
    page.goto(page.base_url + path)
    return page


def axe_check(page, name: str) -> list[dict]:
    """Run axe-core on the page as it is now; fail on serious or critical violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    results = page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [", ".join(map(str, node["target"])) for node in v["nodes"]][:5],
        }
        for v in results["violations"]
    ]
    checked_pages.append({"name": name, "url": page.url, "violations": violations})
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"axe on {name} ({page.url}):\n" + "\n".join(
        f"  [{v['impact']}] {v['id']}: {v['help']} — {v['targets']}" for v in blocking
    )
    return violations


def shot(page, name: str, *, full_page: bool = True) -> Path:
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def fits_phone(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > PHONE_WIDTH:
        shot(page, "overflow")
        wide = page.evaluate(WIDER_THAN_SCREEN, PHONE_WIDTH)
        raise AssertionError(f"{page.url} scrolls sideways on a phone: {width}px wide; widest: {wide}")


def look(page, name: str, *, phone: bool = False, full_page: bool = True) -> None:
    """A key page: no blocking axe violation, a screenshot, and on a phone no sideways scroll."""
    page.wait_for_load_state("load")
    axe_check(page, name)
    if phone:
        fits_phone(page)
    shot(page, name, full_page=full_page)


def write_axe_report() -> None:
    AXE_REPORT.parent.mkdir(parents=True, exist_ok=True)
    AXE_REPORT.write_text(json.dumps(checked_pages, ensure_ascii=False, indent=2), encoding="utf-8")


def verification_link(email: str) -> str:
    """The link in the newest verification e-mail to ``email`` (Django's locmem outbox in tests)."""
    message = next(m for m in reversed(mail.outbox) if email in m.to)
    return re.search(r"https?://\S+/accounts/verify/\S+/", message.body).group(0)


def sign_in(page, user, password: str) -> None:
    """Sign in on /accounts/login/; if the site asks for a one-time code (staff with TOTP) — on
    the same form or on a page of its own — type the current code of the user's TOTP device."""
    go(page, "/accounts/login/")
    look(page, "sign-in-01-password")
    page.get_by_label("手机号码或电子邮箱").fill(user.email or user.username)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    token = page.locator("input[name=otp_token]")
    if token.count() and _has_device(user):
        token.fill(totp_now(user))
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state("load")
    if "/otp/" in page.url or token.count():
        look(page, "sign-in-02-code")
        again = page.get_by_label(PASSWORD_LABEL)
        if again.count():
            again.fill(password)
        token.fill(totp_now(user))
        token.press("Enter")
        page.wait_for_load_state("load")
    assert "/accounts/login/" not in page.url, page.locator("main").inner_text()


def _has_device(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def authenticator_for(user) -> None:
    """Give a staff member the confirmed TOTP device they set up on their first sign-in — when
    the portal asks for a second factor at all."""
    from django.conf import settings

    if "django_otp.plugins.otp_totp" in settings.INSTALLED_APPS:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=user, name="验证器", confirmed=True)


def totp_now(user) -> str:
    """The current code of the user's confirmed device — or, on the set-up page, of the device
    being set up — as an authenticator app would show it."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    devices = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "-pk")
    device = devices.first()
    assert device is not None, f"{user} is asked for a one-time code but has no TOTP device"
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:0{device.digits}d}"
