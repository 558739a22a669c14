/**
 * The training path as the UI draws it: which step is done, current or to come, and the ONE
 * thing to do next, from `GET /api/projects/{id}/training/me`. Pure functions (tested alone);
 * the server enforces every gate, this only points at the right page.
 */
import { useEffect, useState } from "react";
import type { Step, TrainingMe } from "./types";

export type PathStep = "acknowledge_guideline" | "practice" | "exam" | "production";

export const PATH: { step: PathStep; name: string }[] = [
  { step: "acknowledge_guideline", name: "Read the guideline" },
  { step: "practice", name: "Practice" },
  { step: "exam", name: "Exam" },
  { step: "production", name: "Labeling" },
];

export const routes = {
  guideline: (projectId: string | number) => `/projects/${projectId}/guideline`,
  practice: (projectId: string | number) => `/projects/${projectId}/practice`,
  exam: (projectId: string | number) => `/projects/${projectId}/exam`,
  label: (projectId: string | number) => `/projects/${projectId}/label`,
  project: (projectId: string | number) => `/projects/${projectId}`,
};

/** The step of the path the annotator is on: a paused annotator is back at practice (the
 * refresher) until its target is met, then at the exam. */
export function currentStep(me: TrainingMe): PathStep {
  if (me.step !== "paused") return me.step;
  return me.practice.met ? "exam" : "practice";
}

export function pathStates(
  me: TrainingMe,
): { step: PathStep; name: string; state: "done" | "current" | "todo" }[] {
  const at = PATH.findIndex((p) => p.step === currentStep(me));
  return PATH.map((p, i) => ({ ...p, state: i < at ? "done" : i === at ? "current" : "todo" }));
}

export interface NextAction {
  /** The button's words. */
  label: string;
  /** Where it goes; null when there is nothing the annotator can do now (shown disabled). */
  to: string | null;
  /** A line under the button: why, or what to wait for. */
  note?: string;
  /** The button opens at this time (exam cool-down). */
  waitUntil?: number;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function practiceSummary(me: TrainingMe): string {
  const p = me.practice;
  const accuracy = p.accuracy === null ? "no score yet" : `${pct(p.accuracy)} accuracy`;
  return `${p.answered} of ${p.target_items} practice items answered, ${accuracy} (target ${pct(p.target_accuracy)})`;
}

export function examSummary(me: TrainingMe): string {
  const e = me.exams;
  const last = e.last
    ? `; last attempt ${e.last.passed ? "passed" : "failed"} with ${pct(e.last.score)}`
    : "";
  return `${e.remaining} of ${e.max_attempts} exam attempts left${last}`;
}

/** The one thing to do next. `now` is milliseconds since the epoch (Date.now()). */
export function nextAction(me: TrainingMe, projectId: string | number, now: number): NextAction {
  const step = currentStep(me);
  const refresher = me.step === "paused";
  switch (step) {
    case "acknowledge_guideline":
      return {
        label: "Read the guideline",
        to: routes.guideline(projectId),
        note: me.guideline.version
          ? `Version ${me.guideline.version} is new to you: read it and acknowledge it to go on.`
          : "Read it and acknowledge it to go on.",
      };
    case "practice":
      return {
        label: refresher
          ? "Start the refresher practice"
          : me.practice.answered > 0
            ? "Continue practice"
            : "Start practice",
        to: routes.practice(projectId),
        note: practiceSummary(me),
      };
    case "exam": {
      if (me.exams.open_attempt_id !== null)
        return { label: "Resume the exam", to: routes.exam(projectId), note: examSummary(me) };
      if (me.exams.remaining <= 0)
        return {
          label: "No exam attempts left",
          to: null,
          note: "You have used every attempt; ask a project manager to reset them.",
        };
      const label = refresher ? "Take the exam again" : "Take the exam";
      const opens = me.exams.next_allowed_at ? Date.parse(me.exams.next_allowed_at) : NaN;
      if (opens > now) return { label, to: null, waitUntil: opens, note: examSummary(me) };
      return { label, to: routes.exam(projectId), note: examSummary(me) };
    }
    case "production":
      return {
        label: "Start labeling",
        to: routes.label(projectId),
        note: me.certified ? "You are certified for this project." : undefined,
      };
  }
}

/** Codes of `next`'s training refusals (403), with the step each sends the annotator to. */
const REFUSALS: Record<string, Step> = {
  acknowledge_guideline: "acknowledge_guideline",
  certification_required: "practice",
  paused: "paused",
};

export function isTrainingRefusal(code: string): boolean {
  return code in REFUSALS;
}

/** Where a refusal of `next` sends the annotator: from training/me when it is known, else
 * from the refusal's code alone. */
export function refusalAction(
  code: string,
  me: TrainingMe | null,
  projectId: string | number,
  now: number,
): NextAction {
  if (me) return nextAction(me, projectId, now);
  const step = REFUSALS[code];
  if (step === "acknowledge_guideline")
    return { label: "Read the guideline", to: routes.guideline(projectId) };
  if (step === "paused") return { label: "Start the refresher practice", to: routes.practice(projectId) };
  return { label: "Go to training", to: routes.practice(projectId) };
}

/** Where a refused exam start sends the annotator (null: stay, the start button is right —
 * the cool-down counts down and opens it). */
export function examRefusalAction(code: string, projectId: string | number): NextAction | null {
  switch (code) {
    case "acknowledge_guideline":
      return { label: "Read the guideline", to: routes.guideline(projectId) };
    case "practice_required":
      return { label: "Practise first", to: routes.practice(projectId) };
    case "already_certified":
      return { label: "Start labeling", to: routes.label(projectId) };
    case "exam_attempts_exhausted":
      return { label: "No exam attempts left", to: null };
    case "no_exam_items":
      return { label: "No exam yet", to: null };
    default:
      return null;
  }
}

/** "4 min 05 s", "1 h 02 min", "12 s". */
export function formatWait(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, "0")} min`;
  return `${Math.floor(h / 24)} days`;
}

/** The current time, ticking every second while `active` (for countdowns). */
export function useNow(active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [active]);
  return now;
}
