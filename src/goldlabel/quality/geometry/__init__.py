"""Geometric scoring, agreement distances and consensus for boxes, polygons, masks,
keypoints and video tracks.

Every ``score_*`` matches predicted to reference objects one-to-one (Hungarian, above a
similarity threshold) and returns a ``MatchScore`` with a ``MatchDiff`` for the UI; every
``*_distance`` is 1 - a symmetric score in [0, 1], ready for Krippendorff's alpha.
"""

from goldlabel.quality.geometry.boxes import (
    Boxes,
    box_iou_matrix,
    boxes_distance,
    score_boxes,
    score_boxes_many,
)
from goldlabel.quality.geometry.consensus import BoxConsensus, ConsensusBox, cluster_boxes
from goldlabel.quality.geometry.keypoints import (
    COCO_PERSON_SIGMAS,
    Poses,
    keypoints_distance,
    oks,
    oks_matrix,
    pck,
    score_keypoints,
)
from goldlabel.quality.geometry.masks import (
    Masks,
    mask_dice,
    mask_dice_matrix,
    mask_iou,
    mask_iou_matrix,
    masks_distance,
    score_masks,
)
from goldlabel.quality.geometry.matching import match_one_to_one
from goldlabel.quality.geometry.polygons import (
    Polygons,
    polygon_dice,
    polygon_dice_matrix,
    polygon_iou,
    polygon_iou_matrix,
    polygons_distance,
    score_polygons,
)
from goldlabel.quality.geometry.rle import Rle, rle_area, rle_decode, rle_encode
from goldlabel.quality.geometry.scoring import MatchDiff, MatchedPair, MatchScore, score_matches
from goldlabel.quality.geometry.tracks import (
    IdentityMatch,
    IdSwitch,
    Tracks,
    TrackScore,
    score_tracks,
    tracks_distance,
)

__all__ = [
    "COCO_PERSON_SIGMAS",
    "BoxConsensus",
    "Boxes",
    "ConsensusBox",
    "IdSwitch",
    "IdentityMatch",
    "Masks",
    "MatchDiff",
    "MatchScore",
    "MatchedPair",
    "Polygons",
    "Poses",
    "Rle",
    "TrackScore",
    "Tracks",
    "box_iou_matrix",
    "boxes_distance",
    "cluster_boxes",
    "keypoints_distance",
    "mask_dice",
    "mask_dice_matrix",
    "mask_iou",
    "mask_iou_matrix",
    "masks_distance",
    "match_one_to_one",
    "oks",
    "oks_matrix",
    "pck",
    "polygon_dice",
    "polygon_dice_matrix",
    "polygon_iou",
    "polygon_iou_matrix",
    "polygons_distance",
    "rle_area",
    "rle_decode",
    "rle_encode",
    "score_boxes",
    "score_boxes_many",
    "score_keypoints",
    "score_masks",
    "score_matches",
    "score_polygons",
    "score_tracks",
    "tracks_distance",
]
