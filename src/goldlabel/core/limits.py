"""Named limits: safe defaults in one place, so every bound is visible and testable."""

# Request bodies are counted as they arrive (chunked or not); each default is also a setting.
DEFAULT_MAX_JSON_BODY_BYTES = 16 * 1024 * 1024  # any JSON API body (the largest answers fit)
DEFAULT_MAX_IMPORT_BYTES = 512 * 1024 * 1024  # POST /api/projects/{id}/items
DEFAULT_MAX_MEDIA_BYTES = 2 * 1024 * 1024 * 1024  # POST /api/projects/{id}/media, all files together
# orjson writes at most 254 levels and reads 1,024; a body, an item's data or meta nests at most this.
MAX_JSON_DEPTH = 64
MAX_IMPORT_ROWS = 5_000_000
MAX_FIELD_CHARS = 1_000_000
MAX_LINE_CHARS = 16 * 1024 * 1024  # one line of a JSONL file (bytes) or a CSV file (characters)
# One string or number in an imported JSON list, in bytes once escape pairs (a backslash and the
# letter after it) are cut out: a field of MAX_FIELD_CHARS characters written as \uXXXX surrogate
# pairs counts 8 bytes a character.
MAX_JSON_TOKEN_BYTES = 8 * MAX_FIELD_CHARS
MAX_EXTERNAL_ID_CHARS = 255  # items.external_id
MAX_TEXT_ANSWER_CHARS = 100_000
MAX_SPANS_PER_CONTROL = 10_000
MAX_OPTIONS_PER_CONTROL = 1_000
MAX_CONTROLS = 100
MAX_RATING_STEPS = 101  # a rating scale's values, min..max
MAX_RATING_BOUND = 1_000_000  # |min| and |max| of a rating scale
MAX_ARCHIVE_MEMBERS = 10_000
MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024
MAX_ARCHIVE_RATIO = 100
# Label files in one imported zip (YOLO, VOC, WebVTT, SRT, RTTM, MOT: one per item and answer, so
# an export of 100k items with every annotation holds 200k–600k). Far more than media archives
# (each member a file on disk); zipfile keeps each member's directory entry in memory while
# reading (about 100 bytes measured, so a few hundred MB at worst).
MAX_LABEL_FILES = 1_000_000
IMPORT_BATCH_ROWS = 5_000
MAX_PREDICTIONS_PER_REQUEST = 10_000  # entries (item, model, result) in one POST of predictions
SCHEMA_MIGRATION_BATCH = 1_000  # annotations read (and rewritten) at a time on a schema change
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
MAX_SEGMENT_TEXT_CHARS = 10_000  # a segment's transcript (audio-text alignment)
MAX_TRACK_BOXES_PER_CONTROL = 200_000
# Quality reports: a rate (agreement, reliability, alpha) over fewer items than this is marked
# ``too_few`` and the web UI shows "too few items (n=…)" instead of a number.
MIN_ITEMS_FOR_RATE = 10
# CSV export: meta keys become ``meta.<key>`` columns; past this many distinct keys use JSON/JSONL.
MAX_EXPORT_META_COLUMNS = 1_000
MAX_COCO_ANNOTATIONS = 2_000_000  # one COCO document is built in memory (~1 KB per region)
MAX_COCO_DOCUMENT_BYTES = 512 * 1024 * 1024  # an imported COCO document is parsed whole
# Accounts
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1_000
MAX_TOKEN_DAYS = 3_650  # an API token lives at most ten years (or forever, when no expiry is set)
MAX_TOKEN_NAME_CHARS = 200
# The Items tab: a search term, and how many items one bulk delete may name.
MAX_ITEM_SEARCH_CHARS = 200
MAX_ITEMS_PER_DELETE = 1_000
MAX_REGION_ID_CHARS = 64  # a region's id within its annotation (ours are 10 characters)
# Labeling: an annotation's reported time, and how often ``next`` retries a contended candidate.
MAX_LEAD_TIME_MS = 7 * 24 * 3600 * 1000
QUEUE_CANDIDATE_ATTEMPTS = 8
# Database: connections per server process, and how long SQLite's log may stay after a restart.
DB_POOL_SIZE = 16
DB_POOL_OVERFLOW = 16
SQLITE_BUSY_TIMEOUT_S = 30
SQLITE_WAL_SIZE_LIMIT = 64 * 1024 * 1024
# A Parquet import reads a row group's columns whole (decompressed): the sizes its footer declares
# are checked before any is read, so a small file cannot unpack into gigabytes.
MAX_PARQUET_ROW_GROUP_BYTES = 512 * 1024 * 1024
MAX_PARQUET_COLUMNS = 2_000
