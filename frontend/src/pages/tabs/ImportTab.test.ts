import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { countOf, rowError } from "./ImportTab";

describe("import tab", () => {
  it("counts in words that agree with the number", () => {
    expect(countOf(1, "item", "items")).toBe("1 item");
    expect(countOf(0, "item", "items")).toBe("0 items");
    expect(countOf(1200, "item", "items")).toBe(`${(1200).toLocaleString()} items`);
  });

  it("names the row of a refused import, a repeated id included", () => {
    const refused = (code: "invalid_import" | "duplicate_id", row: number | null) =>
      new ApiError(422, { code, row, message: "bad" });
    expect(rowError(refused("invalid_import", 4))).toEqual({ row: 4, message: "bad" });
    expect(rowError(refused("duplicate_id", 7))).toEqual({ row: 7, message: "bad" });
    expect(rowError(refused("duplicate_id", null))).toBeNull();
    expect(rowError(new ApiError(413, { code: "too_large", message: "big", limit: 10 }))).toBeNull();
  });
});
