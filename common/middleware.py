"""The last net under the domain error: one that escapes a view is a page with its message
(409), in the portal's layout, never a server error."""

from django.shortcuts import render

from .errors import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return render(request, "409.html", {"message": str(exception)}, status=409)
        return None
