"""The tracker's models, one module per concept; import them from here."""

from tracker.models.alerts import SavedSearch, SentAlert
from tracker.models.articles import Article, ArticleQuerySet, DedupeKey
from tracker.models.changes import Change
from tracker.models.health import SourceIncident
from tracker.models.ingestion import IngestItem, IngestRun, RawDocument, Source
from tracker.models.initiatives import (
    Bilingual,
    Initiative,
    InitiativeKind,
    InitiativeRedirect,
    Organisation,
)
from tracker.models.links import DistrictLink, InitiativeLink, Origin, ReviewState
from tracker.models.logins import LoginAttempt
from tracker.models.tally import Tally, TallyDirty

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Bilingual",
    "Change",
    "DedupeKey",
    "DistrictLink",
    "IngestItem",
    "IngestRun",
    "Initiative",
    "InitiativeKind",
    "InitiativeLink",
    "InitiativeRedirect",
    "LoginAttempt",
    "Organisation",
    "Origin",
    "RawDocument",
    "ReviewState",
    "SavedSearch",
    "SentAlert",
    "Source",
    "SourceIncident",
    "Tally",
    "TallyDirty",
]
