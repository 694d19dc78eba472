"""The Django admin in the reader's words: where Django writes "---------" for "nothing chosen"
(the action list, a foreign key's or a choice field's empty option), a rule admin reads 请选择 /
"Choose…"; and records kept in Chinese (clause texts, notes, document numbers) are marked
``lang="zh-Hans"`` on English pages, so a screen reader reads them as Chinese (WCAG 3.1.2)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

DJANGO_BLANK = "---------"
CHOOSE = _("请选择")
IN_CHINESE = {"lang": "zh-Hans"}


class PlainBlanks:
    """Mix into a ModelAdmin or an inline: every empty choice reads as words."""

    def get_action_choices(self, request, default_choices=None):
        return super().get_action_choices(request, [("", _("请选择操作"))])

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("empty_label", CHOOSE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if isinstance(field, forms.ChoiceField):
            field.choices = [(value, CHOOSE if label == DJANGO_BLANK else label) for value, label in field.choices]
        return field


def chinese_record(name: str, description, *, text: bool = False):
    """A read-only column or field showing a record kept in Chinese, marked as Chinese."""

    @admin.display(description=description, ordering=name)
    def show(self, obj):
        value = getattr(obj, name) or ""
        if text:  # paragraphs kept as written
            return format_html('<div lang="zh-Hans">{}</div>', mark_safe(linebreaks(value, autoescape=True)))  # noqa: S308 escaped
        return format_html('<span lang="zh-Hans">{}</span>', value) if value else "—"

    return show
