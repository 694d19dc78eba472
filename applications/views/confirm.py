"""No surprise clicks. A form that decides, withdraws, deletes or starts a batch first posts
without ``confirmed``; the view answers with a page saying what will happen (200, nothing done),
whose form posts the same fields again with ``confirmed=1``. Plain HTML: no script, so the
Content-Security-Policy stays as strict as it is. The API is not affected."""

from django.shortcuts import render

from ..consequences import Confirmation

NOT_RESENT = {"csrfmiddlewaretoken", "confirmed"}


def is_confirmed(request) -> bool:
    return request.POST.get("confirmed") == "1"


def confirmation_page(request, confirmation: Confirmation, *, back: str):
    fields = [(name, value) for name, values in request.POST.lists() if name not in NOT_RESENT for value in values]
    context = {"confirmation": confirmation, "fields": fields, "back": back}
    return render(request, "confirm.html", context)
