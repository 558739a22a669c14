"""Named limits: safe defaults in one place, so every bound is visible and testable."""

MAX_UPLOAD_BYTES = 512 * 1024 * 1024
MAX_IMPORT_ROWS = 5_000_000
MAX_FIELD_CHARS = 1_000_000
MAX_TEXT_ANSWER_CHARS = 100_000
MAX_SPANS_PER_CONTROL = 10_000
MAX_OPTIONS_PER_CONTROL = 1_000
MAX_CONTROLS = 100
MAX_RATING_STEPS = 101  # a rating scale's values, min..max
MAX_RATING_BOUND = 1_000_000  # |min| and |max| of a rating scale
MAX_ARCHIVE_MEMBERS = 10_000
MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024
MAX_ARCHIVE_RATIO = 100
IMPORT_BATCH_ROWS = 5_000
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
MAX_TRACK_BOXES_PER_CONTROL = 200_000
MAX_REGION_ID_CHARS = 64  # a region's id within its annotation (ours are 10 characters)
