import { describe, expect, it } from "vitest";
import type { NextItem } from "../api/types";
import { anchoringSummary, startingAnswer } from "./startingAnswer";

const prediction: NonNullable<NextItem["prediction"]> = {
  result: { sentiment: "positive", stars: 4 },
  models: [{ model: "bert", model_version: "2" }],
};
const draft: NonNullable<NextItem["draft"]> = {
  id: 7,
  item_id: 1,
  author: "a@example.com",
  result: { sentiment: "negative" },
  status: "draft",
  lead_time_ms: 10,
  version: 1,
  created_at: "2026-11-30T10:00:00Z",
  updated_at: "2026-11-30T10:00:00Z",
  guideline_version_id: null,
  guideline_version: null,
  from_prediction: null,
  prediction_distance: null,
  imported: null,
};

describe("startingAnswer", () => {
  it("starts from the served prediction and names its model", () => {
    const start = startingAnswer({ draft: null, prediction });
    expect(start.result).toEqual({ sentiment: "positive", stars: 4 });
    expect(start.note).toBe("Started from model bert v2");
    // a copy: editing the answer never edits the served prediction
    expect(start.result).not.toBe(prediction.result);
  });

  it("names every model, and a model without a version by its name", () => {
    const start = startingAnswer({
      draft: null,
      prediction: {
        ...prediction,
        models: [
          { model: "bert", model_version: "2" },
          { model: "rules", model_version: "" },
        ],
      },
    });
    expect(start.note).toBe("Started from models bert v2, rules");
  });

  it("resumes the annotator's draft over the prediction", () => {
    expect(startingAnswer({ draft, prediction })).toEqual({ result: { sentiment: "negative" }, note: null });
  });

  it("starts empty without a prediction, or with an empty one", () => {
    expect(startingAnswer({ draft: null, prediction: null })).toEqual({ result: {}, note: null });
    expect(startingAnswer({ draft: null, prediction: { result: {}, models: [] } })).toEqual({
      result: {},
      note: null,
    });
  });
});

describe("anchoringSummary", () => {
  it("lists the controls the answer moved on, rounded", () => {
    expect(anchoringSummary({ sentiment: 1, stars: 0.25, entities: 0 })).toBe(
      " · moved 1 on sentiment, 0.25 on stars",
    );
    expect(anchoringSummary({ stars: 1 / 3 })).toBe(" · moved 0.33 on stars");
  });
  it("says when nothing moved, and nothing without predictions", () => {
    expect(anchoringSummary({ sentiment: 0 })).toBe(" · kept as predicted");
    expect(anchoringSummary(null)).toBe("");
    expect(anchoringSummary({})).toBe("");
  });
});
