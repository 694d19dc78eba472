"""The token endpoint: a token only for accounts that sign in with a password alone
(accounts/authentication.py says why)."""

from django.conf import settings
from django.utils.translation import gettext
from rest_framework import exceptions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.settings import api_settings

from .authentication import NO_TOKEN
from .selectors import second_factor_needed


class TokenRequestSerializer(AuthTokenSerializer):
    # No login is longer than an e-mail address (254): a longer one is refused here, before
    # authenticate() hands it to django-axes, whose log column holds 255 (a server error, found by
    # tests/security/test_api_fuzzing.py).
    username = serializers.CharField(max_length=254, write_only=True)


class TokenView(ObtainAuthToken):
    """A token for scripts and apps: the login (username, e-mail or mobile number) and password."""

    serializer_class = TokenRequestSerializer
    locks_out = True  # answers 429 while django-axes locks the login (hukou_portal/schema.py documents it)
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES  # DRF's view names its own: ours refuse bad JSON

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # django-axes refused the login before the password was checked: say so as the sign-in
            # page does (429), not as a wrong password (400).
            if getattr(request, "axes_locked_out", False):  # set on the DRF request by AxesStandaloneBackend
                raise exceptions.Throttled(
                    wait=settings.AXES_COOLOFF_TIME.total_seconds(),
                    detail=gettext("登录失败次数过多，该账号在此网络已暂时锁定，请稍后再试。"),
                )
            raise exceptions.ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        if second_factor_needed(user):
            raise exceptions.PermissionDenied(NO_TOKEN)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


obtain_token = TokenView.as_view()
