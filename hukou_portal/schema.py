"""The OpenAPI schema's error answers.

drf-spectacular documents what a view answers when all goes well (and what ``@extend_schema``
adds). The refusals come from DRF itself, the same for every endpoint: a malformed or invalid
body (400), no or a bad sign-in (401/403), no permission or a failed CSRF check (403), an object
that is not there or not the caller's, or a page past the end (404), a method or a media type the
endpoint does not take (405/415), too many requests (429). ``PortalAutoSchema`` adds those that
can happen to each operation, so a client — and the schemathesis run in
tests/security/test_api_fuzzing.py — finds every answer the API gives in the schema.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorDetailSerializer(serializers.Serializer):
    """DRF's refusal: one message."""

    detail = serializers.CharField()


DETAIL = ErrorDetailSerializer
INVALID = {
    "type": "object",
    "description": "The fields in error, each with its messages (non_field_errors for the whole "
    "request), or detail when the body could not be read.",
    "additionalProperties": True,
}


class PortalAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction=direction)
        if direction != "response":
            return responses
        for code, answer in self._refusals().items():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(answer, str(code), direction=direction)
        return responses

    def _refusals(self) -> dict[int, OpenApiResponse]:
        view, refusals = self.view, {}
        if self.method in ("POST", "PUT", "PATCH") or self._get_filter_parameters():
            refusals[400] = OpenApiResponse(INVALID, description="malformed or invalid input")
        if view.get_authenticators() or not all(isinstance(p, AllowAny) for p in view.get_permissions()):
            # DRF answers a missing or wrong credential with 401, or with 403 when the first
            # authentication class (the session's) names no WWW-Authenticate scheme.
            refusals[401] = OpenApiResponse(DETAIL, description="not signed in, or a wrong credential")
            refusals[403] = OpenApiResponse(DETAIL, description="not allowed, or the CSRF check failed")
        if "{" in self.path or self._is_list_view() and getattr(view, "pagination_class", None):
            refusals[404] = OpenApiResponse(DETAIL, description="no such object for the caller, or no such page")
        if self.method in ("POST", "PUT", "PATCH"):
            refusals[415] = OpenApiResponse(DETAIL, description="a body in a media type the endpoint does not take")
        if view.get_throttles() or getattr(view, "locks_out", False):
            refusals[429] = OpenApiResponse(DETAIL, description="too many requests; retry after Retry-After seconds")
        return refusals
