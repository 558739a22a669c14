import { describe, expect, it } from "vitest";
import { DEFAULT_SCHEMA, sampleItem } from "./sample";
import { schemaRequest } from "./SchemaEditor";

describe("schema editor input", () => {
  it("sends JSON as schema and XML as label_config, and names a JSON syntax error", () => {
    expect(schemaRequest('{"fields": {}}')).toEqual({ schema: { fields: {} } });
    expect(schemaRequest('  <View><Text name="t" value="$t"/></View>')).toEqual({
      label_config: '  <View><Text name="t" value="$t"/></View>',
    });
    const bad = schemaRequest("{fields:");
    expect("error" in bad && bad.error).toMatch(/^Not valid JSON/);
  });

  it("makes a sample item with a value for every field", () => {
    const item = sampleItem({ ...DEFAULT_SCHEMA, fields: { text: "text", extra: "json" } });
    expect(typeof item.text).toBe("string");
    expect(item.extra).toBeTypeOf("object");
  });
});
