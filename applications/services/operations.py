"""Staff acting on the background work itself."""

from celery import current_app
from django.utils import timezone

from ..models import TaskFailure


def task_retry(*, failure: TaskFailure, user) -> bool:
    """Send a failed task again with its arguments; claimed first, so a double click sends once."""
    claimed = TaskFailure.objects.filter(pk=failure.pk, retried_at__isnull=True).update(
        retried_at=timezone.now(), retried_by=user
    )
    if claimed:
        current_app.tasks[failure.task_name].apply_async(args=failure.args, kwargs=failure.kwargs)
    return bool(claimed)
