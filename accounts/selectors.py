from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User


def second_factor_required(user: User) -> bool:
    """Staff roles and anyone who may open the Django admin sign in with a code, always."""
    return user.is_staff_role or user.is_staff or user.is_superuser


def totp_device_confirmed(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def second_factor_needed(user: User) -> bool:
    """Whether a password alone is not enough: staff, or an applicant who turned the code on."""
    return second_factor_required(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists()
