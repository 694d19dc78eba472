"""The applicant's side: drafts, relatives, documents, submitting, answering, withdrawing."""

from __future__ import annotations

import hashlib

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import VerifiedIdentity
from activity.services import record_event
from common.uploads import check_upload
from common.work import send_on_commit
from eligibility.engine import NoRulesInForce
from eligibility.facts import FactsError, flatten_errors
from eligibility.selectors import rulebook_in_force
from registers.identity import validate_id_number
from registers.models import Address

from ..constants import (
    ALLOWED_CONTENT_TYPES,
    MAX_UPLOAD_BYTES,
    OPEN_STATUSES,
    ActingAs,
    CaseKind,
    CaseStatus,
    ConsentStatus,
    DocumentKind,
    EventKind,
)
from ..models import Case, CaseRelative, Consent, Document, DocumentRequest, RequestedItem
from ..selectors import case_checklist, in_register
from ..working_days import add_working_days, working_days_between
from .common import (
    CaseError,
    engine_facts,
    lock_case,
    new_reference,
    record_evaluation,
    require_status,
)
from .consents import consents_create, is_minor
from .notify import notify_answered, notify_consents, notify_submitted
from .verdicts import facts_version_add

EDITABLE_BY_APPLICANT = (CaseStatus.DRAFT,)


@transaction.atomic
def case_draft_create(
    *, applicant, kind: str = CaseKind.SETTLEMENT, city: str, pathway: str = "", name: str = "", id_number: str = ""
) -> Case:
    return Case.objects.create(
        applicant=applicant, kind=kind, city=city, pathway=pathway, name=name, id_number=id_number
    )


@transaction.atomic
def case_draft_update(
    *,
    case: Case,
    actor,
    address: Address | None = None,
    facts: dict | None = None,
    relatives: list[dict] | None = None,
    **fields,
) -> Case:
    """Save what the applicant has entered so far; a draft may be incomplete."""
    case = lock_case(case)
    _require_owner(case, actor)
    require_status(case, *EDITABLE_BY_APPLICANT)
    for name, value in fields.items():
        if name not in {
            "name",
            "id_number",
            "pathway",
            "zone",
            "target_household",
            "origin_outside",
            "region",
            "acting_as",
            "origin_address",
        }:
            raise CaseError(_("不能修改字段 %(name)s。") % {"name": name})
        setattr(case, name, value)
    if address is not None:
        if address.region.city != case.city:
            raise CaseError(_("迁入地址不在所选城市。"))
        case.address, case.region, case.station = address, address.region, address.station
        case.zone = address.zone
    if facts is not None:
        case.facts = facts
    case.save()
    if relatives is not None:
        case.relatives.all().delete()
        CaseRelative.objects.bulk_create(
            CaseRelative(case=case, position=i, **_clean_relative(r)) for i, r in enumerate(relatives)
        )
    return case


def _clean_relative(data: dict) -> dict:
    try:
        number = validate_id_number(data.get("id_number", ""))
    except ValidationError as error:
        raise CaseError(
            _("随迁亲属 %(name)s 的公民身份号码有误：%(errors)s")
            % {"name": data.get("name", ""), "errors": " ".join(error.messages)}
        ) from None
    return {
        "name": data["name"],
        "id_number": number,
        "relation": data["relation"],
        "co_resident": data.get("co_resident"),
        "married": data.get("married"),
        "minor": data.get("minor"),
        "origin_address": (data.get("origin_address") or "")[:200],
    }


def _require_owner(case: Case, actor) -> None:
    if case.applicant_id != actor.pk:
        raise CaseError(_("只能操作本人的申请。"))


class MaterialsMissing(CaseError):
    """Submitting with required items missing needs the applicant's explicit confirmation."""

    def __init__(self, items: list[str]):
        self.items = items
        super().__init__(_("以下必需材料尚未上传：%(items)s。") % {"items": "、".join(items)})


@transaction.atomic
def case_submit(*, case: Case, actor, confirm_missing: bool = False) -> Case:
    """Freeze the facts, judge them under the rules in force today, number the case and start its
    clocks (acceptance, then processing). The applicant must be the account's verified person, or
    someone in its care. Submitting twice (a double click, a retried request) changes nothing the
    second time."""
    case = lock_case(case)
    _require_owner(case, actor)
    if case.status != CaseStatus.DRAFT:
        if case.reference:
            return case
        require_status(case, CaseStatus.DRAFT)
    _require_complete(case)
    _require_applicant_is_the_account(case, actor)
    missing = _missing_required(case)
    if missing and not confirm_missing:
        raise MaterialsMissing(missing)
    today = timezone.localdate()
    case.submitted_at = timezone.now()
    try:
        evaluation = record_evaluation(case)
        book = evaluation.book if evaluation else rulebook_in_force(city=case.city, as_of=today)
    except NoRulesInForce:
        raise CaseError(_("该城市今天没有生效的落户规则，暂不能受理。")) from None
    except FactsError as error:  # a draft may hold what the engine refuses; submitting it may not
        problems = "；".join(message for _path, message in flatten_errors(error.errors))
        raise CaseError(_("申请填写的内容有误，请修改后再提交：%(problems)s") % {"problems": problems}) from None
    case.reference = new_reference(case.city, today)
    case.rule_set_id = book.rule_set_id
    case.due_date = add_working_days(today, book.params["processing.time_limit_working_days"])
    case.acceptance_due = add_working_days(today, book.params["processing.acceptance_limit_working_days"])
    case.status = CaseStatus.SUBMITTED
    case.save()
    facts_version_add(case, evaluation, facts=engine_facts(case) or case.facts, actor=actor)
    notify_consents(case, consents_create(case, actor, today))
    notify_submitted(case)
    message = f"受理编号 {case.reference}"
    if missing:
        message += "；提交时尚缺材料：" + "、".join(missing)
    record_event(case, EventKind.SUBMITTED, actor=actor, message=message)
    send_on_commit("applications.tasks.prescreen_case", case.pk)  # a broker down: the sweeper screens it
    return case


def _require_applicant_is_the_account(case: Case, actor) -> None:
    """A case's applicant is the account's verified person — or, declared and proven to the clerk,
    a minor child or a ward in its care. Nobody files for another adult."""
    identity = VerifiedIdentity.objects.filter(user=actor).first()
    if identity is None:
        raise CaseError(_("提交前请先完成实名核验：在“账户安全”中线上核验，或携带居民身份证到派出所窗口核验。"))
    if case.id_number == identity.id_number:
        if case.acting_as not in (ActingAs.SELF, ActingAs.PARENT_OF_NEWBORN, ActingAs.FAMILY_OF_DECEASED):
            raise CaseError(_("您为本人申请，申请人身份请选择“本人”。"))
        if case.name != identity.name:
            raise CaseError(_("申请人姓名须与实名核验的姓名一致（%(name)s）。") % {"name": identity.name})
        return
    in_care = case.kind in (CaseKind.SETTLEMENT, CaseKind.CORRECTION) and (
        case.acting_as == ActingAs.GUARDIAN_OF_WARD
        or (case.acting_as == ActingAs.GUARDIAN_OF_MINOR and is_minor(case.id_number, timezone.localdate()))
    )
    if not in_care:
        raise CaseError(
            _(
                "申请人须是本账户实名核验的本人（%(name)s）。为他人申请迁移，须由其本人用自己的账户申请；"
                "为未成年子女或被监护人申请，请选择相应的申请人身份并上传监护关系证明。"
            )
            % {"name": identity.name}
        )


def _require_complete(case: Case) -> None:
    problems = draft_missing(case)
    if problems:
        raise CaseError(_("提交前请填写：%(fields)s。") % {"fields": _("、").join(problems)})


def draft_missing(case: Case) -> list[str]:
    """What a draft still lacks before it can be submitted, as the form's words."""
    problems = []
    if not case.name:
        problems.append(_("姓名"))
    try:
        validate_id_number(case.id_number)
    except ValidationError:
        problems.append(_("有效的公民身份号码"))
    if case.station_id is None:
        problems.append(_("迁入地址（及其管辖派出所）"))
    if case.kind == CaseKind.SETTLEMENT and not case.pathway:
        problems.append(_("落户途径"))
    if case.kind == CaseKind.SETTLEMENT and not case.origin_address.strip() and not in_register(case.id_number):
        problems.append(_("现户籍地址（迁出地）"))
    return problems


def _missing_required(case: Case) -> list[str]:
    return [line.item.get_document_display() for line in case_checklist(case) if not line.satisfied]


UPLOAD_STATUSES = (CaseStatus.DRAFT, *OPEN_STATUSES)


@transaction.atomic
def document_upload(
    *,
    case: Case,
    actor,
    kind: str,
    upload: UploadedFile,
    request: DocumentRequest | None = None,
    requested_item: RequestedItem | None = None,
    consent: Consent | None = None,
) -> Document:
    """Keep a PDF, JPEG or PNG — recognised by its content, not its name — of at most 10 MB.
    The applicant may add documents until a clerk decides, and after the decision the items
    promised for later (容缺). A document may answer one item of a request, or carry the signed
    授权委托书 of a person whose consent the case waits for."""
    case = lock_case(case)
    _require_owner(case, actor)
    if case.status not in UPLOAD_STATUSES and not case.promises.filter(kind=kind, fulfilled_at__isnull=True).exists():
        require_status(case, *UPLOAD_STATUSES)
    if requested_item is not None:
        if requested_item.request.case_id != case.pk or requested_item.request.answered_at is not None:
            raise CaseError(_("该补正事项已答复或不属于本业务。"))
        kind, request = requested_item.kind, requested_item.request
    if consent is not None:
        if consent.case_id != case.pk or consent.status != ConsentStatus.PENDING:
            raise CaseError(_("该同意已有答复，不需要授权委托书。"))
        kind = DocumentKind.POWER_OF_ATTORNEY
    if not upload.size:
        raise CaseError(_("文件为空，请重新选择。"))
    if upload.size > MAX_UPLOAD_BYTES:
        raise CaseError(_("文件大小 %(size).1f MB，超过 10 MB 的上限。") % {"size": upload.size / 1048576})
    upload.seek(0)
    guessed = filetype.guess(upload.read(2048))
    upload.seek(0)
    if guessed is None or guessed.mime not in ALLOWED_CONTENT_TYPES:
        raise CaseError(_("只接受 PDF、JPEG、PNG 格式的文件；该文件的内容不是这几种格式。"))
    check_upload(upload, guessed.mime)  # no active PDF content, no decompression bomb
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = Document(
        case=case,
        kind=kind,
        original_name=(upload.name or "")[-200:],
        content_type=guessed.mime,
        extension=ALLOWED_CONTENT_TYPES[guessed.mime],
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
        request=request,
        requested_item=requested_item,
        consent=consent,
    )
    document.file.save("upload", upload, save=False)
    document.save()
    return document


@transaction.atomic
def case_answer_request(*, case: Case, actor, answer: str = "", reasons: dict[int, str] | None = None) -> Case:
    """The applicant answers a request for materials: every item listed must have a file or, when
    it cannot be supplied, a written reason. The clock starts again, extended by the working days
    it stood still; a request made before acceptance sends the case back to be accepted."""
    case = lock_case(case)
    _require_owner(case, actor)
    require_status(case, CaseStatus.AWAITING_DOCUMENTS)
    request = case.document_requests.get(answered_at__isnull=True)
    reasons = {int(k): (v or "").strip() for k, v in (reasons or {}).items()}
    since = case.documents.filter(uploaded_at__gte=request.requested_at, purged_at__isnull=True)
    unanswered = []
    for item in request.items.all():
        since.filter(kind=item.kind, requested_item__isnull=True).update(requested_item=item)
        item.answer_text = reasons.get(item.pk, item.answer_text).strip()
        if not item.documents.exists() and not item.answer_text:
            unanswered.append(item.get_kind_display())
        item.save(update_fields=["answer_text"])
    if unanswered:
        raise CaseError(_("请为每一项上传材料，或说明无法提供的原因：%(items)s。") % {"items": "、".join(unanswered)})
    today = timezone.localdate()
    request.answered_at, request.answer = timezone.now(), answer
    request.save(update_fields=["answered_at", "answer"])
    case.documents.filter(request__isnull=True, uploaded_at__gte=request.requested_at).update(request=request)
    paused = working_days_between(case.paused_on, today)
    case.due_date = add_working_days(case.due_date, paused) if paused > 0 else case.due_date
    case.paused_on = None
    case.status = request.status_before or CaseStatus.IN_REVIEW
    if case.status == CaseStatus.SUBMITTED:
        book = rulebook_in_force(city=case.city, as_of=today)
        case.acceptance_due = add_working_days(today, book.params["processing.acceptance_limit_working_days"])
    case.save(update_fields=["due_date", "paused_on", "status", "acceptance_due", "updated_at"])
    record_event(case, EventKind.DOCUMENTS_PROVIDED, actor=actor, message=answer, paused_working_days=paused)
    notify_answered(case)
    return case


@transaction.atomic
def case_withdraw(*, case: Case, actor) -> Case:
    case = lock_case(case)
    _require_owner(case, actor)
    require_status(case, CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW, CaseStatus.AWAITING_DOCUMENTS)
    case.status = CaseStatus.WITHDRAWN
    case.save(update_fields=["status", "updated_at"])
    record_event(case, EventKind.WITHDRAWN, actor=actor)
    return case


@transaction.atomic
def case_draft_delete(*, case: Case, actor) -> None:
    case = lock_case(case)
    _require_owner(case, actor)
    require_status(case, CaseStatus.DRAFT)
    for document in case.documents.all():
        document.file.delete(save=False)
    case.delete()
