"""DRF's side of the domain error and of untrusted JSON."""

from __future__ import annotations

import math

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError

MAX_JSON_DEPTH = 32  # the deepest body the contracts use is 4 levels


def exception_handler(exc, context):
    """DRF's, and the domain error as 409 with its message (as every endpoint documents it)."""
    if isinstance(exc, DomainError):
        return Response({"error": str(exc)}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)


class StrictJSONParser(JSONParser):
    """JSON that the rest of the portal can hold: no nesting deep enough to exhaust the stack, no
    lone surrogate (which no database or page can store), no number too large for a float."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("请求体的 JSON 嵌套层数过多。")) from None
        _check(data)
        return data


def _check(data) -> None:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise ParseError(_("请求体的 JSON 嵌套层数过多。"))
        if isinstance(value, dict):
            for key, item in value.items():
                _check_text(key)
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            _check_text(value)
        elif isinstance(value, float) and not math.isfinite(value):
            raise ParseError(_("请求体中的数字超出范围。"))


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ParseError(_("请求体中含有无效的字符（单独的代理码位）。")) from None
