"""API tokens and the second factor.

A token stands for a password alone: it cannot carry the code of a second factor, and whoever
holds it skips the code for as long as it lives. So only accounts that sign in with a password
alone may have one. Staff (who always sign in with a code) and applicants who turned the code on
use the API from their signed-in, code-verified browser session instead; the staff API's
permission (applications.api.views.IsStationStaff) accepts nothing else.

Kept apart from accounts/api.py: DRF imports its authentication classes while it is loading.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .selectors import second_factor_needed

NO_TOKEN = _("此账号登录需要动态口令，不能使用 API 令牌；请在网页登录（输入动态口令）后使用。")


class SecondFactorAwareTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing the tokens of accounts that have a second factor (one
    made before the code was turned on, or by hand in the admin)."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if second_factor_needed(user):
            raise exceptions.AuthenticationFailed(NO_TOKEN)
        return user, token
