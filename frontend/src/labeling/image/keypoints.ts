/**
 * The keypoints control's value (controls/keypoints.py): a pose is `{id, points: [[x, y, v],
 * ...], label}` with one point per name of the spec's `points`, in that order; `v` is COCO's
 * visibility: 0 not placed (x, y ignored), 1 placed but hidden, 2 visible. Placing a pose point by
 * point, visibility, and object keypoint similarity (OKS) for the diff, as the server computes it
 * (quality/geometry/keypoints.py: COCO's formula, the area from the reference's placed points).
 */
import type { KeypointsControl } from "../../api/types";
import type { Point, Size } from "./boxGeometry";
import { clamp } from "./boxGeometry";
import { matchRegions, type RegionMatch } from "./regionMatch";

export type KeyPoint = [number, number, number];

export interface Pose {
  id?: string;
  points: KeyPoint[];
  label: string;
}

export const NOT_PLACED = 0;
export const HIDDEN = 1;
export const VISIBLE = 2;

/** COCO's person keypoints and their sigmas (pycocotools' `kpt_oks_sigmas`). */
export const COCO_PERSON_POINTS = [
  "nose",
  "left_eye",
  "right_eye",
  "left_ear",
  "right_ear",
  "left_shoulder",
  "right_shoulder",
  "left_elbow",
  "right_elbow",
  "left_wrist",
  "right_wrist",
  "left_hip",
  "right_hip",
  "left_knee",
  "right_knee",
  "left_ankle",
  "right_ankle",
];
const COCO_PERSON_SIGMAS = [26, 25, 25, 35, 35, 79, 79, 72, 72, 62, 62, 107, 107, 87, 87, 89, 89].map(
  (s) => s / 1000,
);
/** The server's sigma for points of unknown kind (controls/keypoints.py `DEFAULT_SIGMA`). */
const DEFAULT_SIGMA = 0.05;

/** The spec's sigmas, COCO's for COCO's person points, else the server's default. */
export function effectiveSigmas(control: Pick<KeypointsControl, "points" | "sigmas">): number[] {
  if (control.sigmas) return control.sigmas;
  const coco =
    control.points.length === COCO_PERSON_POINTS.length &&
    control.points.every((p, i) => p === COCO_PERSON_POINTS[i]);
  return coco ? COCO_PERSON_SIGMAS : control.points.map(() => DEFAULT_SIGMA);
}

/** The skeleton's lines as point indices (names the spec validated). */
export function skeletonIndices(control: Pick<KeypointsControl, "points" | "skeleton">): [number, number][] {
  return (control.skeleton ?? []).map(([a, b]) => [control.points.indexOf(a), control.points.indexOf(b)]);
}

const EPS = 2.220446049250313e-16; // numpy's spacing(1), as in COCOeval

/**
 * OKS of an answer pose against a reference pose: the mean over the reference's placed points
 * of exp(-d² / (2 s² (2σ)²)), s² the area of the reference's placed points' bounding box; an
 * answer point not placed scores 0. 0 for a reference with no placed point (the server refuses
 * such a pose).
 */
export function oks(
  answer: readonly KeyPoint[],
  reference: readonly KeyPoint[],
  sigmas: readonly number[],
): number {
  const placed = reference.map((_, i) => i).filter((i) => reference[i][2] > 0);
  if (placed.length === 0) return 0;
  const xs = placed.map((i) => reference[i][0]);
  const ys = placed.map((i) => reference[i][1]);
  const area = (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
  let total = 0;
  for (const i of placed) {
    const a = answer[i];
    if (!a || a[2] === NOT_PLACED) continue;
    const d2 = (a[0] - reference[i][0]) ** 2 + (a[1] - reference[i][1]) ** 2;
    total += Math.exp(-d2 / (2 * sigmas[i]) ** 2 / (area + EPS) / 2);
  }
  return total / placed.length;
}

export function poseDiff(
  answer: readonly Pose[],
  reference: readonly Pose[],
  control: KeypointsControl,
): RegionMatch[] {
  const sigmas = effectiveSigmas(control);
  return matchRegions(answer, reference, {
    overlap: (a, r) => oks(a.points, r.points, sigmas),
    label: (p) => p.label,
    threshold: control.oks_threshold,
  });
}

export function emptyPose(k: number): KeyPoint[] {
  return Array.from({ length: k }, (): KeyPoint => [0, 0, NOT_PLACED]);
}

/** The first point after `after` not placed yet, or null when every later one is. */
export function nextUnplaced(points: readonly KeyPoint[], after = -1): number | null {
  for (let i = after + 1; i < points.length; i++) if (points[i][2] === NOT_PLACED) return i;
  return null;
}

const round = (v: number) => Math.round(v * 100) / 100;

/** Point `i` placed (visible) at `p`, kept on the image. */
export function placePoint(
  points: readonly KeyPoint[],
  i: number,
  p: Point,
  size: Size,
  v = VISIBLE,
): KeyPoint[] {
  return points.map((q, k): KeyPoint =>
    k === i ? [round(clamp(p.x, 0, size.width)), round(clamp(p.y, 0, size.height)), v] : q,
  );
}

/** Visible ↔ placed but hidden; a point not placed stays so. */
export function toggleVisibility(points: readonly KeyPoint[], i: number): KeyPoint[] {
  return points.map((q, k): KeyPoint =>
    k === i && q[2] !== NOT_PLACED ? [q[0], q[1], q[2] === VISIBLE ? HIDDEN : VISIBLE] : q,
  );
}

/** Point `i` taken back (not placed), or null when it is the pose's last placed point. */
export function unplace(points: readonly KeyPoint[], i: number): KeyPoint[] | null {
  const next = points.map((q, k): KeyPoint => (k === i ? [0, 0, NOT_PLACED] : q));
  return next.some((q) => q[2] !== NOT_PLACED) ? next : null;
}

/** The placed points moved by (dx, dy), the move cut short so all stay on the image. */
export function translatePose(points: readonly KeyPoint[], dx: number, dy: number, size: Size): KeyPoint[] {
  const placed = points.filter((q) => q[2] !== NOT_PLACED);
  if (placed.length === 0) return [...points];
  const xs = placed.map((q) => q[0]);
  const ys = placed.map((q) => q[1]);
  const mx = clamp(dx, -Math.min(...xs), size.width - Math.max(...xs));
  const my = clamp(dy, -Math.min(...ys), size.height - Math.max(...ys));
  return points.map((q): KeyPoint => (q[2] === NOT_PLACED ? q : [round(q[0] + mx), round(q[1] + my), q[2]]));
}

/** Top-left of the placed points (where a pose's tag goes) and the width they span. */
export function poseCorner(points: readonly KeyPoint[]): { x: number; y: number; width: number } {
  const placed = points.filter((q) => q[2] !== NOT_PLACED);
  if (placed.length === 0) return { x: 0, y: 0, width: 0 };
  const xs = placed.map((q) => q[0]);
  const ys = placed.map((q) => q[1]);
  return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs) };
}
