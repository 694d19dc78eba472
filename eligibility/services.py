"""Writes and workflows of the rule engine: evaluating, drafting, publishing."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import RuleSetStatus
from .engine import Evaluation, NoRulesInForce, evaluate
from .facts import Facts
from .models import ChecklistItem, Clause, Parameter, PublicationRequest, PublicationStatus, RuleSet
from .parameters import SPECS
from .rulebook import rulebook_from_rule_set
from .selectors import rulebook_in_force
from .signals import rule_set_published

__all__ = [
    "NoRulesInForce",
    "eligibility_evaluate",
    "rule_set_preview",
    "rule_set_copy_as_draft",
    "rule_set_publish",
    "parameter_update",
    "publication_request",
    "publication_withdraw",
    "publication_refuse",
    "publication_approve",
    "may_govern",
    "has_drafted",
]


class RuleSetError(ValidationError):
    """A rule set workflow step that cannot be done, with the reason in the admin's language."""


def eligibility_evaluate(*, facts: Facts, explain: bool = True) -> Evaluation:
    """Evaluate under the published rule set in force on facts.as_of (raises NoRulesInForce)."""
    return evaluate(facts, rulebook_in_force(city=facts.city, as_of=facts.as_of), explain=explain)


def rule_set_preview(*, rule_set: RuleSet, facts: Facts) -> Evaluation:
    """Evaluate facts against any rule set, drafts included, whatever its dates."""
    rule_set = RuleSet.objects.prefetch_related("parameters", "clauses").get(pk=rule_set.pk)
    return evaluate(facts, rulebook_from_rule_set(rule_set))


@transaction.atomic
def rule_set_copy_as_draft(*, rule_set: RuleSet, effective_from: datetime.date | None = None) -> RuleSet:
    """A new draft version with the same clauses and parameters, ready to edit."""
    next_version = (RuleSet.objects.filter(city=rule_set.city).aggregate(v=Max("version"))["v"] or 0) + 1
    draft = RuleSet.objects.create(
        city=rule_set.city,
        document=rule_set.document,
        title=rule_set.title,
        version=next_version,
        effective_from=effective_from
        or max(timezone.localdate() + datetime.timedelta(days=1), rule_set.effective_from),
        status=RuleSetStatus.DRAFT,
        based_on=rule_set,
        notes=_("复制自第 %(version)d 版") % {"version": rule_set.version},
    )
    clauses = {}
    for clause in rule_set.clauses.all():
        clauses[clause.pk] = Clause.objects.create(
            rule_set=draft, key=clause.key, citation=clause.citation, text=clause.text
        )
    Parameter.objects.bulk_create(
        Parameter(
            rule_set=draft,
            key=p.key,
            value=p.value,
            clause=clauses.get(p.clause_id),
            note=p.note,
            local_source=p.local_source,
        )
        for p in rule_set.parameters.all()
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            rule_set=draft,
            pathway=i.pathway,
            document=i.document,
            when=i.when,
            required=i.required,
            position=i.position,
        )
        for i in rule_set.checklist.all()
    )
    return draft


@transaction.atomic
def rule_set_publish(*, rule_set: RuleSet, actor) -> RuleSet:
    """Publish a draft — the one way a version is published (in the admin only through
    `publication_approve`, by a second rule admin). An open-ended published version that began
    earlier is closed the day before this one begins (so earlier days keep their rules); any
    other overlap is refused — by this check with a clear message, and by the database
    constraint if two publish at once. Then the layers above are told (`rule_set_published`):
    the open cases the version now governs are screened again, in the actor's name, once this
    commits."""
    rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    _check_publishable(rule_set)
    predecessor = (
        RuleSet.objects.select_for_update()
        .filter(
            city=rule_set.city,
            status=RuleSetStatus.PUBLISHED,
            effective_to__isnull=True,
            effective_from__lt=rule_set.effective_from,
        )
        .first()
    )
    if predecessor is not None:
        predecessor.effective_to = rule_set.effective_from - datetime.timedelta(days=1)
        predecessor.save(update_fields=["effective_to"])
    clash = _overlapping(rule_set)
    if clash is not None:
        raise RuleSetError(
            _("与已发布的第 %(version)d 版（%(start)s 至 %(end)s）日期重叠，不能发布。")
            % {"version": clash.version, "start": clash.effective_from, "end": clash.effective_to or _("长期")}
        )
    rule_set.status = RuleSetStatus.PUBLISHED
    rule_set.published_at = timezone.now()
    try:
        with transaction.atomic():
            rule_set.save(update_fields=["status", "published_at"])
    except IntegrityError:
        raise RuleSetError(_("与已发布版本日期重叠，不能发布。")) from None
    rule_set_published.send(sender=RuleSet, rule_set=rule_set, actor=actor)
    return rule_set


def _check_publishable(rule_set: RuleSet) -> None:
    if rule_set.is_published:
        raise RuleSetError(_("该版本已发布。"))
    missing = sorted(set(SPECS) - set(rule_set.parameters.values_list("key", flat=True)))
    if missing:
        labels = "、".join(str(SPECS[key].label) for key in missing)
        raise RuleSetError(_("缺少参数：%(keys)s。") % {"keys": labels})


def _overlapping(rule_set: RuleSet) -> RuleSet | None:
    others = RuleSet.objects.filter(city=rule_set.city, status=RuleSetStatus.PUBLISHED).exclude(pk=rule_set.pk)
    others = others.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=rule_set.effective_from))
    if rule_set.effective_to is not None:
        others = others.filter(effective_from__lte=rule_set.effective_to)
    return others.order_by("effective_from").first()


PARAMETER_FIELDS = frozenset({"clause", "note", "local_source"})


@transaction.atomic
def parameter_update(*, parameter: Parameter, value, **fields) -> Parameter:
    """Change a draft's parameter — its value, and optionally its clause, note and local source.
    A published version is never edited (make a new version); nor is a draft awaiting approval
    (the approver approves what they read: withdraw the request first)."""
    unknown = set(fields) - PARAMETER_FIELDS
    if unknown:
        raise TypeError(f"parameter_update() got unexpected fields {sorted(unknown)}")
    parameter = Parameter.objects.select_for_update().select_related("rule_set").get(pk=parameter.pk)
    if parameter.rule_set.is_published:
        raise RuleSetError(_("已发布的版本不能修改，请复制为新草稿版本。"))
    if pending_publication(parameter.rule_set) is not None:
        raise RuleSetError(_("此草稿正在等待发布审批，不能修改；如需修改，请先撤回发布申请。"))
    parameter.value = value
    for name, new in fields.items():
        setattr(parameter, name, new)
    parameter.full_clean()
    parameter.save(update_fields=["value", *fields])
    return parameter


# --- Publication with a second rule admin's approval (四眼原则) ----------------------------------


def may_govern(user, city: str) -> bool:
    """A rule admin keeps the rules of their own city, or of every city when they have none."""
    if not user.has_perm("eligibility.change_ruleset"):
        return False
    return user.is_superuser or not getattr(user, "city", "") or user.city == city


def pending_publication(rule_set: RuleSet) -> PublicationRequest | None:
    return rule_set.publication_requests.filter(status=PublicationStatus.PENDING).first()


@transaction.atomic
def publication_request(*, rule_set: RuleSet, user, note: str) -> PublicationRequest:
    """The drafter puts a draft forward; it can then be published only by someone else."""
    rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    if not may_govern(user, rule_set.city):
        raise RuleSetError(_("您不能管理该市（州）的规则。"))
    _check_publishable(rule_set)
    if pending_publication(rule_set) is not None:
        raise RuleSetError(_("此草稿已提交发布申请，正在等待审批。"))
    return PublicationRequest.objects.create(rule_set=rule_set, requested_by=user, note=note.strip())


def _pending_for_update(publication: PublicationRequest) -> PublicationRequest:
    publication = PublicationRequest.objects.select_for_update().select_related("rule_set").get(pk=publication.pk)
    if publication.status != PublicationStatus.PENDING:
        raise RuleSetError(_("该发布申请已处理（%(status)s）。") % {"status": publication.get_status_display()})
    return publication


def _decide(publication: PublicationRequest, *, user, status: str, reason: str) -> PublicationRequest:
    publication.status, publication.decided_by, publication.decided_at = status, user, timezone.now()
    publication.reason = reason.strip()
    publication.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    return publication


def _check_second_person(publication: PublicationRequest, user) -> None:
    if user.pk == publication.requested_by_id:
        raise RuleSetError(_("四眼原则：提出发布申请的人不能自己批准或退回，须由另一位规则管理员审批。"))
    if has_drafted(publication.rule_set, user):
        raise RuleSetError(_("四眼原则：您创建或修改过此草稿，不能审批它，须由另一位规则管理员审批。"))
    if not may_govern(user, publication.rule_set.city):
        raise RuleSetError(_("您不能管理该市（州）的规则。"))


def has_drafted(rule_set: RuleSet, user) -> bool:
    """Whether the user created or changed this draft in the admin (its history, 历史)."""
    from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(RuleSet),
        object_id=str(rule_set.pk),
        user_id=user.pk,
        action_flag__in=[ADDITION, CHANGE],
    ).exists()


@transaction.atomic
def publication_withdraw(*, publication: PublicationRequest, user) -> PublicationRequest:
    """The one who asked takes the request back (to change the draft again)."""
    publication = _pending_for_update(publication)
    if user.pk != publication.requested_by_id:
        raise RuleSetError(_("只有提出申请的人可以撤回；其他规则管理员请批准或退回。"))
    return _decide(publication, user=user, status=PublicationStatus.WITHDRAWN, reason="")


@transaction.atomic
def publication_refuse(*, publication: PublicationRequest, user, reason: str) -> PublicationRequest:
    """A second rule admin sends the draft back, saying why; the draft stays a draft."""
    publication = _pending_for_update(publication)
    _check_second_person(publication, user)
    if not reason.strip():
        raise RuleSetError(_("退回时请写明理由。"))
    return _decide(publication, user=user, status=PublicationStatus.REFUSED, reason=reason)


@transaction.atomic
def publication_approve(*, publication: PublicationRequest, user, reason: str = "") -> PublicationRequest:
    """A second rule admin approves: the draft is published (and the open cases it governs are
    screened again), all in one transaction — if publishing fails, nothing is approved."""
    publication = _pending_for_update(publication)
    _check_second_person(publication, user)
    rule_set_publish(rule_set=publication.rule_set, actor=user)
    return _decide(publication, user=user, status=PublicationStatus.APPROVED, reason=reason)
