import datetime

from .constants import RuleSetStatus
from .engine import NoRulesInForce
from .models import RuleSet
from .rulebook import RuleBook, published_rulebook


def rulebook_in_force(*, city: str, as_of: datetime.date) -> RuleBook:
    """The published rule set of the city in force on that day (one indexed query, then cached)."""
    row = (
        RuleSet.objects.filter(city=city, status=RuleSetStatus.PUBLISHED, effective_from__lte=as_of)
        .exclude(effective_to__lt=as_of)
        .values_list("pk", "effective_to")
        .first()
    )
    if row is None:
        raise NoRulesInForce(city, as_of)
    return published_rulebook(*row)
