"""Facts and missing facts in words, for templates: ``{% load facts %}``."""

from django import template

from ..presentation import missing_questions, present_facts

register = template.Library()


@register.filter
def fact_questions(paths, relatives=None):
    """Missing fact paths as the questions that ask for them (relatives: the facts' relatives list)."""
    return missing_questions(paths, relatives=relatives or ())


def _get(thing, name):
    return thing.get(name) if isinstance(thing, dict) else getattr(thing, name, None)


@register.filter
def needed_conditions(result):
    """The conditions of a result (the engine's, or a dict frozen before undecided alternatives
    were left out), without an undecided one the verdict does not need."""
    wanted = set(_get(result, "missing") or ())
    return [
        c
        for c in _get(result, "conditions") or ()
        if _get(c, "met") is not None or wanted & set(_get(c, "missing") or ())
    ]


@register.filter
def all_missing(result):
    """What a result still needs: the applicant's facts, then each relative's own (named)."""
    paths = list(_get(result, "missing") or ())
    for relative in _get(result, "relatives") or ():
        paths += [m for m in relative.get("missing") or () if m.startswith("relatives[") and m not in paths]
    return paths


@register.simple_tag
def fact_groups(facts, relative_names=()):
    return present_facts(facts, relative_names=relative_names)
