"""Form widgets that render faster than Django's own where a page draws many of them."""

from django import forms


class InlineSelect(forms.Select):
    """A ``<select>`` whose options are written in its own template rather than included one by
    one (Django's select renders a template per option, a quarter of the clerk's queue page).
    For plain choices: an option's own attributes other than ``selected`` are not drawn."""

    template_name = "common/widgets/select.html"
