import { describe, expect, it } from "vitest";
import { safeNext } from "./LoginPage";
import { visibleTabs } from "./ProjectPage";
import { pageCount } from "../components/Pager";
import { rowError } from "./tabs/ImportTab";
import { ApiError } from "../api/client";

describe("pages", () => {
  it("returns after login only to same-site paths", () => {
    expect(safeNext("/projects/3/label")).toBe("/projects/3/label");
    expect(safeNext("//evil.example/")).toBe("/");
    expect(safeNext("/\\evil.example")).toBe("/");
    expect(safeNext("https://evil.example/")).toBe("/");
    expect(safeNext(null)).toBe("/");
  });

  it("shows managers every tab, reviewers the review and quality tabs, annotators the guideline, workshops and their own work", () => {
    expect(visibleTabs("manager", false)).toEqual([
      "items",
      "import",
      "media",
      "export",
      "members",
      "schema",
      "guideline",
      "quality",
      "dashboard",
      "final",
      "review",
      "adjudication",
      "disagreements",
      "workshops",
      "team",
      "cost",
      "questions",
      "work",
      "progress",
      "settings",
    ]);
    expect(visibleTabs("annotator", true)).toHaveLength(20);
    expect(visibleTabs("reviewer", false)).toEqual([
      "items",
      "guideline",
      "quality",
      "dashboard",
      "final",
      "review",
      "adjudication",
      "disagreements",
      "workshops",
      "questions",
      "work",
      "progress",
    ]);
    expect(visibleTabs("annotator", false)).toEqual(["guideline", "workshops", "work", "progress"]);
  });

  it("pages and import errors", () => {
    expect(pageCount(100_000, 50)).toBe(2000);
    expect(pageCount(0, 50)).toBe(1);
    const refused = (row: number | null) =>
      new ApiError(422, { code: "invalid_import", row, message: "bad" });
    expect(rowError(refused(4))).toEqual({ row: 4, message: "bad" });
    expect(rowError(refused(null))).toBeNull();
    expect(rowError(new ApiError(422, { code: "invalid_input", row: 4, message: "x" }))).toBeNull();
    expect(rowError(new Error("x"))).toBeNull();
  });
});
