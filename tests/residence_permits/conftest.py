import pytest

from tests.factories import UserFactory

from .helpers import signed_in


@pytest.fixture
def holder(db):
    return UserFactory(email_verified=True, email="holder@example.cn")


@pytest.fixture
def holder_client(holder):
    return signed_in(holder)
