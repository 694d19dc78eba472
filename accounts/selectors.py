from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from .constants import Role
from .models import User


def second_factor_required(user: User) -> bool:
    """Staff roles and anyone who may open the Django admin sign in with a code, always."""
    return user.is_staff_role or user.is_staff or user.is_superuser


def totp_device_confirmed(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def second_factor_needed(user: User) -> bool:
    """Whether a password alone is not enough: staff, or an applicant who turned the code on."""
    return second_factor_required(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def scoped_to_staff(user: User, queryset, *, station_field: str = "station_id", city_field: str = "city"):
    """What of ``queryset`` a staff member may see in the admin: a clerk their station's rows, a
    supervisor their city's, an auditor (or a superuser) all; anyone else none."""
    from .constants import Role

    if user.is_superuser or user.role == Role.AUDITOR:
        return queryset
    if user.role == Role.CLERK and user.station_id:
        return queryset.filter(**{station_field: user.station_id})
    if user.role == Role.SUPERVISOR and user.city:
        return queryset.filter(**{city_field: user.city})
    return queryset.none()


def account_by_login(login: str) -> User | None:
    """The applicant account signed in with this username, e-mail address or mobile number."""
    login = (login or "").strip()
    if not login:
        return None
    matches = User.objects.filter(Q(username=login) | Q(email__iexact=login) | Q(phone=login), role=Role.APPLICANT)
    found = list(matches[:2])
    return found[0] if len(found) == 1 else None
