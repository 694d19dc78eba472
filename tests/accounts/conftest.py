import pytest
from django.core.cache import cache

from notices import sms


@pytest.fixture(autouse=True)
def no_throttle_counted():
    """Sign-up, resend and reset are throttled; each test starts with nothing counted."""
    cache.clear()
    sms.outbox.clear()
    yield
    sms.outbox.clear()
