from django.db import models
from django.utils.translation import gettext_lazy as _

from eligibility.constants import DocumentKind  # noqa: F401 - checklists are rule-set data


class CaseKind(models.TextChoices):
    SETTLEMENT = "settlement", _("迁移落户")
    NEWBORN = "newborn", _("出生登记")
    DEATH = "death", _("死亡注销")
    CORRECTION = "correction", _("户籍信息更正")
    RESIDENCE_PERMIT = "residence_permit", _("居住证申领")
    ENDORSEMENT = "endorsement", _("居住证签注")


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交，待受理")
    IN_REVIEW = "in_review", _("审核中")
    AWAITING_DOCUMENTS = "awaiting_documents", _("待补充材料")
    APPROVED = "approved", _("已准予迁入，待迁出地办理迁出")
    COMPLETED = "completed", _("已办结")
    REFUSED = "refused", _("不予办理")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_STATUSES = frozenset({CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW, CaseStatus.AWAITING_DOCUMENTS})
DECIDED_STATUSES = frozenset({CaseStatus.APPROVED, CaseStatus.COMPLETED, CaseStatus.REFUSED})
# Closed for good: nothing more happens on the case, so its documents' retention period runs. An
# approved case still waiting for the move-out from outside (APPROVED) is not closed yet.
CLOSED_STATUSES = frozenset({CaseStatus.COMPLETED, CaseStatus.REFUSED, CaseStatus.WITHDRAWN})


class ActingAs(models.TextChoices):
    """Whom the account acts for. Anyone else must consent themselves (Consent)."""

    SELF = "self", _("本人")
    GUARDIAN_OF_MINOR = "minor_child", _("未成年子女的监护人")
    GUARDIAN_OF_WARD = "ward", _("被监护人的监护人")
    PARENT_OF_NEWBORN = "newborn_parent", _("新生儿的父亲或母亲")
    FAMILY_OF_DECEASED = "deceased_family", _("死者的家属")


class DocumentCheck(models.TextChoices):
    UNCHECKED = "unchecked", _("待核验")
    PASSED = "passed", _("核验通过")
    FAILED = "failed", _("与原件不符")


class ConsentRole(models.TextChoices):
    RELATIVE = "relative", _("随迁人")
    HOUSEHOLD_HEAD = "household_head", _("迁入户户主")


class ConsentMethod(models.TextChoices):
    ACCOUNT = "account", _("本人账户确认")
    POWER_OF_ATTORNEY = "power_of_attorney", _("签字的授权委托书（民警核验）")
    GUARDIAN = "guardian", _("监护人（申请人）代为同意")


class ConsentStatus(models.TextChoices):
    PENDING = "pending", _("待同意")
    GIVEN = "given", _("已同意")
    DECLINED = "declined", _("不同意")


class Prescreen(models.TextChoices):
    PENDING = "pending", _("待预审")
    LIKELY_ELIGIBLE = "likely_eligible", _("预审：可能符合")
    INCOMPLETE = "incomplete", _("预审：材料或信息不全")
    LIKELY_INELIGIBLE = "likely_ineligible", _("预审：可能不符合")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("提交申请")
    PRESCREENED = "prescreened", _("系统预审")
    TAKEN = "taken", _("民警受理")
    FACT_CORRECTED = "fact_corrected", _("更正事实")
    DOCUMENTS_REQUESTED = "documents_requested", _("要求补充材料")
    DOCUMENTS_PROVIDED = "documents_provided", _("申请人补充材料")
    EXTENDED = "extended", _("延长办理时限")
    APPROVED = "approved", _("准予办理")
    REFUSED = "refused", _("不予办理")
    WITHDRAWN = "withdrawn", _("申请人撤回")
    MOVE_OUT_RECORDED = "move_out_recorded", _("收到迁出地迁移证信息")
    COMPLETED = "completed", _("办结")
    DOCUMENT_CHECKED = "document_checked", _("核验材料")
    CONSENT_ANSWERED = "consent_answered", _("随迁人或户主答复")
    PROMISE_SIGNED = "promise_signed", _("签署容缺承诺")
    PROMISE_FULFILLED = "promise_fulfilled", _("补交容缺材料")
    IDENTITY_CHECKED = "identity_checked", _("核验申请人身份与关系")


MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ALLOWED_CONTENT_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

CITY_PREFIX = {"qujing": "QJ", "lincang": "LC", "dehong": "DH", "chenzhou": "CZ", "jilin": "JL"}


class DeadlineFlag(models.TextChoices):
    """What the deadline notice says of a case near its time limit (computed: services/sweeps.py)."""

    DUE = "due", _("一日内到期")
    OVERDUE = "overdue", _("已超期")


class BatchStatus(models.TextChoices):
    RUNNING = "running", _("处理中")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已取消")


class BatchItemStatus(models.TextChoices):
    PENDING = "pending", _("待处理")
    APPROVED = "approved", _("已准予")
    SET_ASIDE = "set_aside", _("已移出批量，转人工办理")
    CANCELLED = "cancelled", _("批量取消，未处理")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
