"""The token endpoint: a token only for accounts that sign in with a password alone
(accounts/authentication.py says why)."""

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
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES  # DRF's view names its own: ours refuse bad JSON

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if second_factor_needed(user):
            raise exceptions.PermissionDenied(NO_TOKEN)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


obtain_token = TokenView.as_view()
