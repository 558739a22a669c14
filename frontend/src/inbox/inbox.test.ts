import { describe, expect, it } from "vitest";
import { inboxLine, unreadBadge } from "./inbox";

describe("inbox", () => {
  it("shows an answered question as the question and its answer", () => {
    const line = inboxLine({
      id: 1,
      project_id: 4,
      kind: "question_answered",
      payload: { question_id: 2, item_id: 3, question: "Is sarcasm negative?", answer: "Yes" },
      created_at: "2026-11-30T00:00:00Z",
      read_at: null,
    });
    expect(line).toEqual({ title: "Your question: Is sarcasm negative?", body: "Yes", projectId: 4 });
  });

  it("shows an alert as its project and message", () => {
    const line = inboxLine({
      id: 1,
      project_id: 4,
      kind: "alert",
      payload: { project: "Reviews", message: "review_backlog is 12, above the threshold 10" },
      created_at: "2026-11-30T00:00:00Z",
      read_at: null,
    });
    expect(line).toEqual({
      title: "Alert on Reviews",
      body: "review_backlog is 12, above the threshold 10",
      projectId: 4,
    });
  });

  it("shows a rejection as its comment and section, linking to My work", () => {
    const line = inboxLine({
      id: 1,
      project_id: 4,
      kind: "review_rejected",
      payload: {
        review_id: 2,
        annotation_id: 3,
        item_id: 5,
        comment: "Irony is negative.",
        guideline_section: "irony",
      },
      created_at: "2026-11-30T00:00:00Z",
      read_at: null,
    });
    expect(line).toEqual({
      title: "A reviewer sent your work back: open the feedback",
      body: "Irony is negative. (guideline: irony)",
      projectId: 4,
      to: "/projects/4/work",
    });
  });

  it("an unknown kind or payload never breaks it", () => {
    const line = inboxLine({
      id: 1,
      project_id: null,
      kind: "review_feedback",
      payload: { answer: 5 },
      created_at: "x",
      read_at: null,
    });
    expect(line).toEqual({ title: "review feedback", body: "", projectId: null });
  });

  it("the unread badge", () => {
    expect(unreadBadge(0)).toBe("");
    expect(unreadBadge(3)).toBe("3");
    expect(unreadBadge(150)).toBe("99+");
  });
});
