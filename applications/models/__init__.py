from .batches import Batch, BatchItem
from .cases import (
    Case,
    CaseQuerySet,
    CaseRelative,
    Document,
    DocumentRequest,
    FactsVersion,
    _document_path,
)
from .operations import CityStatistics, ImpactRun, TaskFailure
from .papers import Certificate, Paper, PaperKind, mask_name
from .process import Consent, Promise, RequestedItem
from .ratings import Rating, Score

__all__ = [
    "Batch",
    "BatchItem",
    "Case",
    "CaseQuerySet",
    "CaseRelative",
    "Certificate",
    "CityStatistics",
    "Consent",
    "Document",
    "DocumentRequest",
    "FactsVersion",
    "ImpactRun",
    "Paper",
    "PaperKind",
    "Promise",
    "Rating",
    "RequestedItem",
    "Score",
    "TaskFailure",
    "_document_path",
    "mask_name",
]
