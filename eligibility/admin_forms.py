"""The rule admin's forms: each parameter edited with a control fit for its kind, the trial (试算)
as the self-check's own form, and the four-eyes publication steps.

A parameter's form field returns a Python value that `Spec.clean` turns into the stored form the
engine reads, so what the admin saves is exactly what a service call would store.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .constants import Pathway
from .models import Parameter
from .parameters import VALUE_LABELS, Spec, _amount_unit

RIGHT_EMPTY_ROWS = 2


class _Described:
    """A control followed by its unit and a help text the control points to (aria-describedby)."""

    def __init__(self, *args, unit="", help_text="", group=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit, self.help_text, self.group = unit, help_text, group

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        help_id = f"{attrs.get('id') or name}_help"
        attrs["aria-describedby"] = help_id
        group_label = ""
        if self.group:  # each checkbox is named by its own label: the row's name goes on the group
            group_label = attrs.pop("aria-label", "") or self.attrs.pop("aria-label", "")
        control = super().render(name, value, attrs, renderer)
        if self.group and group_label:  # a set of checkboxes: each names itself, the group carries the row's name
            control = format_html('<div role="group" aria-label="{}">{}</div>', group_label, control)
        unit = format_html(' <span class="parameter-unit">{}</span>', self.unit) if self.unit else ""
        return format_html(
            '<div class="parameter-value">{}{}<div class="help" id="{}">{}</div></div>',
            control,
            unit,
            help_id,
            self.help_text,
        )


class SwitchInput(_Described, forms.CheckboxInput):
    def __init__(self, **kwargs):
        super().__init__(attrs={"role": "switch"}, **kwargs)


class NumberInput(_Described, forms.NumberInput):
    pass


class ChoiceBoxes(_Described, forms.CheckboxSelectMultiple):
    pass


class ChoiceRadios(_Described, forms.RadioSelect):
    pass


class RightsWidget(forms.Widget):
    """The graded rights of a residence permit: one line per right (a right may have two lines,
    for two groups of people), with the years of residence and of insurance it waits for."""

    SUBFIELDS = ("right", "residence_years", "insurance_years", "strictly_more", "note")
    HEADINGS = (_("权利"), _("连续居住年限"), _("参加社会保险年限"), _("须超过（而非满）"), _("说明"))

    def __init__(self, choices, help_text=""):
        super().__init__()
        self.choices, self.help_text = choices, help_text

    def value_from_datadict(self, data, files, name):
        count = int(data.get(f"{name}-rows") or 0) if str(data.get(f"{name}-rows", "0")).isdigit() else 0
        return [{sub: data.get(f"{name}-{i}-{sub}", "") for sub in self.SUBFIELDS} for i in range(min(count, 40))]

    def render(self, name, value, attrs=None, renderer=None):
        rows = [*(value or []), *({} for _ in range(RIGHT_EMPTY_ROWS))]
        base = (attrs or {}).get("id") or name
        head = format_html_join(
            "",
            '<th scope="col">{}</th>',
            ((label,) for label in self.HEADINGS),
        )
        body = format_html_join("", "<tr>{}</tr>", ((self._row(name, i, row),) for i, row in enumerate(rows)))
        return format_html(
            '<div class="parameter-value"><input type="hidden" name="{}-rows" value="{}">'
            '<table class="parameter-rights" aria-describedby="{}_help"><thead><tr>{}</tr></thead><tbody>{}</tbody>'
            '</table><div class="help" id="{}_help">{}</div></div>',
            name,
            len(rows),
            base,
            head,
            body,
            base,
            self.help_text,
        )

    def _row(self, name, i, row):
        def key(sub):
            return f"{name}-{i}-{sub}"

        number = _("第 %(n)d 行") % {"n": i + 1}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, " selected" if row.get("right") == value else "", label)
                for value, label in [("", _("（不填：删除此行）")), *self.choices]
            ),
        )
        cells = [
            format_html('<select name="{}" aria-label="{}：{}">{}</select>', key("right"), number, _("权利"), options),
            *(
                format_html(
                    '<input type="number" min="0" max="50" name="{}" value="{}" aria-label="{}：{}"> {}',
                    key(sub),
                    "" if row.get(sub) in (None, "") else row[sub],
                    number,
                    label,
                    _("年"),
                )
                for sub, label in (("residence_years", _("连续居住年限")), ("insurance_years", _("参加社会保险年限")))
            ),
            format_html(
                '<input type="checkbox" name="{}"{} aria-label="{}：{}">',
                key("strictly_more"),
                " checked" if row.get("strictly_more") in (True, "on") else "",
                number,
                _("须超过（而非满）"),
            ),
            format_html(
                '<input type="text" maxlength="200" name="{}" value="{}" aria-label="{}：{}">',
                key("note"),
                row.get("note", ""),
                number,
                _("说明"),
            ),
        ]
        return format_html_join("", "<td>{}</td>", ((cell,) for cell in cells))


class RightsField(forms.Field):
    def __init__(self, *, choices, help_text, **kwargs):
        super().__init__(widget=RightsWidget(choices, help_text), **kwargs)
        self.allowed = {value for value, _label in choices}

    def to_python(self, value):
        if not isinstance(value, list):
            return value
        return [self._row(row) for row in value if row.get("right")]

    def _row(self, row):
        if row["right"] not in self.allowed:
            raise forms.ValidationError(_("请从列表中选择权利。"), code="choice")
        return {
            "right": row["right"],
            "residence_years": self._years(row["residence_years"]),
            "insurance_years": self._years(row["insurance_years"]),
            "strictly_more": row["strictly_more"] in ("on", True),
            "note": str(row["note"]).strip(),
        }

    @staticmethod
    def _years(text):
        text = str(text).strip()
        if not text:
            return None
        if not text.isdigit() or int(text) > 50:
            raise forms.ValidationError(_("年限应为 0 至 50 的整数，或留空（由有关部门规定）。"), code="years")
        return int(text)


def _help(spec: Spec) -> str:
    if spec.kind == "bool":
        return _("打开表示“是”，关闭表示“否”。")
    if spec.kind in ("int", "decimal"):
        text = _("填写 %(min)s 至 %(max)s 之间的数。") % {"min": spec.minimum, "max": spec.maximum}
        return text + (str(_("留空表示不设此条件。")) if spec.nullable else "")
    if spec.kind == "choice":
        return _("选择一项。")
    if spec.kind == "rights":
        return _("每行一项权利；年限留空表示由有关部门规定。把“权利”改为不填即删除该行。")
    return _("勾选适用的各项；都不勾选表示没有。")


def parameter_formfield(spec: Spec) -> forms.Field:
    """The form field for one parameter's value, its widget fit for the kind."""
    choices = [(value, VALUE_LABELS.get(value, value)) for value in spec.choices]
    common = {"label": _("取值"), "help_text": ""}
    described = {"help_text": _help(spec), "unit": _amount_unit(spec.unit) if spec.unit else ""}
    if spec.kind == "bool":
        return forms.BooleanField(required=False, widget=SwitchInput(**described), **common)
    if spec.kind == "int":
        return forms.IntegerField(
            widget=NumberInput(attrs={"min": spec.minimum, "max": spec.maximum, "step": 1}, **described),
            error_messages={"required": _("请填写一个数。"), "invalid": _("请填写整数，如 12。")},
            **common,
        )
    if spec.kind == "decimal":
        return forms.DecimalField(
            required=not spec.nullable,
            widget=NumberInput(attrs={"min": spec.minimum, "max": spec.maximum, "step": "0.01"}, **described),
            error_messages={"required": _("请填写一个数。"), "invalid": _("请填写数字，如 15 或 12.5。")},
            **common,
        )
    if spec.kind == "choice":
        return forms.ChoiceField(
            choices=choices,
            widget=ChoiceRadios(group=True, **described),
            error_messages={"required": _("请选择一项。"), "invalid_choice": _("请从所列各项中选择。")},
            **common,
        )
    if spec.kind == "rights":
        return RightsField(choices=choices, help_text=described["help_text"], required=False, label=_("取值"))
    return forms.MultipleChoiceField(
        choices=choices,
        required=False,
        widget=ChoiceBoxes(group=True, **described),
        error_messages={"invalid_choice": _("请从所列各项中选择。")},
        **common,
    )


class ParameterForm(forms.ModelForm):
    """One parameter of a draft: its value with a control fit for its kind, the clause it rests on,
    and the reading note. The key is fixed (every rule set has every key)."""

    class Meta:
        model = Parameter
        fields = ["value", "clause", "note", "local_source"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3, "cols": 26}),
            "local_source": forms.TextInput(attrs={"size": 14}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.key:
            self.fields["value"] = parameter_formfield(self.instance.spec)
            if self.instance.spec.kind == "decimal" and self.instance.value is not None:
                self.initial["value"] = Decimal(self.instance.value)
        self.fields["clause"].empty_label = _("（不引用条款：本地规定）")

    def clean_value(self):
        value = self.cleaned_data.get("value")
        return str(value) if isinstance(value, Decimal) else value  # stored as text, like "15"


def trial_as_of(rule_set) -> datetime.date:
    """The day the trial judges on: the version's first day, or today if that has passed."""
    return max(rule_set.effective_from, timezone.localdate())


class _NoColon(forms.Form):
    """Chinese labels take no ASCII colon (the layout sets label and field apart)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class TrialChooseForm(_NoColon):
    pathway = forms.ChoiceField(label=_("落户途径"), choices=Pathway.choices, initial=Pathway.RESIDENCE)
    as_of = forms.DateField(
        label=_("按哪一天判断"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("请填写日期。"), "invalid": _("请按 2027-01-01 的格式填写日期。")},
    )


class PublicationRequestForm(_NoColon):
    note = forms.CharField(
        label=_("申请说明（改了什么、为什么）"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = _("请写明改了什么、为什么，供审批人核对。")


class PublicationDecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("审批意见（退回时必填）"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        required=False,
        max_length=2000,
    )
