import pytest
from django.core.cache import cache

from notices import sms


@pytest.fixture(autouse=True)
def fresh_outboxes():
    """Each test starts with no SMS sent and no throttle counted."""
    sms.outbox.clear()
    cache.clear()
    yield
    sms.outbox.clear()
