from django.core.exceptions import DisallowedHost

from .services import request_base_url


class RequestBaseUrlMiddleware:
    """Links in notices sent while serving a request point at the address the request came to
    (its host passed ALLOWED_HOSTS); outside a request they use PORTAL_BASE_URL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            base = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:  # Django answers 400 itself; links then use PORTAL_BASE_URL
            base = None
        token = request_base_url.set(base)
        try:
            return self.get_response(request)
        finally:
            request_base_url.reset(token)
