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
from .models import ChecklistItem, Clause, Parameter, RuleSet
from .parameters import SPECS
from .rulebook import rulebook_from_rule_set
from .selectors import rulebook_in_force

__all__ = [
    "NoRulesInForce",
    "eligibility_evaluate",
    "rule_set_preview",
    "rule_set_copy_as_draft",
    "rule_set_publish",
    "parameter_update",
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
def rule_set_publish(*, rule_set: RuleSet) -> RuleSet:
    """Publish a draft. An open-ended published version that began earlier is closed the day
    before this one begins (so earlier days keep their rules); any other overlap is refused —
    by this check with a clear message, and by the database constraint if two publish at once."""
    rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    if rule_set.is_published:
        raise RuleSetError(_("该版本已发布。"))
    missing = sorted(set(SPECS) - set(rule_set.parameters.values_list("key", flat=True)))
    if missing:
        raise RuleSetError(_("缺少参数：%(keys)s。") % {"keys": ", ".join(missing)})
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
    return rule_set


def _overlapping(rule_set: RuleSet) -> RuleSet | None:
    others = RuleSet.objects.filter(city=rule_set.city, status=RuleSetStatus.PUBLISHED).exclude(pk=rule_set.pk)
    others = others.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=rule_set.effective_from))
    if rule_set.effective_to is not None:
        others = others.filter(effective_from__lte=rule_set.effective_to)
    return others.order_by("effective_from").first()


@transaction.atomic
def parameter_update(*, parameter: Parameter, value) -> Parameter:
    """Change a draft's parameter; a published version is never edited (make a new version)."""
    parameter = Parameter.objects.select_for_update().select_related("rule_set").get(pk=parameter.pk)
    if parameter.rule_set.is_published:
        raise RuleSetError(_("已发布的版本不能修改，请复制为新草稿版本。"))
    parameter.value = value
    parameter.full_clean()
    parameter.save(update_fields=["value"])
    return parameter
