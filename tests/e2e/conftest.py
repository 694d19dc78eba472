"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

Playwright's sync API runs an event loop in the test's thread, and Django refuses synchronous
database calls while one is running ("SynchronousOnlyOperation"), so the e2e tests allow them —
the documented need for Playwright with pytest-django. The tests' own database work (factories,
services) is plain synchronous code; nothing here is async.
"""

import datetime
import os
from pathlib import Path

import pytest

from registers.constants import Zone
from tests.factories import AddressFactory, HouseholdFactory, MembershipFactory, PersonFactory, UserFactory

from .browser import AXE_REPORT, DESKTOP, ROOT, SCREENSHOTS, authenticator_for, checked_pages, write_axe_report

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One Chromium for the e2e package, closed when its last test is done.

    While Playwright's loop runs in this thread, Django keeps the thread's database connections
    apart (asgiref's Local switches to context-local storage when it sees a running loop): sync
    calls need DJANGO_ALLOW_ASYNC_UNSAFE — only then, so the rest of the suite keeps Django's
    guard — and the connection the tests now get must carry the snapshot the database was
    serialized to, or ``serialized_rollback`` has nothing to restore after a flush.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():  # never skipped: a CI without a browser must fail, and say why
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium (.ci/run does it)")

    snapshots = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, snapshot in snapshots.items():
            if snapshot is not None:
                connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()
        connections.close_all()
    write_axe_report()


def _context(browser, viewport, **options):
    context = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True, **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture(autouse=True)
def _links_in_emails_point_at_the_live_server(settings, live_server):
    settings.PORTAL_BASE_URL = live_server.url


@pytest.fixture
def new_page(browser, live_server):
    """Pages in contexts of their own (one per person in the journey), closed after the test."""
    contexts = []

    def make(viewport=None, **options):
        context = _context(browser, viewport or DESKTOP, **options)
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def station_address(transactional_db):
    """A central urban address in 麒麟区, Qujing, and its station."""
    return AddressFactory(zone=Zone.CENTRAL_URBAN)


@pytest.fixture
def family(transactional_db):
    """A household elsewhere in Qujing with a head and a spouse: the applicant and a relative."""
    household = HouseholdFactory(address=AddressFactory(zone=Zone.COUNTY_TOWN))
    spouse = PersonFactory(female=True, birth_date=datetime.date(1985, 3, 4))
    MembershipFactory(person=spouse, household=household, relation="spouse")
    return household, household.head, spouse


@pytest.fixture
def staff(transactional_db):
    """Make a staff member the way they work: with a confirmed authenticator (TOTP) device when
    the portal asks staff for a second factor."""

    def make(**traits):
        user = UserFactory(**traits)
        authenticator_for(user)
        return user

    return make


@pytest.fixture
def applicant(transactional_db):
    return UserFactory(email="li.na@example.cn", first_name="李娜", email_verified=True)


def pytest_terminal_summary(terminalreporter):
    if not checked_pages:
        return
    findings = sum(len(p["violations"]) for p in checked_pages)
    terminalreporter.write_line(
        f"e2e: axe-core checked {len(checked_pages)} pages ({len({p['name'] for p in checked_pages})} distinct), "
        f"{findings} minor or moderate findings (see {AXE_REPORT.relative_to(ROOT)}); "
        f"screenshots in {SCREENSHOTS.relative_to(ROOT)}/"
    )
