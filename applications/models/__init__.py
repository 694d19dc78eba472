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

__all__ = [
    "Batch",
    "BatchItem",
    "Case",
    "CaseEvent",
    "CaseQuerySet",
    "CaseRelative",
    "Certificate",
    "CityStatistics",
    "Document",
    "DocumentRequest",
    "FactsVersion",
    "ImpactRun",
    "Sequence",
    "TaskFailure",
    "_document_path",
]
