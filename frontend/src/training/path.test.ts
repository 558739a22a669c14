import { describe, expect, it } from "vitest";
import { trainingMe } from "./fixtures";
import { currentStep, formatWait, nextAction, pathStates, refusalAction } from "./path";

const NOW = Date.parse("2026-01-01T12:00:00Z");

describe("the training path", () => {
  it("marks the steps done, current and to come", () => {
    expect(pathStates(trainingMe({ step: "exam" })).map((s) => s.state)).toEqual([
      "done",
      "done",
      "current",
      "todo",
    ]);
    expect(pathStates(trainingMe({ step: "production" })).map((s) => s.state)).toEqual([
      "done",
      "done",
      "done",
      "current",
    ]);
  });

  it("has one next action per step", () => {
    expect(nextAction(trainingMe({ step: "acknowledge_guideline" }), 7, NOW)).toMatchObject({
      label: "Read the guideline",
      to: "/projects/7/guideline",
    });
    const practice = nextAction(
      trainingMe({ step: "practice", practice: { answered: 3, accuracy: 0.75 } }),
      7,
      NOW,
    );
    expect(practice).toMatchObject({ label: "Continue practice", to: "/projects/7/practice" });
    expect(practice.note).toBe("3 of 10 practice items answered, 75% accuracy (target 80%)");
    expect(nextAction(trainingMe({ step: "exam" }), 7, NOW)).toMatchObject({
      label: "Take the exam",
      to: "/projects/7/exam",
    });
    expect(nextAction(trainingMe({ step: "production", certified: true }), 7, NOW)).toMatchObject({
      label: "Start labeling",
      to: "/projects/7/label",
    });
  });

  it("waits out the cool-down, resumes an open attempt, and stops when no attempt is left", () => {
    const cooling = trainingMe({
      step: "exam",
      exams: { next_allowed_at: "2026-01-01T12:05:00Z", remaining: 2 },
    });
    const wait = nextAction(cooling, 7, NOW);
    expect(wait.to).toBeNull();
    expect(wait.waitUntil).toBe(NOW + 5 * 60_000);
    expect(nextAction(cooling, 7, NOW + 5 * 60_000).to).toBe("/projects/7/exam");
    expect(nextAction(trainingMe({ step: "exam", exams: { open_attempt_id: 4 } }), 7, NOW).label).toBe(
      "Resume the exam",
    );
    expect(nextAction(trainingMe({ step: "exam", exams: { remaining: 0 } }), 7, NOW)).toMatchObject({
      label: "No exam attempts left",
      to: null,
    });
  });

  it("sends a paused annotator to the refresher, then to the exam", () => {
    const paused = trainingMe({ step: "paused", paused: true, reason: "honeypot accuracy 40%" });
    expect(currentStep(paused)).toBe("practice");
    expect(nextAction(paused, 7, NOW)).toMatchObject({
      label: "Start the refresher practice",
      to: "/projects/7/practice",
    });
    const ready = trainingMe({ step: "paused", paused: true, practice: { met: true } });
    expect(nextAction(ready, 7, NOW)).toMatchObject({ label: "Take the exam again", to: "/projects/7/exam" });
  });

  it("maps next's refusals to a step, with or without training/me", () => {
    expect(refusalAction("acknowledge_guideline", null, 7, NOW).to).toBe("/projects/7/guideline");
    expect(refusalAction("paused", null, 7, NOW).to).toBe("/projects/7/practice");
    expect(refusalAction("certification_required", trainingMe({ step: "exam" }), 7, NOW).to).toBe(
      "/projects/7/exam",
    );
  });

  it("formats waits", () => {
    expect(formatWait(12_300)).toBe("13 s");
    expect(formatWait(245_000)).toBe("4 min 05 s");
    expect(formatWait(3_720_000)).toBe("1 h 02 min");
  });
});

describe("exam refusals", () => {
  it("point at the step that is missing", async () => {
    const { examRefusalAction } = await import("./path");
    expect(examRefusalAction("practice_required", 7)).toEqual({
      label: "Practise first",
      to: "/projects/7/practice",
    });
    expect(examRefusalAction("exam_attempts_exhausted", 7)?.to).toBeNull();
    expect(examRefusalAction("exam_cooldown", 7)).toBeNull();
  });
});
