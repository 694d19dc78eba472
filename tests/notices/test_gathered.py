"""Notices gathered in one step (notices_gathered): written at the end of the block, together, as
each would have been alone — each account's language and channels and the rule admin's wording —
and not at all when the step fails."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from notices.models import Channel, Notice, NoticeTemplate, Preference
from notices.services import notice_send, notices_gathered
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_three_notices_of_one_step_are_one_insert_and_one_read_of_each_account():
    applicant = UserFactory(email_verified=True, email="wang@example.cn")
    english = UserFactory()
    Preference.objects.create(user=english, language="en")
    NoticeTemplate.objects.create(event="approved", language="zh-hans", subject="已批准：%(reference)s", body="正文")

    with CaptureQueriesContext(connection) as queries, notices_gathered():
        for event in ("accepted", "approved", "moved_in"):
            assert notice_send(event, user=applicant, context={"reference": "QJ-1", "number": "N"}) == []
        notice_send("moved_in", user=english, context={"reference": "QJ-2"})
        assert not Notice.objects.exists()  # gathered, not yet written

    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "notices_notice"')]
    preference_reads = [q for q in queries.captured_queries if 'FROM "notices_preference"' in q["sql"]]
    assert len(inserts) == 1 and len(preference_reads) == 2
    mine = Notice.objects.filter(recipient=applicant)
    assert sorted(mine.values_list("event", "channel")) == sorted(
        (event, channel)
        for event in ("accepted", "approved", "moved_in")
        for channel in (Channel.PORTAL, Channel.EMAIL)
    )
    assert mine.get(event="approved", channel=Channel.PORTAL).subject == "已批准：QJ-1"  # the admin's wording
    assert Notice.objects.get(recipient=english).language == "en"


def test_a_step_that_fails_tells_no_one():
    user = UserFactory()

    with pytest.raises(RuntimeError), transaction.atomic(), notices_gathered():
        notice_send("approved", user=user, context={"reference": "QJ-1", "number": "N"})
        raise RuntimeError

    assert not Notice.objects.exists()


def test_an_inner_block_leaves_the_writing_to_the_outer_one():
    user = UserFactory()

    with notices_gathered():
        with notices_gathered():
            notice_send("moved_in", user=user, context={"reference": "QJ-1"})
        assert not Notice.objects.exists()

    assert Notice.objects.filter(recipient=user, event="moved_in").exists()
