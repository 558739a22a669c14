import { describe, expect, it } from "vitest";
import { examReducer, isLast, progressText, startExam, unanswered } from "./exam";

const attempt = (answered: number[] = []) => ({
  id: 9,
  items: [1, 2, 3].map((id) => ({ id, data: { text: `item ${id}` } })),
  answered,
});

describe("exam state", () => {
  it("opens at the first unanswered item and counts progress", () => {
    expect(startExam(attempt()).index).toBe(0);
    const resumed = startExam(attempt([1]));
    expect(resumed.index).toBe(1);
    expect(progressText(resumed)).toBe("2 / 3");
    expect(unanswered(resumed)).toBe(2);
  });

  it("keeps answers per item and marks them saved", () => {
    let s = startExam(attempt());
    s = examReducer(s, { type: "edit", itemId: 1, control: "c", value: "a" });
    s = examReducer(s, { type: "saved", itemId: 1 });
    s = examReducer(s, { type: "goto", index: 1 });
    s = examReducer(s, { type: "edit", itemId: 2, control: "c", value: "b" });
    s = examReducer(s, { type: "edit", itemId: 2, control: "c", value: undefined });
    expect(s.answers).toEqual({ 1: { c: "a" }, 2: {} });
    expect(unanswered(s)).toBe(2);
    s = examReducer(s, { type: "goto", index: 99 });
    expect(isLast(s)).toBe(true);
    expect(progressText(s)).toBe("3 / 3");
  });
});
