import { describe, expect, it } from "vitest";
import type { ProjectSchema } from "../api/types";
import { schema } from "../testing/controls";
import { unsupportedControls } from "./registry";
import { missingRequired, withEmptyAnswers } from "./submission";

const SCHEMA: ProjectSchema = schema({
  fields: { text: "text" },
  controls: [
    { name: "sentiment", type: "choices", field: "text", options: ["pos", "neg"], required: true },
    { name: "entities", type: "spans", field: "text", labels: ["PER"] },
    { name: "note", type: "text", field: "text", required: true },
    { name: "stars", type: "rating", field: "text", min: 1, max: 5 },
  ],
});

describe("before a submission", () => {
  it("answers an untouched region control with an empty list, and nothing else", () => {
    expect(withEmptyAnswers(SCHEMA, { sentiment: "pos" })).toEqual({ sentiment: "pos", entities: [] });
    const spans = [{ start: 0, end: 3, label: "PER" }];
    expect(withEmptyAnswers(SCHEMA, { entities: spans })).toEqual({ entities: spans });
  });

  it("names the required controls left unanswered, in schema order", () => {
    expect(missingRequired(SCHEMA, {})).toEqual(["sentiment", "note"]);
    expect(missingRequired(SCHEMA, { note: "", sentiment: "neg" })).toEqual(["note"]);
    expect(missingRequired(SCHEMA, { note: "ok", sentiment: "neg" })).toEqual([]);
  });

  it("finds the controls this UI has no widget for", () => {
    const unknown = { name: "cars", type: "cuboids", field: "image" };
    expect(unsupportedControls({ controls: [...SCHEMA.controls, unknown] })).toEqual([unknown]);
    expect(unsupportedControls(SCHEMA)).toEqual([]);
  });
});
