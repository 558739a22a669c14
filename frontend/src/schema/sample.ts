/** A made-up item for the schema editor's preview: one sample value per data field. */
import type { FieldKind, ItemData, ProjectSchema, SchemaDraft } from "../api/types";

export const SAMPLE_TEXT =
  "Ada Lovelace visited the Acme Corp office in London on Tuesday. The demo went better than expected!";

const SAMPLES: Record<FieldKind, unknown> = {
  text: SAMPLE_TEXT,
  json: { id: 42, source: "sample", tags: ["demo", "preview"] },
  image: "(sample image)",
  audio: "(sample audio)",
  video: "(sample video)",
};

export function sampleItem(schema: Pick<ProjectSchema, "fields">): ItemData {
  return Object.fromEntries(
    Object.entries(schema.fields ?? {}).map(([name, kind]) => [name, SAMPLES[kind] ?? `(sample ${name})`]),
  );
}

export const DEFAULT_SCHEMA: SchemaDraft = {
  fields: { text: "text" },
  controls: [
    { name: "sentiment", type: "choices", field: "text", options: ["positive", "negative", "neutral"] },
    { name: "entities", type: "spans", field: "text", labels: ["PER", "ORG", "LOC"] },
  ],
};
