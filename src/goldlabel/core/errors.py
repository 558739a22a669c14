"""Domain errors raised by services and mapped to HTTP statuses in one place (api/errors.py).

Every error carries a stable ``code`` (``ErrorCode``) that the web UI and the SDK branch on,
a ``message`` written for the person who sees it (what went wrong and what to do), and
optional named fields (``row``, ``control``, ``current`` …) for callers that need them. The
wire shape is always ``{"detail": {"code", "message", ...fields}}``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar


class ErrorCode(StrEnum):
    """The documented error codes. Add one here (with its line in ``ERROR_CODE_DOCS``) rather
    than reusing a code whose meaning differs: clients branch on them."""

    # 400/422: the request itself is wrong
    INVALID_REQUEST = "invalid_request"
    INVALID_INPUT = "invalid_input"
    INVALID_SCHEMA = "invalid_schema"
    INVALID_RESULT = "invalid_result"
    INVALID_IMPORT = "invalid_import"
    INVALID_PREDICTION = "invalid_prediction"
    DUPLICATE_ID = "duplicate_id"
    INVALID_FILE = "invalid_file"
    INVALID_EMAIL = "invalid_email"
    CONFIRMATION_REQUIRED = "confirmation_required"
    WEAK_PASSWORD = "weak_password"
    INVALID_HOST = "invalid_host"
    NOT_EXAMPLE_GOLD = "not_example_gold"
    NO_IMAGE_REGIONS = "no_image_regions"
    NO_MATCHING_CONTROL = "no_matching_control"
    WEBHOOK_REFUSED = "webhook_refused"
    # 401
    NOT_AUTHENTICATED = "not_authenticated"
    SESSION_EXPIRED = "session_expired"
    INVALID_TOKEN = "invalid_token"
    WRONG_CREDENTIALS = "wrong_credentials"
    # 403
    FORBIDDEN = "forbidden"
    ROLE_REQUIRED = "role_required"
    CSRF_FAILED = "csrf_failed"
    ADMIN_REQUIRED = "admin_required"
    PROJECT_CREATION_REQUIRED = "project_creation_required"
    WRONG_PASSWORD = "wrong_password"
    # 403 (training gates and exams)
    ACKNOWLEDGE_GUIDELINE = "acknowledge_guideline"
    CERTIFICATION_REQUIRED = "certification_required"
    PAUSED = "paused"
    PRACTICE_REQUIRED = "practice_required"
    EXAM_ATTEMPTS_EXHAUSTED = "exam_attempts_exhausted"
    # 403 (workload caps, issue 11 teams)
    CAP_REACHED = "cap_reached"
    # 403/409 (review)
    OPEN_REVIEW_FEEDBACK = "open_review_feedback"
    OWN_WORK = "own_work"
    NOT_PENDING_REVIEW = "not_pending_review"
    WORKSHOP_NOT_JOINED = "workshop_not_joined"
    # 404 / 405
    NOT_FOUND = "not_found"
    NO_GUIDELINE = "no_guideline"
    NO_PEAKS = "no_peaks"
    NO_THUMBNAIL = "no_thumbnail"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    # 409
    CONFLICT = "conflict"
    STALE_VERSION = "stale_version"
    ITEM_FULL = "item_full"
    ALREADY_ANNOTATED = "already_annotated"
    NOT_HELD = "not_held"
    QUEUE_BUSY = "queue_busy"
    ALREADY_EXISTS = "already_exists"
    SCHEMA_CHANGE_AFFECTS_ANNOTATIONS = "schema_change_affects_annotations"
    PROJECT_ARCHIVED = "project_archived"
    EXAM_FINISHED = "exam_finished"
    ALREADY_CERTIFIED = "already_certified"
    NO_EXAM_ITEMS = "no_exam_items"
    GUIDELINE_UNCHANGED = "guideline_unchanged"
    WORKSHOP_CLOSED = "workshop_closed"
    WORKSHOP_MOVED = "workshop_moved"
    # 413, 429
    TOO_LARGE = "too_large"
    RATE_LIMITED = "rate_limited"
    EXAM_COOLDOWN = "exam_cooldown"
    # 500: a bug on our side, never caused by input
    INTERNAL = "internal"


ERROR_CODE_DOCS: dict[ErrorCode, str] = {
    ErrorCode.INVALID_REQUEST: "the body, path or query does not fit the route (`errors` lists each problem)",
    ErrorCode.INVALID_INPUT: "a value is not acceptable; the message says which and why",
    ErrorCode.INVALID_SCHEMA: (
        "a project schema or Label Studio config cannot be used (for a config, `problems` lists "
        "every refused tag: `tag`, `name`, `attribute`, `message`)"
    ),
    ErrorCode.INVALID_RESULT: "an annotation result does not fit the schema (`control` names it)",
    ErrorCode.INVALID_IMPORT: "an import was refused whole (`row` names the first bad row)",
    ErrorCode.INVALID_PREDICTION: (
        "predictions were refused whole (`index` names the entry, `control` the control)"
    ),
    ErrorCode.DUPLICATE_ID: (
        "an import row's id is already in the project, or repeats an earlier row's (`row` names it); "
        "import with on_duplicate=skip to leave such rows out"
    ),
    ErrorCode.INVALID_FILE: "an uploaded file has a type or shape that is not accepted",
    ErrorCode.INVALID_EMAIL: "not an email address",
    ErrorCode.CONFIRMATION_REQUIRED: "a deletion without the right `confirm` value (the project's name)",
    ErrorCode.WEAK_PASSWORD: "the password is too short, too common or the email address",
    ErrorCode.INVALID_HOST: "the Host header names none of the allowed hosts (GOLDLABEL_ALLOWED_HOSTS)",
    ErrorCode.NOT_EXAMPLE_GOLD: (
        "a guideline example must be a gold item of the `example` set (mark it gold first, or send "
        "`reference` with the example)"
    ),
    ErrorCode.NO_IMAGE_REGIONS: (
        "a COCO export needs a boxes, polygons, masks or keypoints control on an image field; "
        "export json, jsonl or csv instead"
    ),
    ErrorCode.WEBHOOK_REFUSED: (
        "a webhook URL is not http(s) or points at a loopback, private or link-local address"
    ),
    ErrorCode.NO_MATCHING_CONTROL: (
        "the format holds a kind of answer this project has no control for (CoNLL and spaCy: spans on "
        "a text field; WebVTT, SRT and RTTM: segments on audio or video; ASR manifest: text on audio "
        "or video; MOT: tracks on video); add the control, or use another format"
    ),
    ErrorCode.NOT_AUTHENTICATED: "log in, or send an API token",
    ErrorCode.SESSION_EXPIRED: "the session ended; log in again",
    ErrorCode.INVALID_TOKEN: "the API token is unknown, revoked or expired",
    ErrorCode.WRONG_CREDENTIALS: "wrong email or password",
    ErrorCode.FORBIDDEN: "the caller may see this but not do this",
    ErrorCode.ROLE_REQUIRED: "this needs a higher role on the project (`role` names it)",
    ErrorCode.CSRF_FAILED: (
        "a cookie-authenticated write (or queue claim) without the right X-CSRF-Token header"
    ),
    ErrorCode.ADMIN_REQUIRED: "only a global admin may do this",
    ErrorCode.PROJECT_CREATION_REQUIRED: "creating projects is a right an admin grants; ask one",
    ErrorCode.WRONG_PASSWORD: "the current password given to change it is wrong",
    ErrorCode.ACKNOWLEDGE_GUIDELINE: (
        "a new guideline version is published: read and acknowledge it (training/me) before labeling"
    ),
    ErrorCode.CERTIFICATION_REQUIRED: "pass the project's exam (training/me says which step is next)",
    ErrorCode.PAUSED: (
        "taken off production by honeypot accuracy (`reason`): practise, then pass the exam again"
    ),
    ErrorCode.PRACTICE_REQUIRED: "meet the practice target before taking the exam (`practice` counts)",
    ErrorCode.EXAM_ATTEMPTS_EXHAUSTED: "no exam attempts left; a manager can lift the limit",
    ErrorCode.CAP_REACHED: (
        "the caller did their share of this project (`done` items of a `cap`); the queue serves "
        "them no more production items unless a manager raises the cap"
    ),
    ErrorCode.OPEN_REVIEW_FEEDBACK: (
        "a reviewer sent work of yours back: open the feedback (My work; `my/annotations` counts it "
        "as `unopened`) before the next item"
    ),
    ErrorCode.OWN_WORK: "nobody reviews their own annotation",
    ErrorCode.NOT_PENDING_REVIEW: (
        "the annotation is not waiting for review at a tier the caller reviews (decided meanwhile, "
        "or corrected); ask for the next one"
    ),
    ErrorCode.WORKSHOP_NOT_JOINED: "join the live workshop before answering or listening to it",
    ErrorCode.NO_GUIDELINE: "the project has no published guideline yet (a manager publishes one)",
    ErrorCode.NO_PEAKS: "the media file has no sound, so no waveform peaks (its info's `peaks_url` is null)",
    ErrorCode.NO_THUMBNAIL: "the media file has no picture to show (its info's `thumbnail_url` is null)",
    ErrorCode.NOT_FOUND: "missing, or not visible to the caller (the two look the same on purpose)",
    ErrorCode.METHOD_NOT_ALLOWED: "the route exists but not with this HTTP method",
    ErrorCode.CONFLICT: "the request conflicts with the current state",
    ErrorCode.STALE_VERSION: "the annotation changed elsewhere (`current` holds the stored one)",
    ErrorCode.ITEM_FULL: "the item already has all its annotations; ask for the next item",
    ErrorCode.ALREADY_ANNOTATED: "the caller already has an annotation on this item; update it instead",
    ErrorCode.NOT_HELD: "the caller does not hold this item (never served, or already submitted)",
    ErrorCode.QUEUE_BUSY: "the queue was contended; retry",
    ErrorCode.ALREADY_EXISTS: "something with this name or email already exists",
    ErrorCode.SCHEMA_CHANGE_AFFECTS_ANNOTATIONS: (
        "a schema change would rename or remove answers in stored annotations (`changes` counts "
        "them per control and option, `annotations` in all); resend with force: true to apply it"
    ),
    ErrorCode.GUIDELINE_UNCHANGED: "the draft is the same as the latest published version; edit it first",
    ErrorCode.WORKSHOP_CLOSED: "the live workshop is closed; its report stays",
    ErrorCode.WORKSHOP_MOVED: "the trainer revealed the item or moved on; answer the current item",
    ErrorCode.PROJECT_ARCHIVED: "the project is archived (read-only); a manager can unarchive it",
    ErrorCode.EXAM_FINISHED: "the exam attempt is finished; start a new one",
    ErrorCode.ALREADY_CERTIFIED: "you are certified for this project; no exam is needed",
    ErrorCode.NO_EXAM_ITEMS: "the project has no exam items yet; ask a manager",
    ErrorCode.TOO_LARGE: "the body or file is above a limit (`limit` gives it in bytes)",
    ErrorCode.RATE_LIMITED: "too many attempts; wait `Retry-After` seconds",
    ErrorCode.EXAM_COOLDOWN: "wait before the next exam attempt (`retry_at`, `Retry-After` seconds)",
    ErrorCode.INTERNAL: "a bug on the server; the request may be retried",
}


class GoldlabelError(Exception):
    """Base error: ``message`` and ``fields`` are safe to show to the user."""

    status_code: ClassVar[int] = 400
    default_code: ClassVar[ErrorCode] = ErrorCode.INVALID_INPUT

    def __init__(self, message: str, *, code: ErrorCode | None = None, **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.fields = fields

    @property
    def detail(self) -> dict[str, Any]:
        return {"code": self.code.value, "message": self.message, **self.fields}

    def __str__(self) -> str:
        if self.fields.get("row") is not None:
            return f"row {self.fields['row']}: {self.message}"
        if self.fields.get("control"):
            return f"{self.fields['control']}: {self.message}"
        return self.message


class NotFound(GoldlabelError):
    """Missing, or not visible to the caller: the two are indistinguishable on purpose."""

    status_code = 404
    default_code = ErrorCode.NOT_FOUND


class Forbidden(GoldlabelError):
    status_code = 403
    default_code = ErrorCode.FORBIDDEN


class Unauthorized(GoldlabelError):
    status_code = 401
    default_code = ErrorCode.NOT_AUTHENTICATED


class Conflict(GoldlabelError):
    status_code = 409
    default_code = ErrorCode.CONFLICT


class InvalidInput(GoldlabelError):
    status_code = 422
    default_code = ErrorCode.INVALID_INPUT


class TooLarge(GoldlabelError):
    status_code = 413
    default_code = ErrorCode.TOO_LARGE


class RateLimited(GoldlabelError):
    status_code = 429
    default_code = ErrorCode.RATE_LIMITED

    def __init__(self, message: str, *, retry_after: int, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.retry_after = retry_after
