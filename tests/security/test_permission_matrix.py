"""The object-level permission matrix: every URL of the portal, tried as a clerk of another station,
a supervisor of another city, another applicant and an anonymous visitor, against one applicant's
cases, documents, certificate, batch, residence registration and permit (tests/security/world.py).

Each attempt must be refused — the portal's rule is that another station's case (another
applicant's) does not exist for them, so an object in the address is a 404; the wrong role is a
403; anonymous pages send to the sign-in page and the API answers 401/403 — and must change
nothing the portal holds. Lists and pages of one's own (the queue, "my cases") answer, but show
none of the owner's data.

The URLs come from walking the URL resolver: a URL added without a row here fails
``test_every_url_of_the_portal_has_a_row_in_the_matrix``. The Django admin is a site of its own
(staff with model permissions and a verified second factor): all its URLs are tried as an
anonymous visitor and as an applicant, and the pages of personal data in it as every outsider.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.constants import Role
from tests.factories import id_number_for

from .world import ANONYMOUS, ATTACKERS, ROLE_OF, World, build_world, client_for, fingerprint

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# No sign-in: nothing in them belongs to one person or station, or the visitor must prove they know
# it (a certificate's code, a case's reference and identity digits), and they are throttled.
PUBLIC = {
    "home",
    "set_language",
    "schema",
    "eligibility-evaluate",
    "api-token",
    "eligibility:self_check",
    "eligibility:compare",
    "eligibility:guide_list",  # 办事指南: the rules in force, as a service guide
    "eligibility:guide",
    "accounts:login",
    "accounts:logout",
    "accounts:sign_up",
    "accounts:verify",  # the link in the verification e-mail, a signed token
    "accounts:sign_in_code",  # the second step of signing in, on the session's pending sign-in
    # Account recovery: the same answer whether or not an account exists, throttled; the reset
    # link is a signed token, the SMS step works only on the number this session asked a code for.
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:sms_reset_request",
    "accounts:sms_reset",
    "applications:status_lookup",
    "verify",
    "verify_code",
    "permit_verify_moved",  # a permanent redirect to verify
    "permit_verify_moved_code",
    "admin:login",
    "admin:logout",
}

APPLICANT = frozenset({Role.APPLICANT})
STAFF = frozenset({Role.CLERK, Role.SUPERVISOR})
SUPERVISOR = frozenset({Role.SUPERVISOR})
SIGNED_IN = frozenset(Role.values)


@dataclass(frozen=True)
class Row:
    """One URL of the matrix: who it is for, the owner's object in its address (None: a list or a
    page of one's own), the methods to try and what to send."""

    audience: frozenset
    target: Callable[[World], dict] | None = None
    methods: tuple[str, ...] = ("get",)
    data: Callable[[World], dict] | None = None


def pk(attribute: str) -> Callable[[World], dict]:
    return lambda w: {"pk": getattr(w, attribute).pk}


def upload(_w=None) -> dict:
    return {"kind": "id_card", "file": SimpleUploadedFile("id.pdf", PDF, content_type="application/pdf")}


def relative_form(w: World) -> dict:
    return {
        "name": "张伟",
        "id_number": w.person.id_number,
        "address": w.address.pk,
        "household": "new",
        "applicant__housing__kind": "owned",
        "relatives-TOTAL_FORMS": "0",
        "relatives-INITIAL_FORMS": "0",
    }


def today() -> str:
    return timezone.localdate().isoformat()


CORRECT = {"path": "applicant.housing.kind", "value": "rented", "reason": "与房产证不符"}
REFUSE = {"clause": "曲政发〔2015〕82号 第（四）条", "text": "不符合条件"}
REQUEST = {"kinds": ["marriage_certificate"], "message": "请补充结婚证"}
EXTEND = {"working_days": 5, "reason": "需要核实"}
CHECK = {"result": "passed"}


def later() -> str:
    return (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


def move_in(_w) -> dict:
    return {"migration_certificate": "YQ-000001", "origin_authority": "北京市公安局", "issued_on": today()}


MATRIX: dict[str, Row] = {
    # --- Applicants' pages: their own cases only ------------------------------------------
    "applications:my_cases": Row(APPLICANT),
    "applications:case_new": Row(APPLICANT),
    "applications:my_case": Row(APPLICANT, pk("submitted")),
    "applications:case_edit": Row(APPLICANT, pk("draft"), ("get", "post"), relative_form),
    "applications:document_add": Row(APPLICANT, pk("draft"), ("get", "post"), upload),
    "applications:case_review": Row(APPLICANT, pk("draft")),
    "applications:case_submit": Row(APPLICANT, pk("draft"), ("post",)),
    "applications:case_answer": Row(APPLICANT, pk("submitted"), ("post",), lambda w: {"answer": "已上传"}),
    "applications:case_withdraw": Row(APPLICANT, pk("submitted"), ("post",)),
    "applications:case_delete": Row(APPLICANT, pk("draft"), ("post",)),
    "applications:my_certificate": Row(APPLICANT, pk("decided")),
    "applications:my_document": Row(APPLICANT, lambda w: {"pk": w.submitted.pk, "document_pk": w.document.pk}),
    "applications:my_paper": Row(APPLICANT, lambda w: {"pk": w.decided.pk, "paper_pk": w.decided.certificate.pk}),
    "applications:my_paper_pdf": Row(APPLICANT, lambda w: {"pk": w.decided.pk, "paper_pk": w.decided.certificate.pk}),
    "my_data": Row(APPLICANT, None, ("post",)),
    "applications:promise_sign": Row(
        APPLICANT,
        pk("draft"),
        ("post",),
        lambda w: {"kind": "social_insurance_record", "due_on": later(), "agree": "on"},
    ),
    # A relative asked to consent answers from their own account; the request is theirs alone.
    "applications:consents": Row(APPLICANT),
    "applications:consent_answer": Row(APPLICANT, pk("consent"), ("post",), lambda w: {"answer": "accept"}),
    # --- Station staff's pages: their station's (a supervisor's: city's) cases only ----------
    "applications:queue": Row(STAFF),
    "applications:clerk_case": Row(STAFF, pk("submitted")),
    "applications:clerk_take": Row(STAFF, pk("submitted"), ("post",)),
    "applications:clerk_correct": Row(STAFF, pk("submitted"), ("post",), lambda w: CORRECT),
    "applications:clerk_request": Row(STAFF, pk("submitted"), ("post",), lambda w: REQUEST),
    "applications:clerk_approve": Row(STAFF, pk("submitted"), ("post",)),
    "applications:clerk_refuse": Row(STAFF, pk("submitted"), ("post",), lambda w: REFUSE),
    "applications:clerk_extend": Row(STAFF, pk("submitted"), ("post",), lambda w: EXTEND),
    "applications:clerk_move_in": Row(STAFF, pk("decided"), ("post",), move_in),
    "applications:clerk_certificate": Row(STAFF, pk("decided")),
    "applications:clerk_document": Row(STAFF, lambda w: {"pk": w.submitted.pk, "document_pk": w.document.pk}),
    "applications:clerk_check": Row(
        STAFF, lambda w: {"pk": w.submitted.pk, "document_pk": w.document.pk}, ("post",), lambda w: CHECK
    ),
    # 窗口核验 is a page of one's own: any station's counter may verify an applicant who brings the card.
    "applications:identity_counter": Row(STAFF),
    "applications:clerk_paper": Row(STAFF, lambda w: {"pk": w.decided.pk, "paper_pk": w.decided.certificate.pk}),
    "applications:clerk_paper_pdf": Row(STAFF, lambda w: {"pk": w.decided.pk, "paper_pk": w.decided.certificate.pk}),
    "applications:batches": Row(STAFF),
    # The owner's case ticked for a batch of one's own: it is not among the cases one may batch.
    "applications:batch_new": Row(STAFF, None, ("post",), lambda w: {"cases": [w.submitted.pk]}),
    "applications:batch": Row(STAFF, pk("batch")),
    "applications:batch_progress": Row(STAFF, pk("batch")),
    "applications:batch_cancel": Row(STAFF, pk("batch"), ("post",)),
    "applications:statistics": Row(SUPERVISOR),
    # 差评回访: the follow-ups of the supervisor's city only.
    "applications:follow_ups": Row(SUPERVISOR),
    "applications:follow_up": Row(SUPERVISOR, pk("rating"), ("get", "post"), lambda w: {"reply": "已核实"}),
    # 好差评: the owner's closed case, rated by its applicant only.
    "applications:case_rating": Row(APPLICANT, pk("decided"), ("post",), lambda w: {"score": "1"}),
    # --- The case API ---------------------------------------------------------------------
    "my-case-list": Row(APPLICANT),
    "my-case-detail": Row(APPLICANT, pk("draft"), ("get", "patch"), lambda w: {"name": "李四"}),
    "my-case-answer": Row(APPLICANT, pk("submitted"), ("post",), lambda w: {"answer": "已上传"}),
    "my-case-documents": Row(APPLICANT, pk("draft"), ("post",), upload),
    "my-case-submit": Row(APPLICANT, pk("draft"), ("post",)),
    "my-case-withdraw": Row(APPLICANT, pk("submitted"), ("post",)),
    "staff-case-list": Row(STAFF),
    "staff-case-detail": Row(STAFF, pk("submitted")),
    "staff-case-take": Row(STAFF, pk("submitted"), ("post",)),
    "staff-case-correct": Row(STAFF, pk("submitted"), ("post",), lambda w: CORRECT),
    "staff-case-request-documents": Row(STAFF, pk("submitted"), ("post",), lambda w: REQUEST),
    "staff-case-approve": Row(STAFF, pk("submitted"), ("post",)),
    "staff-case-check-document": Row(
        STAFF, lambda w: {"pk": w.submitted.pk, "document_pk": w.document.pk}, ("post",), lambda w: CHECK
    ),
    "staff-case-refuse": Row(STAFF, pk("submitted"), ("post",), lambda w: REFUSE),
    "staff-case-extend": Row(STAFF, pk("submitted"), ("post",), lambda w: EXTEND),
    "staff-case-move-in": Row(STAFF, pk("decided"), ("post",), move_in),
    # --- Residence: applicants and holders ------------------------------------------------
    "residence_permits:overview": Row(APPLICANT),
    "residence_permits:registration_new": Row(APPLICANT),
    "residence_permits:application_start": Row(APPLICANT, pk("registration"), ("post",)),
    "residence_permits:application_edit": Row(
        APPLICANT, pk("permit_application"), ("get", "post"), lambda w: {"housing_kind": "rented"}
    ),
    "residence_permits:application_review": Row(APPLICANT, pk("permit_application")),
    "residence_permits:permit_detail": Row(APPLICANT, pk("permit")),
    "residence_permits:permit_card": Row(APPLICANT, pk("permit")),
    "residence_permits:endorse": Row(APPLICANT, pk("permit"), ("post",)),
    "residence_permits:change_address": Row(
        APPLICANT, pk("permit"), ("post",), lambda w: {"address": w.registration.address.pk}
    ),
    "residence_permits:cancel": Row(APPLICANT, pk("permit"), ("post",), lambda w: {"confirm": "on"}),
    "residence_permits:settle": Row(APPLICANT, pk("permit"), ("post",)),
    "residence_permits:notifications_read": Row(APPLICANT, None, ("post",)),
    # --- Residence: station staff ---------------------------------------------------------
    "residence_permits:station": Row(STAFF),
    # A registration at the owner's station's address, for the owner's account.
    "residence_permits:counter_registration": Row(
        STAFF,
        None,
        ("get", "post"),
        lambda w: {
            "name": "王芳",
            "id_number": id_number_for("110105", datetime.date(1991, 2, 3), 4),
            "address": w.address.pk,
            "since": today(),
            "reason": "work",
            "account": w.applicant.email,
        },
    ),
    "residence_permits:clerk_permit": Row(STAFF, pk("permit")),
    "residence_permits:clerk_permit_card": Row(STAFF, pk("permit")),
    "residence_permits:clerk_change_address": Row(
        STAFF, pk("permit"), ("post",), lambda w: {"address": w.registration.address.pk}
    ),
    "residence_permits:clerk_cancel": Row(
        STAFF, pk("permit"), ("post",), lambda w: {"reason": "moved_away", "on": today()}
    ),
    # --- The residence API ----------------------------------------------------------------
    "residence_permits:my-residence-registration-list": Row(APPLICANT),
    "residence_permits:my-residence-registration-detail": Row(APPLICANT, pk("registration")),
    "residence_permits:my-residence-permit-list": Row(APPLICANT),
    "residence_permits:my-residence-permit-detail": Row(APPLICANT, pk("permit")),
    "residence_permits:staff-residence-permit-list": Row(STAFF),
    "residence_permits:staff-residence-permit-detail": Row(STAFF, pk("permit")),
    "residence_permits:staff-residence-registration-list": Row(STAFF),
    # --- One's own account ----------------------------------------------------------------
    "accounts:verify_pending": Row(SIGNED_IN),
    "accounts:verify_resend": Row(SIGNED_IN, None, ("post",)),
    "accounts:two_factor_setup": Row(SIGNED_IN),
    "accounts:two_factor": Row(SIGNED_IN),
    "accounts:identity": Row(APPLICANT),
    # 消息 and 通知设置: one's own messages, channels and mobile number.
    "notices:list": Row(SIGNED_IN),
    "notices:preferences": Row(SIGNED_IN, None, ("post",), lambda w: {"language": "en", "email": "on"}),
    "notices:phone": Row(SIGNED_IN, None, ("get", "post"), lambda w: {"send": "1", "phone": w.applicant.phone or ""}),
    # Enrolment codes: a supervisor for their city's clerks (an administrator for anyone).
    "accounts:staff_enrolment": Row(SUPERVISOR),
}

# Lists that take a station filter: asking for the owner's station must not open it up.
STATION_FILTERED = {
    "staff-case-list",
    "residence_permits:staff-residence-permit-list",
    "residence_permits:staff-residence-registration-list",
    "applications:queue",
}

# The Django admin's pages of personal data, tried as every outsider. A staff member whose scope
# does not hold the object is sent back to the admin's index ("does not exist"), the export is for
# auditors only (403); everyone else is sent to sign in.
ADMIN_OBJECTS: dict[str, Row] = {
    "admin:registers_person_change": Row(STAFF, lambda w: {"object_id": w.person.pk}),
    "admin:registers_person_history": Row(STAFF, lambda w: {"object_id": w.person.pk}),
    "admin:registers_person_export": Row(STAFF, lambda w: {"object_id": w.person.pk}, ("post",)),
    "admin:registers_household_change": Row(STAFF, lambda w: {"object_id": w.household.pk}),
    "admin:registers_membership_change": Row(
        STAFF, lambda w: {"object_id": w.person.memberships.get(until__isnull=True).pk}
    ),
    "admin:applications_case_change": Row(STAFF, lambda w: {"object_id": w.submitted.pk}),
    "admin:applications_paper_change": Row(STAFF, lambda w: {"object_id": w.decided.certificate.pk}),
    "admin:applications_batch_change": Row(STAFF, lambda w: {"object_id": w.batch.pk}),
    "admin:residence_permits_residencepermit_change": Row(STAFF, lambda w: {"object_id": w.permit.pk}),
    "admin:residence_permits_residenceregistration_change": Row(STAFF, lambda w: {"object_id": w.registration.pk}),
}


# --- Walking the resolver ------------------------------------------------------------------


def portal_urls(patterns=None, namespace: str = "") -> list[tuple[str, URLPattern]]:
    """Every URL pattern with its full name (``namespace:name``); an unnamed one as ``?route``."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n)
            found += portal_urls(entry.url_patterns, inner)
        else:
            name = entry.name or f"?{entry.pattern}"
            found.append((f"{namespace}:{name}" if namespace else name, entry))
    return found


def is_admin(name: str) -> bool:
    return name.startswith("admin:")


def test_every_url_of_the_portal_has_a_row_in_the_matrix():
    names = {name for name, _ in portal_urls()}
    covered = PUBLIC | MATRIX.keys() | ADMIN_OBJECTS.keys()
    missing = sorted(n for n in names if n not in covered and not is_admin(n))
    assert not missing, (
        "URLs with no row in the permission matrix (tests/security/test_permission_matrix.py): add "
        "each to MATRIX with who it is for and the object it shows, or to PUBLIC: " + ", ".join(missing)
    )
    stale = sorted(covered - names)
    assert not stale, "rows for URLs that no longer exist: " + ", ".join(stale)


# --- Trying them -----------------------------------------------------------------------------


@pytest.fixture
def world(db):
    return build_world()


def send(client, method: str, path: str, data: dict | None):
    if path.startswith("/api/") and method != "get" and not any(hasattr(v, "read") for v in (data or {}).values()):
        return getattr(client, method)(path, data=json.dumps(data or {}), content_type="application/json")
    if method == "patch":
        return client.patch(path, data=json.dumps(data or {}), content_type="application/json")
    return getattr(client, method)(path, data or {})


def expectation(row: Row, attacker: str, *, api: bool) -> str:
    role = ROLE_OF[attacker]
    if role is None:
        return "401/403" if api else "sign-in"
    if role not in row.audience:
        return "403"
    return "404" if row.target else "own"


def verdict(response, expected: str, world: World) -> str | None:
    """None if the response is the refusal expected, else what is wrong with it."""
    status, location = response.status_code, response.get("Location", "")
    if expected == "sign-in":
        ok = status == 302 and location.startswith(reverse(settings.LOGIN_URL))
    elif expected == "401/403":
        ok = status in (401, 403)
    elif expected == "own":
        body = b"".join(response.streaming_content) if response.streaming else response.content
        leaked = [s for s in world.secrets if s.encode() in body]
        ok = status < 400 and not leaked
        if leaked:
            return f"{status}, showing the owner's {leaked}"
    else:
        ok = status == int(expected)
    return None if ok else f"{status}{f' → {location}' if location else ''}"


def attempts(world: World, rows: dict[str, Row]):
    """Each (name, row, method, path) to try; a list that filters by station once more, asking
    for the owner's station."""
    for name, row in rows.items():
        path = reverse(name, kwargs=row.target(world) if row.target else None)
        paths = [path, f"{path}?station={world.station.pk}"] if name in STATION_FILTERED else [path]
        for method in row.methods:
            for each in paths:
                yield name, row, method, each


def judge(name: str, row: Row, attacker: str, response, world: World) -> tuple[str, str | None]:
    if is_admin(name):
        expected = admin_expectation(attacker)
        return expected, admin_verdict(response, expected)
    expected = expectation(row, attacker, api=response.wsgi_request.path.startswith("/api/"))
    return expected, verdict(response, expected, world)


def run_matrix(world: World, attacker: str, rows: dict[str, Row]) -> tuple[int, list[str]]:
    """Try every row as the attacker; return how many requests were sent and what was not refused
    (or changed what the portal holds)."""
    user = world.users[attacker]
    client = client_for(user)
    failures, tried = [], 0
    before = fingerprint(world, user)
    for name, row, method, path in attempts(world, rows):
        response = send(client, method, path, row.data(world) if row.data and method != "get" else None)
        tried += 1
        expected, problem = judge(name, row, attacker, response, world)
        after = fingerprint(world, user)
        if after != before:
            problem, before = f"{problem or response.status_code}, and it changed what the portal holds", after
        if problem:
            failures.append(f"{method.upper()} {path} ({name}) as {attacker}: expected {expected}, got {problem}")
    return tried, failures


@pytest.mark.parametrize("attacker", ATTACKERS)
def test_no_outsider_reaches_the_owners_cases_documents_certificates_batches_or_permits(world, attacker):
    tried, failures = run_matrix(world, attacker, MATRIX)
    assert tried >= len(MATRIX)
    assert not failures, f"{len(failures)} of {tried} attempts were not refused:\n" + "\n".join(failures)


# --- The admin -------------------------------------------------------------------------------


def admin_expectation(attacker: str) -> str:
    if ROLE_OF[attacker] in (None, Role.APPLICANT):
        return "admin sign-in"
    return "refused"


def admin_verdict(response, expected: str) -> str | None:
    status, location = response.status_code, response.get("Location", "")
    if expected == "admin sign-in":
        ok = status == 302 and "/login/" in location
    else:  # sent back to the index, forbidden, or not found — never the page itself
        ok = status in (403, 404) or status == 302 and location.rstrip("/").endswith("/admin")
    return None if ok else f"{status}{f' → {location}' if location else ''}"


@pytest.mark.parametrize("attacker", ATTACKERS)
def test_no_outsider_opens_the_owners_personal_data_in_the_admin(world, attacker):
    tried, failures = run_matrix(world, attacker, ADMIN_OBJECTS)
    assert not failures, f"{len(failures)} of {tried} attempts were not refused:\n" + "\n".join(failures)


def admin_kwargs(pattern: URLPattern) -> dict:
    """Arguments that make any admin URL: an object id, or a registered app's label."""
    kwargs = {}
    for key in pattern.pattern.regex.groupindex:
        if key == "app_label":
            kwargs[key] = "registers"
        else:
            kwargs[key] = "1"
    return kwargs


@pytest.mark.parametrize("attacker", [ANONYMOUS, "other_applicant"])
def test_the_admin_lets_no_anonymous_visitor_or_applicant_in(world, attacker):
    client = client_for(world.users[attacker])
    before = fingerprint(world, world.users[attacker])
    failures, tried = [], 0
    for name, pattern in portal_urls():
        if not is_admin(name) or name in PUBLIC or name.startswith("admin:?"):
            continue  # unnamed admin URLs: the old-style object redirect and the catch-all
        path = reverse(name, kwargs=admin_kwargs(pattern))
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            tried += 1
            problem = admin_verdict(response, "admin sign-in")
            if problem:
                failures.append(f"{method.upper()} {path} ({name}) as {attacker}: {problem}")
    assert tried > 100
    assert fingerprint(world, world.users[attacker]) == before, "a refused admin request changed data"
    assert not failures, f"{len(failures)} of {tried} admin requests were let in:\n" + "\n".join(failures)
