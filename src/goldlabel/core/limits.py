"""Named limits: safe defaults in one place, so every bound is visible and testable."""

MAX_UPLOAD_BYTES = 512 * 1024 * 1024
MAX_IMPORT_ROWS = 5_000_000
MAX_FIELD_CHARS = 1_000_000
MAX_TEXT_ANSWER_CHARS = 100_000
MAX_SPANS_PER_CONTROL = 10_000
MAX_OPTIONS_PER_CONTROL = 1_000
MAX_CONTROLS = 100
MAX_ARCHIVE_MEMBERS = 10_000
MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024
MAX_ARCHIVE_RATIO = 100
IMPORT_BATCH_ROWS = 5_000
PAGE_SIZE_MAX = 500
MAX_PAGE = 1_000_000_000  # page × page size stays far inside a 64-bit offset
MAX_DB_ID = 2**63 - 1  # ids are 64-bit signed integers on every database
SKIP_REASON_MAX = 500
# Media controls (boxes, polygons, masks, keypoints, segments, tracks): per answer.
MAX_SHAPES_PER_CONTROL = 10_000
MAX_VERTICES_PER_CONTROL = 200_000
MAX_KEYPOINTS_PER_POSE = 200
MAX_MASK_PIXELS = 100_000_000
MAX_RLE_COUNTS_CHARS = 4_000_000
MAX_SEGMENTS_PER_CONTROL = 10_000
MAX_TRACK_BOXES_PER_CONTROL = 200_000
# Labeling: an annotation's reported time, and how often ``next`` retries a contended candidate.
MAX_LEAD_TIME_MS = 7 * 24 * 3600 * 1000
QUEUE_CANDIDATE_ATTEMPTS = 8
# Database: connections per server process, and how long SQLite's log may stay after a restart.
DB_POOL_SIZE = 16
DB_POOL_OVERFLOW = 16
SQLITE_BUSY_TIMEOUT_S = 30
SQLITE_WAL_SIZE_LIMIT = 64 * 1024 * 1024
