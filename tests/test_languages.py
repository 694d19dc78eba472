"""Languages: Simplified Chinese by default, English switchable, every UI string translated.

Each page of the portal is rendered twice:

* in zh-hans (the default), its visible text must hold no English UI words: Latin words are
  allowed only when they are data (names, reference numbers, e-mail addresses, URLs, codes) or on
  a short allow-list (PDF, QR, API, JSON…);
* in English, no message of the catalogue may show untranslated: every msgid that appears on the
  page as a phrase of its own is a missing translation. Chinese data (names, addresses, clause
  citations and clause texts, which are legal Chinese text) is allowed.

And the English catalogue itself has no untranslated or fuzzy entry.
"""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.template import Context, Template
from django.utils import timezone, translation

from accounts.constants import Role
from accounts.services import user_create
from applications.models import DocumentRequest, RequestedItem
from applications.services import case_draft_create, case_take, movers_of
from applications.services.batches import batch_start
from applications.services.papers import issue_certificate, issue_notice, issue_receipt, issue_refusal
from applications.services.statistics import statistics_snapshot
from eligibility.models import RuleSet
from eligibility.services import rule_set_copy_as_draft
from registers.constants import Zone
from residence_permits.services.endorsements import endorsement_apply
from tests.eligibility.admin_forms import as_post, form_fields
from tests.factories import (
    AddressFactory,
    CaseFactory,
    ResidencePermitFactory,
    ResidenceRegistrationFactory,
    UserFactory,
    sign_in_verified,
)

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
CJK = re.compile(r"[\u3400-\u9fff]")


# --- What a reader sees ------------------------------------------------------------------------


class _VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes, the options of lists and the labels screen
    readers read (aria-label, title, alt, placeholder, button values) — not scripts, styles,
    pre-formatted fact dumps, machine identifiers in <code> (a clause's key), nor the language
    selector's own options (each language is named in itself: 简体中文, English)."""

    SKIP = {"script", "style", "pre", "template", "code"}
    SPOKEN = ("aria-label", "title", "alt", "placeholder")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, *, skip_chinese_data: bool):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, skipped)
        self.skip_chinese_data = skip_chinese_data

    @property
    def skipping(self) -> bool:
        return any(skipped for _, skipped in self.open)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # lang="zh-Hans" marks Chinese data inside an English page: clause texts, records kept in zh-hans.
        chinese = self.skip_chinese_data and (attrs.get("lang") or "").lower().startswith("zh") and tag != "html"
        if tag == "select":
            self.language_select = attrs.get("name") == "language"
        own_name = tag == "option" and getattr(self, "language_select", False)
        if tag not in self.VOID:
            self.open.append((tag, tag in self.SKIP or chinese or own_name))
        if self.skipping:
            return
        self.parts.extend(attrs[name] for name in self.SPOKEN if attrs.get(name))
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if any(t == tag for t, _ in self.open):
            while self.open and self.open.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str, *, skip_chinese_data: bool = False) -> list[str]:
    parser = _VisibleText(skip_chinese_data=skip_chinese_data)
    parser.feed(html)
    return parser.parts


# Latin words that are not English UI text: names of formats, standards and products.
ALLOWED_LATIN = {
    "PDF", "QR", "API", "OpenAPI", "JSON", "TOTP", "SHA", "MB", "JPEG", "PNG", "X", "O", "I", "ID", "IP",
    "Microsoft", "Authenticator", "Google", "FreeOTP", "v",
    "zone",  # a fact's path as the engine names it (zone, applicant.housing.kind), listed when missing
}  # fmt: skip
DATA = [
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # e-mail addresses
    re.compile(r"https?://\S+|/[\w./?=&%-]+|\b[\w.-]+(?:/[\w.-]+){2,}/?"),  # URLs and paths (shared/policy/seeds/)
    re.compile(r"\b[\w-]*\d[\w-]*\b"),  # anything with a digit: references, ID numbers, usernames, codes
    # a verification code, plain or in groups of four (common/codes.py: no 0/O, 1/I) — it may have no digit
    re.compile(r"\b[A-HJ-NP-Z2-9]{4} ?[A-HJ-NP-Z2-9]{4} ?[A-HJ-NP-Z2-9]{4}\b"),
    re.compile(r"\b\w+(?:[._]\w+)+\b"),  # identifiers: fact paths (applicant.housing.kind), keys
]
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
LABEL = re.compile(r"<label[^>]*>([^<]*)</label>")


def english_words(parts: list[str]) -> list[str]:
    found = []
    for part in parts:
        for pattern in DATA:
            part = pattern.sub(" ", part)
        found += [w for w in LATIN_WORD.findall(part) if w not in ALLOWED_LATIN]
    return found


def catalogue() -> list[dict]:
    """The English catalogue's entries: msgid, msgid_plural, the translations and the flags."""
    entries, entry, field = [], None, None
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry and entry.get("msgid"):
                entries.append(entry)
            entry, field = None, None
            continue
        entry = entry if entry is not None else {"flags": set(), "msgstr": []}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line):
            field = match.group(1)
            value = _unquote(match.group(2))
            if field.startswith("msgstr"):
                entry["msgstr"].append(value)
                field = ("msgstr", len(entry["msgstr"]) - 1)
            else:
                entry[field] = value
        elif line.startswith('"'):
            value = _unquote(line[1:-1])
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += value
            else:
                entry[field] += value
    return entries


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def _needles() -> list[str]:
    """Each msgid's literal Chinese phrases, as they would appear untranslated on a page: the
    placeholders split it; a phrase counts when it holds at least two Chinese characters."""
    needles = set()
    for entry in catalogue():
        for msgid in filter(None, (entry["msgid"], entry.get("msgid_plural"))):
            for phrase in re.split(r"%\(\w+\)[sdif]|%\(\w+\)\.\d+f|%%|\{\{.*?\}\}|\n", msgid):
                phrase = phrase.strip(" ，。：；、（）()·")
                if len(CJK.findall(phrase)) >= 2:
                    needles.add(phrase)
    return sorted(needles, key=len, reverse=True)


def untranslated_phrases(parts: list[str], needles: list[str]) -> list[str]:
    """Catalogue phrases a page shows as phrases of their own — not as part of longer data (an
    address like 曲靖市麒麟区… holds the city's label 曲靖市, a station's name 麒麟区测试0派出所 the
    word 派出所)."""
    found = []
    for part in parts:
        for needle in needles:  # str.find: a regex for each of some 2,000 needles is compiled each time
            start = part.find(needle)
            while start != -1:
                end = start + len(needle)
                before = part[start - 1] if start else " "
                after = part[end] if end < len(part) else " "
                if not WORD.match(before) and not WORD.match(after):
                    found.append(needle)
                    break
                start = part.find(needle, start + 1)
    return found


WORD = re.compile(r"\w")


# --- The pages ---------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """The test client leaves the last request's language active in the thread; the next test's
    fixtures (notices, papers) must be built in the default language, whatever ran before."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db):
    """One of each: an applicant with a draft and a submitted case, a residence registration and
    a permit; a clerk of the case's station; a supervisor of the city with a batch and statistics."""
    address = AddressFactory(zone=Zone.CENTRAL_URBAN)
    applicant = UserFactory(email_verified=True, email="zhang.san@example.cn")
    clerk = UserFactory(clerk=True, station=address.station)
    supervisor = UserFactory(supervisor=True, city=address.region.city)
    case = CaseFactory(submitted=True, applicant=applicant, address=address)
    case.due_date = datetime.date(2026, 11, 22)
    case.save(update_fields=["due_date"])
    draft = case_draft_create(applicant=applicant, city="qujing", pathway="residence", name="张三")
    batch = batch_start(
        starter=clerk,
        case_ids=[CaseFactory(submitted=True, applicant=UserFactory(email_verified=True), address=address).pk],
    )
    reviewing = case_take(
        case=CaseFactory(submitted=True, applicant=UserFactory(email_verified=True), address=address), clerk=clerk
    )
    statistics_snapshot(city=address.region.city, day=timezone.localdate())
    registration = ResidenceRegistrationFactory(applicant=applicant, address=address)
    permit = ResidencePermitFactory(case__applicant=applicant, case__address=address, in_window=True)
    papers = one_paper_of_each_kind(case, clerk)
    permit_registration = ResidenceRegistrationFactory(address=address, days_ago=200)
    permit_case = CaseFactory(submitted=True, bare=True, registration=permit_registration)
    endorsed = ResidencePermitFactory(case__address=address, in_window=True)
    endorsement = endorsement_apply(permit=endorsed, actor=endorsed.holder_account)
    rules_in_force = RuleSet.objects.get(city="qujing", version=1)
    return {
        "rule_admin": user_create(username="rule-admin-1", password="Rules-2026-admin", role=Role.RULE_ADMIN),
        "rules_in_force": rules_in_force,
        "rule_draft": rule_set_copy_as_draft(rule_set=rules_in_force),
        "permit_applicant": permit_registration.applicant,
        "permit_case": permit_case,
        "endorsement": endorsement,
        "applicant": applicant,
        "clerk": clerk,
        "supervisor": supervisor,
        "case": case,
        "draft": draft,
        "batch": batch,
        "reviewing": reviewing,
        "registration": registration,
        "permit": permit,
        "papers": papers,
    }


def one_paper_of_each_kind(case, clerk) -> list:
    request = DocumentRequest.objects.create(
        case=case, kinds=["marriage_certificate"], message="补", requested_by=clerk
    )
    RequestedItem.objects.create(request=request, position=1, kind="marriage_certificate", reason="配偶随迁")
    case.decision_clause, case.decision_text = "曲政发〔2015〕82号 第（四）条", "材料不实"
    return [
        issue_receipt(case, clerk),
        issue_notice(request),
        issue_refusal(case, clerk),
        issue_certificate(case, clerk, movers_of(case)),
    ]


SELF_CHECK = {
    "zone": "central_urban",
    "applicant__housing__kind": "rented",
    "applicant__housing__lease_since": "2025-09-22",
    "applicant__employment__stable": "true",
    "applicant__social_insurance_months__pension": "13",
    "applicant__social_insurance_months__medical": "13",
    "applicant__social_insurance_months__unemployment": "13",
    "relatives-TOTAL_FORMS": "2",
    "relatives-INITIAL_FORMS": "0",
    "relatives-0-relation": "spouse",
    "relatives-0-co_resident": "true",
    "relatives-1-relation": "sibling",
    "relatives-1-co_resident": "true",
}


GUIDES = [
    ("qujing", "residence"),
    ("lincang", "residence"),
    ("dehong", "family_reunion"),
    ("dehong", "talent"),
    ("chenzhou", "residence"),
    ("jilin", "residence_permit"),
    ("jilin", "talent"),
]
WRONG_CORRECTION = {"applicant__social_insurance_months__pension": "十三", "reason": "依社保缴费记录"}
REFUSAL = {"clause": "曲政发〔2015〕82号 第（四）条", "text": "房产证与登记信息不符"}


def pages(w) -> list[tuple[str, str | None, str | tuple[str, dict]]]:
    """(label, who, URL or (URL, form posted)) for each page checked."""
    case, permit = w["case"], w["permit"]
    return [
        ("home", None, "/"),
        ("self-check form", None, "/eligibility/check/?city=qujing&pathway=residence"),
        ("self-check start", None, "/eligibility/check/"),
        ("self-check result", None, ("/eligibility/check/?city=jilin&pathway=residence", SELF_CHECK)),
        ("comparison", None, "/eligibility/compare/?zone=county_town&applicant__housing__kind=owned"),
        ("comparison asking", None, "/eligibility/compare/?zone=central_urban&applicant__housing__kind=rented"),
        ("self-check city", None, "/eligibility/check/?city=dehong"),
        ("self-check pathway not here", None, "/eligibility/check/?city=dehong&pathway=talent"),
        ("self-check missing facts", None, ("/eligibility/check/?city=qujing&pathway=family_reunion", {})),
        ("guide index", None, "/eligibility/guide/"),
        *((f"guide {c} {p}", None, f"/eligibility/guide/{c}/{p}/") for c, p in GUIDES),
        ("sign-up", None, "/accounts/sign-up/"),
        ("sign-in", None, "/accounts/login/"),
        ("forgotten password", None, "/accounts/password-reset/"),
        ("reset link sent", None, "/accounts/password-reset/sent/"),
        ("password reset by sms", None, "/accounts/password-reset/sms/"),
        ("status lookup", None, "/status/"),
        ("status found", None, ("/status/", {"reference": case.reference, "id_last6": case.id_number[-6:]})),
        ("certificate verification", None, "/verify/"),
        ("certificate verification miss", None, "/verify/ABCDEFGHJKLM/"),
        *((f"{p.kind} verification", None, f"/verify/{p.code}/") for p in w["papers"]),
        ("page not found miss", None, "/no-such-page/"),
        ("permit verification", None, f"/verify/{permit.code}/"),
        ("my cases", "applicant", "/my/cases/"),
        ("new case", "applicant", "/my/cases/new/"),
        ("edit draft", "applicant", f"/my/cases/{w['draft'].pk}/edit/"),
        ("my case", "applicant", f"/my/cases/{case.pk}/"),
        ("review draft", "applicant", f"/my/cases/{w['draft'].pk}/review/"),
        ("account security", "applicant", "/accounts/security/"),
        ("messages", "applicant", "/notices/"),
        ("mobile number verification", "applicant", "/notices/phone/"),
        ("my residence", "applicant", "/my/residence/"),
        ("new residence registration", "applicant", "/my/residence/registrations/new/"),
        ("my permit", "applicant", f"/my/residence/permits/{permit.pk}/"),
        *((f"my {p.kind}", "applicant", f"/my/cases/{case.pk}/papers/{p.pk}/") for p in w["papers"]),
        ("queue", "clerk", "/station/queue/"),
        ("clerk's case", "clerk", f"/station/cases/{case.pk}/"),
        ("clerk's case in review", "clerk", f"/station/cases/{w['reviewing'].pk}/"),
        ("clerk's permit case", "clerk", f"/station/cases/{w['permit_case'].pk}/"),
        ("clerk's endorsement case", "clerk", f"/station/cases/{w['endorsement'].pk}/"),
        ("correction with errors", "clerk", (f"/station/cases/{w['reviewing'].pk}/correct/", WRONG_CORRECTION)),
        *((f"clerk's {p.kind}", "clerk", f"/station/cases/{case.pk}/papers/{p.pk}/") for p in w["papers"]),
        ("batches", "clerk", "/station/batches/"),
        ("batch", "clerk", f"/station/batches/{w['batch'].pk}/"),
        ("residence station", "clerk", "/station/residence/"),
        ("counter registration", "clerk", "/station/residence/registrations/new/"),
        ("statistics", "supervisor", "/station/statistics/"),
        ("rating follow-ups", "supervisor", "/station/follow-ups/"),
        # The confirmation pages (a POST without confirmed=1 only shows what would happen)
        ("confirm approval", "clerk", (f"/station/cases/{w['reviewing'].pk}/approve/", {})),
        ("confirm refusal", "clerk", (f"/station/cases/{w['reviewing'].pk}/refuse/", REFUSAL)),
        ("confirm batch", "clerk", ("/station/batches/new/", {"all": "1"})),
        ("confirm withdrawal", "applicant", (f"/my/cases/{case.pk}/withdraw/", {})),
        ("confirm draft deletion", "applicant", (f"/my/cases/{w['draft'].pk}/delete/", {})),
        (
            "confirm permit cancellation",
            "clerk",
            (f"/station/residence/permits/{permit.pk}/cancel/", {"reason": "died"}),
        ),
        # More pages of the journeys
        ("my consents", "applicant", "/my/consents/"),
        ("identity verification", "applicant", "/accounts/identity/"),
        ("document upload", "applicant", f"/my/cases/{case.pk}/documents/"),
        ("staff page refused", "applicant", "/station/queue/"),
        ("counter identity", "clerk", "/station/identity/"),
        ("applicant page refused", "clerk", "/my/cases/"),
        # Forms sent back with errors: Django's own messages included
        *form_error_pages(w),
        *rule_admin_pages(w),
    ]


def rule_admin_pages(w) -> list:
    """The rule admin's pages in the Django admin: Django's own words (in zh-hans, its catalogue
    and ours), the portal's, and the records kept in Chinese marked as such on English pages."""
    draft, in_force = w["rule_draft"], w["rules_in_force"]
    ruleset = "/admin/eligibility/ruleset"
    trial = f"{ruleset}/{draft.pk}/preview/"
    return [
        ("rule sets", "rule_admin", f"{ruleset}/"),
        ("rule sets of a city", "rule_admin", f"{ruleset}/?city__exact=qujing&q=82"),
        ("rule set in force", "rule_admin", f"{ruleset}/{in_force.pk}/change/"),
        ("rule set draft", "rule_admin", f"{ruleset}/{draft.pk}/change/"),
        ("new rule set", "rule_admin", f"{ruleset}/add/"),
        ("trial", "rule_admin", trial),
        ("trial result", "rule_admin", (trial, SELF_CHECK)),
        ("publication", "rule_admin", f"{ruleset}/{draft.pk}/publication/"),
        ("impact", "rule_admin", f"{ruleset}/{draft.pk}/impact/"),
        ("rule set history", "rule_admin", f"{ruleset}/{draft.pk}/history/"),
        ("clauses", "rule_admin", "/admin/eligibility/clause/"),
        ("clause", "rule_admin", f"/admin/eligibility/clause/{draft.clauses.first().pk}/change/"),
        ("calendar", "rule_admin", "/admin/eligibility/calendarday/?year=2026"),
        ("new calendar day", "rule_admin", "/admin/eligibility/calendarday/add/"),
        (
            "trial with errors",
            "rule_admin",
            (trial, {**SELF_CHECK, "applicant__social_insurance_months__medical": "x"}),
        ),
        ("publication with errors", "rule_admin", (f"{ruleset}/{draft.pk}/publication/", {"step": "request"})),
        ("parameters with errors", "rule_admin", (f"{ruleset}/{draft.pk}/change/", _wrong_parameters(draft))),
        ("new rule set with errors", "rule_admin", (f"{ruleset}/add/", _as_shown(f"{ruleset}/add/"))),
    ]


def _as_shown(url, **changes):
    """The form as the page shows it, with some values changed: what a browser would post."""

    def post(client) -> dict:
        html = client.get(url).content.decode()
        return {**as_post(form_fields(html, re.search(r'<form [^>]*id="(\w+_form)"', html).group(1))), **changes}

    return post


def _wrong_parameters(draft):
    def post(client) -> dict:
        data = _as_shown(f"/admin/eligibility/ruleset/{draft.pk}/change/")(client)
        for key, wrong in (("residence.strict_insurance_months", "-1"), ("family_reunion.area_standard_m2", "十五")):
            pk = str(draft.parameters.get(key=key).pk)
            (name,) = [n for n, v in data.items() if n.startswith("parameters-") and n.endswith("-id") and v == [pk]]
            data[f"{name.removesuffix('-id')}-value"] = [wrong]
        return {**data, "_continue": ["1"]}

    return post


def form_error_pages(w) -> list:
    draft, case = w["draft"], w["case"]
    bad_draft = {
        "name": "",
        "id_number": "123",
        "applicant__social_insurance_months__pension": "abc",
        "applicant__housing__lease_since": "2024-13-45",
        "relatives-TOTAL_FORMS": "2",
        "relatives-INITIAL_FORMS": "0",
        "relatives-0-name": "李四",
        "review": "1",
    }
    return [
        ("sign-up with errors", None, ("/accounts/sign-up/", {"email": "x@", "password1": "abc", "password2": "abc"})),
        ("sign-in with errors", None, ("/accounts/login/", {"username": "", "password": ""})),
        ("status lookup with errors", None, ("/status/", {"reference": "", "id_last6": "12"})),
        (
            "self-check with errors",
            None,
            ("/eligibility/check/?city=qujing&pathway=residence", {"applicant__social_insurance_months__pension": "x"}),
        ),
        ("new case with errors", "applicant", ("/my/cases/new/", {"kind": "settlement", "city": "qujing"})),
        ("edit draft with errors", "applicant", (f"/my/cases/{draft.pk}/edit/", bad_draft)),
        ("document upload with errors", "applicant", (f"/my/cases/{case.pk}/documents/", {"kind": "id_card"})),
        (
            "residence registration with errors",
            "applicant",
            ("/my/residence/registrations/new/?city=qujing", {"since": "x"}),
        ),
        ("counter identity with errors", "clerk", ("/station/identity/", {"id_number": "1"})),
        ("counter registration with errors", "clerk", ("/station/residence/registrations/new/", {"since": "x"})),
        # the clerk's case forms: each comes back on the case page, what was typed kept
        (
            "request documents with errors",
            "clerk",
            (f"/station/cases/{w['reviewing'].pk}/request/", {"message": "请补交"}),
        ),
        ("refusal with errors", "clerk", (f"/station/cases/{w['reviewing'].pk}/refuse/", {"clause": "?"})),
        ("comparison with errors", None, "/eligibility/compare/?zone=z9&applicant__housing__kind=owned"),
    ]


def render_all(client, w, language: str) -> dict[str, str]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    rendered, signed_in = {}, None
    for label, who, url in pages(w):
        if who != signed_in:
            client.logout()
            if who is not None:
                sign_in_verified(client, w[who])
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            signed_in = who
        cache.clear()  # the status lookup is rate-limited per address
        if isinstance(url, tuple):
            path, data = url
            response = client.post(path, data(client) if callable(data) else data)
        else:
            response = client.get(url)
        # a code not found is answered with a 404 page, a page of another role with a 403 page
        expected = 404 if label.endswith("miss") else 403 if label.endswith("refused") else 200
        assert response.status_code == expected, f"{label} ({url}) answered {response.status_code}"
        rendered[label] = response.content.decode()
    return rendered


def test_every_page_in_chinese_shows_no_english_ui_text(client, world):
    failures = {}
    for label, html in render_all(client, world, "zh-hans").items():
        assert re.search(r'<html lang="zh-Hans"', html, re.IGNORECASE), label  # the admin writes zh-hans
        words = english_words(visible_text(html))
        # Chinese labels end without an ASCII colon; a select offers 请选择, not Django's ---------
        words += [f"“{text}”" for text in LABEL.findall(html) if text.rstrip().endswith(":")]
        words += ["---------"] if "---------" in html else []
        if words:
            failures[label] = sorted(set(words))
    assert not failures, f"English words on zh-hans pages (untranslated UI strings?): {failures}"


def test_every_page_in_english_shows_no_untranslated_catalogue_string(client, world):
    needles = _needles()
    failures = {}
    for label, html in render_all(client, world, "en").items():
        assert re.search(r'<html lang="en"', html, re.IGNORECASE), label  # the admin writes zh-hans
        phrases = untranslated_phrases(visible_text(html, skip_chinese_data=True), needles)
        if phrases:
            failures[label] = sorted(set(phrases))
    assert not failures, f"Chinese UI strings left untranslated on English pages: {failures}"


def test_the_checks_themselves_catch_untranslated_text():
    assert english_words(visible_text("<p>Submit now: QJ-2026-000001, a@b.cn, PDF</p>")) == ["Submit", "now"]
    needles = _needles()
    assert untranslated_phrases(visible_text("<h1>受理队列</h1>"), needles) == ["受理队列"]
    assert not untranslated_phrases(visible_text('<p lang="zh-Hans">受理队列</p>', skip_chinese_data=True), needles)
    assert not untranslated_phrases(["麒麟区测试0派出所", "曲靖市麒麟区人民路1号"], needles)


def test_the_english_pages_read_in_english(client, world):
    html = render_all(client, world, "en")
    assert "For applicants" in html["home"] and "Settlement self-check" in html["home"]
    assert "Queue" in html["queue"] and "Reference number" in html["queue"]
    assert "Sign in" in html["sign-in"]


def test_the_language_switch_remembers_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "For applicants" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "申请人入口" in client.get("/").content.decode()


def test_accept_language_english_is_honoured(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="en">' in page and "For staff" in page
    assert "工作人员入口" in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()


def test_the_catalogue_is_complete():
    entries = catalogue()
    assert len(entries) > 500
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"]) or not e["msgstr"]]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, f"untranslated: {untranslated[:20]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:20]}"
    plural = [e for e in entries if e.get("msgid_plural")]
    assert all(len(e["msgstr"]) == 2 for e in plural)


def test_the_compiled_catalogue_is_current():
    """The .mo is kept in the repository (`make run` and CI need no gettext); it must not lag the .po."""
    import gettext

    with CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    # Every entry of the .po reads the same from the .mo (file times mean nothing in a fresh clone).
    stale = [
        entry["msgid"]
        for entry in catalogue()
        if "msgid_plural" not in entry and mo.gettext(entry["msgid"]) != entry["msgstr"][0]
    ]
    assert stale == []
    with translation.override("en"):
        assert translation.gettext("受理队列") == "Queue"


# --- Dates and numbers -------------------------------------------------------------------------


def test_dates_read_2026年11月22日_in_chinese_and_in_english_words_in_english():
    day = datetime.date(2026, 11, 22)
    moment = timezone.make_aware(datetime.datetime(2026, 11, 22, 9, 5))
    template = Template('{{ day|date }}|{{ moment|date:"DATETIME_FORMAT" }}')
    with translation.override("zh-hans"):
        assert template.render(Context({"day": day, "moment": moment})) == "2026年11月22日|2026年11月22日 09:05"
    with translation.override("en"):
        assert template.render(Context({"day": day, "moment": moment})) == "Nov. 22, 2026|Nov. 22, 2026, 9:05 a.m."


def test_pages_show_the_due_date_in_the_reader_s_language(client, world):
    zh, en = render_all(client, world, "zh-hans"), render_all(client, world, "en")
    for label in ("my case", "clerk's case", "status found"):
        assert "2026年11月22日" in zh[label], label
        assert "Nov. 22, 2026" in en[label] and "2026年11月22日" not in en[label], label


def test_no_template_hard_codes_a_chinese_date_format():
    templates = Path(settings.BASE_DIR) / "templates"
    offenders = [str(p) for p in templates.rglob("*.html") if re.search(r"date:\s*[\"'][^\"']*年", p.read_text())]
    assert not offenders, f"use |date (DATE_FORMAT) or DATETIME_FORMAT, not a fixed Chinese format: {offenders}"


def test_figures_are_grouped_by_thousands_in_both_languages():
    template = Template("{% load humanize %}{{ n|intcomma }}")
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert template.render(Context({"n": 300000})) == "300,000", language


def test_the_statistics_page_groups_thousands(client, world):
    snapshot = statistics_snapshot(city="qujing", day=timezone.localdate())
    snapshot.data["registered"] = 1234567
    snapshot.save(update_fields=["data"])
    sign_in_verified(client, world["supervisor"])
    assert "1,234,567" in client.get("/station/statistics/").content.decode()


# --- Forms: errors, labels, choices -------------------------------------------------------------


def test_forms_sent_back_show_their_errors_in_the_reader_s_language(client, world):
    zh, en = render_all(client, world, "zh-hans"), render_all(client, world, "en")
    for label in (name for name in zh if name.endswith("with errors")):
        assert 'class="errorlist' in zh[label], f"{label}: no error shown"
        # GOV.UK's error summary at the top, each error a link to its field
        for html in (zh[label], en[label]):
            assert "data-error-summary" in html, f"{label}: no error summary"
            summary = html.split("data-error-summary", 1)[1].split("</div>", 1)[0]
            assert re.search(r'<a href="#id_[\w-]+">', summary), f"{label}: the summary links no field"
    assert "密码太短，至少需要 8 个字符。" in zh["sign-up with errors"]
    assert "This password is too short" in en["sign-up with errors"]
    # the draft's error summary, in both languages
    assert "处需要修改" in zh["edit draft with errors"] and "to correct" in en["edit draft with errors"]
    assert 'href="#id_name"' in zh["edit draft with errors"]


def test_english_labels_keep_their_colon(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/accounts/sign-up/").content.decode()
    assert re.search(r"<label[^>]*>[^<]*[A-Za-z]:</label>", page)
