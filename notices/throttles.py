"""Every endpoint that sends a message counts per client address and per account or address."""

from django.utils.translation import gettext as _

from common.client_address import client_ip
from common.throttle import over_limit

SEND_LIMIT = 5  # messages per window, per client address and per account or address
SEND_WINDOW = 15 * 60


def send_throttled(request, scope: str, key: str = "") -> bool:
    """True when this request must not send: too many from this address, or to this account."""
    by_address = over_limit(f"send:{scope}:ip", client_ip(request), 4 * SEND_LIMIT, window=SEND_WINDOW)
    by_key = bool(key) and over_limit(f"send:{scope}:key", key.lower(), SEND_LIMIT, window=SEND_WINDOW)
    return by_address or by_key


def throttled_message() -> str:
    return _("发送过于频繁，请 15 分钟后再试。")
