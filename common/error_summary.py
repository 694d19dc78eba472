"""``{% error_summary form other_form formset %}``: GOV.UK's error summary at the top of a page —
every error of the forms given, each a link to its field, so a reader (and a screen reader,
`role="alert"`, focus moved there by static/js/portal.js) learns at once what to correct and
where. A built-in tag (settings.TEMPLATES ``builtins``), so every form template can use it."""

from __future__ import annotations

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()


def _form_errors(form: forms.BaseForm) -> list[dict]:
    rows = []
    first = next(iter(form), None)
    for error in form.non_field_errors():
        # A form-wide error is about the form as a whole: it links to its first field.
        rows.append({"text": error, "href": f"#{first.id_for_label}" if first is not None else ""})
    for field in form:
        for error in field.errors:
            # A group of checkboxes or radios has no single input: the link goes to its first.
            target = field.id_for_label or f"{field.auto_id}_0"
            text = _("%(label)s：%(error)s") % {"label": field.label, "error": error} if field.label else error
            rows.append({"text": text, "href": f"#{target}"})
    return rows


def summary_rows(*items) -> list[dict]:
    """The errors of forms and formsets, in the order the page shows them."""
    rows = []
    for item in items:
        if isinstance(item, forms.BaseFormSet):
            rows += [{"text": error, "href": ""} for error in item.non_form_errors()]
            for form in item.forms:
                rows += _form_errors(form)
        elif isinstance(item, forms.BaseForm):
            rows += _form_errors(item)
    return rows


@register.inclusion_tag("components/error_summary.html")
def error_summary(*items):
    return {"errors": summary_rows(*items)}


@register.inclusion_tag("components/error_summary.html")
def admin_error_summary(adminform, inline_admin_formsets):
    """The same summary on a Django admin change form: the main form's errors, then each inline's."""
    formsets = [inline.formset for inline in inline_admin_formsets]
    return {"errors": summary_rows(adminform.form, *formsets)}
