import { describe, expect, it } from "vitest";
import type { KeypointsControl } from "../../api/types";
import {
  COCO_PERSON_POINTS,
  effectiveSigmas,
  nextUnplaced,
  oks,
  placePoint,
  poseDiff,
  skeletonIndices,
  toggleVisibility,
  translatePose,
  unplace,
  type KeyPoint,
} from "./keypoints";

const IMAGE = { width: 100, height: 100 };
const REF: KeyPoint[] = [
  [10, 50, 2],
  [30, 20, 1],
  [60, 10, 2],
];

const control = (over: Partial<KeypointsControl> = {}): KeypointsControl => ({
  type: "keypoints",
  name: "pose",
  field: "image",
  required: false,
  hotkeys: {},
  labels: ["hand"],
  points: ["wrist", "thumb", "index"],
  sigmas: null,
  oks_threshold: 0.5,
  skeleton: null,
  ...over,
});

describe("OKS", () => {
  it("equals the server's (quality/geometry/keypoints.py oks_matrix) on known poses", () => {
    // an unplaced answer point scores 0; hidden reference points count, as in COCO
    const answer: KeyPoint[] = [
      [11, 50, 2],
      [30, 22, 2],
      [0, 0, 0],
    ];
    expect(oks(answer, REF, [0.05, 0.05, 0.05])).toBeCloseTo(0.6267157766880974, 12);
    const loose: KeyPoint[] = [
      [14, 53, 2],
      [33, 24, 2],
      [62, 12, 1],
    ];
    expect(oks(loose, REF, [0.05, 0.1, 0.2])).toBeCloseTo(0.7927281854400982, 12);
    expect(oks(REF, REF, [0.05, 0.05, 0.05])).toBe(1);
  });

  it("uses COCO's sigmas for COCO's person points, else the spec's or the default", () => {
    expect(effectiveSigmas(control())).toEqual([0.05, 0.05, 0.05]);
    expect(effectiveSigmas(control({ sigmas: [1, 2, 3] }))).toEqual([1, 2, 3]);
    const coco = effectiveSigmas(control({ points: COCO_PERSON_POINTS }));
    expect(coco[0]).toBe(0.026);
    expect(coco[16]).toBe(0.089);
  });

  it("matches poses one to one by OKS, with labels", () => {
    const far: KeyPoint[] = REF.map(([x, y, v]) => [x + 30, y + 30, v]);
    const diff = poseDiff(
      [
        { points: REF, label: "hand" },
        { points: far, label: "hand" },
      ],
      [{ points: REF, label: "hand" }],
      control(),
    );
    expect(diff.map((m) => [m.kind, m.answer, m.reference])).toEqual([
      ["matched", 0, 0],
      ["extra", 1, null],
    ]);
  });
});

describe("placing and editing a pose", () => {
  it("places points in order, skipping placed ones", () => {
    let points: KeyPoint[] = [
      [0, 0, 0],
      [5, 5, 2],
      [0, 0, 0],
    ];
    expect(nextUnplaced(points)).toBe(0);
    points = placePoint(points, 0, { x: 120, y: 3.14159 }, IMAGE);
    expect(points[0]).toEqual([100, 3.14, 2]); // kept on the image, to 1/100 px
    expect(nextUnplaced(points, 0)).toBe(2);
    expect(nextUnplaced(placePoint(points, 2, { x: 1, y: 1 }, IMAGE), 0)).toBeNull();
  });

  it("toggles visibility of placed points only", () => {
    expect(toggleVisibility(REF, 0)[0]).toEqual([10, 50, 1]);
    expect(toggleVisibility(REF, 1)[1]).toEqual([30, 20, 2]);
    const unplaced: KeyPoint[] = [[0, 0, 0]];
    expect(toggleVisibility(unplaced, 0)).toEqual(unplaced);
  });

  it("takes points back but never the last one", () => {
    expect(unplace(REF, 1)?.[1]).toEqual([0, 0, 0]);
    expect(
      unplace(
        [
          [1, 1, 2],
          [0, 0, 0],
        ],
        0,
      ),
    ).toBeNull();
  });

  it("moves the placed points, as far as the image allows", () => {
    const moved = translatePose(
      [
        [10, 50, 2],
        [0, 0, 0],
        [60, 10, 2],
      ],
      50,
      -20,
      IMAGE,
    );
    expect(moved).toEqual([
      [50, 40, 2],
      [0, 0, 0],
      [100, 0, 2],
    ]);
  });

  it("turns the skeleton's names into point indices", () => {
    expect(
      skeletonIndices(
        control({
          skeleton: [
            ["wrist", "index"],
            ["thumb", "wrist"],
          ],
        }),
      ),
    ).toEqual([
      [0, 2],
      [1, 0],
    ]);
  });
});
