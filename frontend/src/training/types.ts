/**
 * Shapes of the training API as the training pages use them (issue 8's contract). Local until
 * the training routes land in this branch; then these become aliases of the generated types.
 */
import type { Result } from "../api/types";

export type Step = "acknowledge_guideline" | "practice" | "exam" | "production" | "paused";

export interface TrainingItem {
  id: number;
  data: Record<string, unknown>;
}

export interface PracticeFeedback {
  score: number;
  scores: Record<string, number>;
  diff: Record<string, unknown>;
  reference: Result;
  explanations: Record<string, string>;
  section: string | null;
}

export interface PracticeProgress {
  answered: number;
  accuracy: number | null;
  target_items: number;
  target_accuracy: number;
  met: boolean;
  available: number;
}

export interface ExamProgress {
  attempts: number;
  max_attempts: number;
  remaining: number;
  next_allowed_at: string | null;
  open_attempt_id: number | null;
  last: { attempt_id: number; passed: boolean; score: number; finished_at: string } | null;
}

export interface TrainingMe {
  step: Step;
  certified: boolean;
  paused: boolean;
  reason: string | null;
  focus_labels: string[];
  guideline: { version_id: number | null; version: string | null; acknowledged: boolean };
  practice: PracticeProgress;
  exams: ExamProgress;
}

export interface ExamStarted {
  id: number;
  items: TrainingItem[];
  answered: number[];
}

export interface LabelStats {
  support: number;
  predicted: number;
  correct: number;
  precision: number | null;
  recall: number | null;
  accuracy: number | null;
}

export interface ExamReport {
  attempt_id: number;
  passed: boolean;
  score: number;
  scores: Record<string, number>;
  pass_mark: number;
  per_control_pass_mark: Record<string, number>;
  failed_controls: string[];
  per_label: Record<string, Record<string, LabelStats>>;
  answered: number;
  total: number;
  finished_at: string;
}

export interface TrainingSettings {
  require_certification: boolean;
  honeypot_rate: number;
  honeypot_feedback: boolean;
  practice_target: { items: number; accuracy: number };
  exam: {
    items: number;
    pass_mark: number;
    per_control_pass_mark: Record<string, number>;
    max_attempts: number;
    cooldown_minutes: number;
  };
  pause: { window: number; below: number };
  recertify_on_major: boolean;
}
