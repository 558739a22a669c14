"""SQLAlchemy models, one module per area, migrated by Alembic (``migrations/``): ``base``
(the declarative base, UTC datetimes), ``accounts`` (users, tokens, sessions, login throttles),
``work`` (projects, members, invitations, items, the queue's assignments, annotations, the
quality cache), ``training`` (guidelines, gold, practice, exams, certifications, pauses), ``feedback``
(questions, the in-app inbox), ``media`` (a project's files as measured on arrival),
``predictions`` (models' pre-annotations), ``consensus`` (final labels, background job leases),
``review`` (reviews, annotation history), ``workshops`` (live training sessions), ``teams``,
``alerts`` (monitoring rules and their firings), ``disagreements`` (questions and examples made
from ambiguous cases)."""

from goldlabel.db.models.accounts import ApiToken, LoginThrottle, User, WebSession
from goldlabel.db.models.alerts import Alert, AlertRule
from goldlabel.db.models.base import Base, UTCDateTime, utcnow
from goldlabel.db.models.consensus import FinalLabel, JobLease, Provenance
from goldlabel.db.models.disagreements import DisagreementAction
from goldlabel.db.models.feedback import Notification, Question
from goldlabel.db.models.media import Media
from goldlabel.db.models.predictions import Prediction
from goldlabel.db.models.review import AnnotationHistory, Review
from goldlabel.db.models.teams import ProjectTeam, Team, TeamMember
from goldlabel.db.models.training import (
    Certification,
    ExamAnswer,
    ExamAttempt,
    Gold,
    GoldSet,
    GuidelineAck,
    GuidelineDraft,
    GuidelineExample,
    GuidelineVersion,
    Pause,
    PracticeAnswer,
)
from goldlabel.db.models.work import (
    HOLDS_SLOT,
    Annotation,
    Assignment,
    AssignmentStatus,
    Invitation,
    Item,
    Member,
    Project,
    QualityCache,
)
from goldlabel.db.models.workshops import Workshop, WorkshopAnswer, WorkshopParticipant

__all__ = [
    "HOLDS_SLOT",
    "Alert",
    "AlertRule",
    "Annotation",
    "AnnotationHistory",
    "ApiToken",
    "Assignment",
    "AssignmentStatus",
    "Base",
    "Certification",
    "DisagreementAction",
    "ExamAnswer",
    "ExamAttempt",
    "FinalLabel",
    "Gold",
    "GoldSet",
    "GuidelineAck",
    "GuidelineDraft",
    "GuidelineExample",
    "GuidelineVersion",
    "Invitation",
    "Item",
    "JobLease",
    "LoginThrottle",
    "Media",
    "Member",
    "Notification",
    "Pause",
    "PracticeAnswer",
    "Prediction",
    "Project",
    "ProjectTeam",
    "Provenance",
    "QualityCache",
    "Question",
    "Review",
    "Team",
    "TeamMember",
    "UTCDateTime",
    "User",
    "WebSession",
    "Workshop",
    "WorkshopAnswer",
    "WorkshopParticipant",
    "utcnow",
]
