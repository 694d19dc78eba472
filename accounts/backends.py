from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class UsernameEmailOrPhoneBackend(ModelBackend):
    """Sign in with the username (staff), the e-mail address or the mobile number (applicants)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        login = username.strip()
        users = get_user_model()._default_manager.filter(Q(username=login) | Q(email__iexact=login) | Q(phone=login))
        for user in users[:2]:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        # Run the hasher once anyway so an unknown login takes as long as a wrong password.
        get_user_model()().set_password(password)
        return None
