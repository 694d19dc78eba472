"""Pages rendered once as a frame and filled in for each request ("donut" caching).

Most of a public page is the same for everyone who is not signed in: the header, the language
switch, a form's labels and help, the footer. Django's templates take some 3 ms to render that
again on every request, which is most of the cost of the public status lookup, a page that
answers hundreds of people a second (issue 12). A ``FramedPage`` renders its template once per
process for each language and care mode, with a *slot* — a marker no template writes — where each
request's own parts go (the CSRF token, the address the language switch returns to, what the
visitor typed, the answer), and fills the slots in one pass for each request.

A page is framed only when nothing else of the request shows in it: no one signed in, no message
waiting, templates not reloading (DEBUG). Otherwise it is rendered whole, from the same template
and the same values, so both ways give the same page. The frames are dropped when a setting
changes (the tests' override_settings).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Private-use characters: a template writes neither (autoescaping leaves them as they are), and
# what fills a slot is escaped, so a visitor's text can never open a slot of its own.
_SLOT = re.compile("\ue000([a-z_0-9]+)\ue001")
# What every framed page fills in besides its own values: the form's token, and the page's own
# address, to which base.html's language switch returns.
CSRF_TOKEN, RETURN_TO = "csrf_token", "return_to"


def slot(name: str) -> SafeString:
    return mark_safe(f"\ue000{name}\ue001")


BuildContext = Callable[[Mapping[str, str]], dict]

_pages: list[FramedPage] = []


class FramedPage:
    def __init__(self, template_name: str):
        self.template_name = template_name
        self._frames: dict[tuple[str, bool], str] = {}
        _pages.append(self)

    def render(
        self, request: HttpRequest, build: BuildContext, values: Mapping[str, str], *, status: int = 200
    ) -> HttpResponse:
        """The page for ``build(values)``'s context. ``build`` makes the template's context from
        the page's own values — the real ones, or slots named like them; a value that is HTML
        already (a SafeString) goes into its slot as it is, any other is escaped."""
        if not self._framable(request):
            context = build(values) | {RETURN_TO: request.get_full_path()}
            return render(request, self.template_name, context, status=status)
        key = (get_language(), request.COOKIES.get("care_mode") == "1")
        frame = self._frames.get(key)
        if frame is None:
            slots = {name: slot(name) for name in (*values, CSRF_TOKEN, RETURN_TO)}
            frame = self._frames[key] = render_to_string(self.template_name, build(slots) | slots, request=request)
        fills = {name: conditional_escape(value) for name, value in values.items()}
        fills[CSRF_TOKEN] = get_token(request)
        fills[RETURN_TO] = conditional_escape(request.get_full_path())
        return HttpResponse(_SLOT.sub(lambda match: fills[match.group(1)], frame), status=status)

    @staticmethod
    def _framable(request: HttpRequest) -> bool:
        if settings.DEBUG or request.user.is_authenticated:
            return False
        return len(get_messages(request)) == 0  # counting them reads them without using them up

    def clear(self) -> None:
        self._frames.clear()


@receiver(setting_changed)
def _drop_frames(**kwargs) -> None:
    for page in _pages:
        page.clear()
