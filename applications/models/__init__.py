from .batches import Batch, BatchItem
from .cases import (
    Case,
    CaseEvent,
    CaseQuerySet,
    CaseRelative,
    Certificate,
    Document,
    DocumentRequest,
    FactsVersion,
    Sequence,
    _document_path,
)
from .operations import CityStatistics, ImpactRun, TaskFailure
from .process import Consent, Promise, RequestedItem

__all__ = [
    "Batch",
    "BatchItem",
    "Case",
    "CaseEvent",
    "CaseQuerySet",
    "CaseRelative",
    "Certificate",
    "CityStatistics",
    "Consent",
    "Document",
    "DocumentRequest",
    "FactsVersion",
    "ImpactRun",
    "Promise",
    "RequestedItem",
    "Sequence",
    "TaskFailure",
    "_document_path",
]
