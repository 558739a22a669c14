/**
 * Project settings → Training (managers): certification, the practice target, the exam, honeypots
 * and pauses. Shares are typed as percentages and sent as fractions; the server validates
 * everything and its message ("training.exam.pass_mark: …") is shown under the field it names.
 */
import { useState, type ReactNode } from "react";
import { SettingsFormFooter } from "../components/SettingsFormFooter";
import { useSettingsForm } from "../components/useSettingsForm";
import { Text } from "../render";
import type { TrainingSettings } from "./types";
import "./training.css";

type NumberField =
  | "practice_target.items"
  | "practice_target.accuracy"
  | "exam.items"
  | "exam.pass_mark"
  | "exam.max_attempts"
  | "exam.cooldown_minutes"
  | "honeypot_rate"
  | "pause.window"
  | "pause.below";

/** Fields typed as a percentage (sent as a fraction). */
const PERCENT = new Set<string>([
  "practice_target.accuracy",
  "exam.pass_mark",
  "honeypot_rate",
  "pause.below",
]);

export interface TrainingForm {
  require_certification: boolean;
  honeypot_feedback: boolean;
  recertify_on_major: boolean;
  numbers: Record<NumberField, string>;
  /** control name → pass mark in %, "" for none. */
  perControl: Record<string, string>;
}

const show = (field: string, v: number) =>
  PERCENT.has(field) ? String(Math.round(v * 1000) / 10) : String(v);

export function formFromSettings(s: TrainingSettings, controls: readonly string[]): TrainingForm {
  const numbers: Record<NumberField, string> = {
    "practice_target.items": show("practice_target.items", s.practice_target.items),
    "practice_target.accuracy": show("practice_target.accuracy", s.practice_target.accuracy),
    "exam.items": show("exam.items", s.exam.items),
    "exam.pass_mark": show("exam.pass_mark", s.exam.pass_mark),
    "exam.max_attempts": show("exam.max_attempts", s.exam.max_attempts),
    "exam.cooldown_minutes": show("exam.cooldown_minutes", s.exam.cooldown_minutes),
    honeypot_rate: show("honeypot_rate", s.honeypot_rate),
    "pause.window": show("pause.window", s.pause.window),
    "pause.below": show("pause.below", s.pause.below),
  };
  const perControl = Object.fromEntries(
    controls.map((c) => {
      const mark = s.exam.per_control_pass_mark[c];
      return [c, mark === undefined ? "" : show("exam.pass_mark", mark)];
    }),
  );
  return {
    require_certification: s.require_certification,
    honeypot_feedback: s.honeypot_feedback,
    recertify_on_major: s.recertify_on_major,
    numbers,
    perControl,
  };
}

/** The settings a form says, or the fields that are not numbers (the server checks ranges). */
export function settingsFromForm(
  f: TrainingForm,
): { settings: TrainingSettings } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const num = (field: NumberField): number => {
    const raw = f.numbers[field].trim();
    const v = Number(raw);
    if (raw === "" || !Number.isFinite(v)) {
      errors[field] = "Enter a number.";
      return 0;
    }
    return PERCENT.has(field) ? v / 100 : v;
  };
  const perControl: Record<string, number> = {};
  for (const [control, raw] of Object.entries(f.perControl)) {
    if (raw.trim() === "") continue;
    const v = Number(raw);
    if (!Number.isFinite(v))
      errors[`exam.per_control_pass_mark.${control}`] = "Enter a number, or leave it empty.";
    else perControl[control] = v / 100;
  }
  const settings: TrainingSettings = {
    require_certification: f.require_certification,
    honeypot_rate: num("honeypot_rate"),
    honeypot_feedback: f.honeypot_feedback,
    practice_target: { items: num("practice_target.items"), accuracy: num("practice_target.accuracy") },
    exam: {
      items: num("exam.items"),
      pass_mark: num("exam.pass_mark"),
      per_control_pass_mark: perControl,
      max_attempts: num("exam.max_attempts"),
      cooldown_minutes: num("exam.cooldown_minutes"),
    },
    pause: { window: num("pause.window"), below: num("pause.below") },
    recertify_on_major: f.recertify_on_major,
  };
  return Object.keys(errors).length > 0 ? { errors } : { settings };
}

/** The field a server message names: "training.exam.pass_mark: …" → "exam.pass_mark". */
export function fieldOfMessage(message: string): string | null {
  const m = /^training\.([\w.]+):/.exec(message);
  return m ? m[1] : null;
}

/** A server message about a field typed in % speaks in fractions ("less than or equal to 1");
 * say it in the form's unit ("… to 1 (100%)"). */
export function percentMessage(field: string, message: string): string {
  if (!PERCENT.has(field) && !field.startsWith("exam.per_control_pass_mark")) return message;
  return message.replace(/\b(\d+(?:\.\d+)?)\b/g, (n) => `${n} (${Math.round(Number(n) * 1000) / 10}%)`);
}

export function TrainingSettingsForm({
  settings,
  controls,
  onSave,
  disabled,
}: {
  settings: TrainingSettings;
  controls: readonly string[];
  /** Resolves when saved; rejects with the server's error (its message is shown). */
  onSave: (settings: TrainingSettings) => Promise<void>;
  disabled?: boolean;
}) {
  const [form, setForm] = useState(() => formFromSettings(settings, controls));
  const { errors, message, busy, submit } = useSettingsForm({
    parse: () => settingsFromForm(form),
    onSave,
    invalid: "Some fields are not numbers.",
    saved: "Training settings saved.",
    serverErrors: (text) => {
      const field = fieldOfMessage(text);
      return field ? { [field]: percentMessage(field, text.replace(/^training\.[\w.]+:\s*/, "")) } : null;
    },
  });

  const numberInput = (field: NumberField, label: string, hint?: string): ReactNode => (
    <label>
      {label}
      {PERCENT.has(field) ? " (%)" : ""}
      <input
        name={field}
        inputMode="decimal"
        value={form.numbers[field]}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={errors[field] ? `${field}-error` : undefined}
        onChange={(e) => setForm((f) => ({ ...f, numbers: { ...f.numbers, [field]: e.target.value } }))}
      />
      {hint && <span className="hint">{hint}</span>}
      {errors[field] && (
        <span className="field-error" id={`${field}-error`}>
          <Text value={errors[field]} />
        </span>
      )}
    </label>
  );
  const check = (
    field: "require_certification" | "honeypot_feedback" | "recertify_on_major",
    label: string,
  ) => (
    <label className="check">
      <input
        type="checkbox"
        name={field}
        checked={form[field]}
        onChange={(e) => setForm((f) => ({ ...f, [field]: e.target.checked }))}
      />
      {label}
    </label>
  );

  return (
    <form className="card training-settings" aria-label="Training" onSubmit={submit} noValidate>
      <h2>Training</h2>
      <p className="hint">
        The path every annotator follows: read the guideline, practise on gold items with instant feedback,
        pass the exam, then label. Gold items and their sets are chosen on the Items tab.
      </p>
      {check(
        "require_certification",
        "Require certification before labeling (annotators must pass the exam)",
      )}
      {check(
        "recertify_on_major",
        "A major guideline version asks certified annotators to pass the exam again",
      )}
      <fieldset>
        <legend>Practice target (unlocks the exam)</legend>
        <div className="row">
          {numberInput("practice_target.items", "Items answered")}
          {numberInput("practice_target.accuracy", "Mean accuracy")}
        </div>
      </fieldset>
      <fieldset>
        <legend>Exam</legend>
        <div className="row">
          {numberInput("exam.items", "Items per attempt")}
          {numberInput("exam.pass_mark", "Pass mark")}
          {numberInput("exam.max_attempts", "Attempts allowed")}
          {numberInput("exam.cooldown_minutes", "Cool-down between attempts (minutes)")}
        </div>
        {controls.length > 0 && (
          <>
            <p className="hint">Pass mark per control (%, empty: only the overall mark counts)</p>
            <div className="row">
              {controls.map((c) => {
                const key = `exam.per_control_pass_mark.${c}`;
                const err = errors[key] ?? errors["exam.per_control_pass_mark"];
                return (
                  <label key={c}>
                    <Text value={c} />
                    <input
                      name={key}
                      inputMode="decimal"
                      value={form.perControl[c] ?? ""}
                      aria-invalid={err ? true : undefined}
                      onChange={(e) =>
                        setForm((f) => ({ ...f, perControl: { ...f.perControl, [c]: e.target.value } }))
                      }
                    />
                    {errors[key] && (
                      <span className="field-error">
                        <Text value={errors[key]} />
                      </span>
                    )}
                  </label>
                );
              })}
            </div>
            {errors["exam.per_control_pass_mark"] && (
              <p className="field-error">
                <Text value={errors["exam.per_control_pass_mark"]} />
              </p>
            )}
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>Honeypots and pauses</legend>
        <div className="row">
          {numberInput(
            "honeypot_rate",
            "Honeypot rate",
            "share of served items that are hidden gold; 0 turns them off",
          )}
          {numberInput("pause.window", "Pause window (honeypot answers)")}
          {numberInput("pause.below", "Pause below accuracy", "0 never pauses")}
        </div>
        {check("honeypot_feedback", "Show feedback after a honeypot answer")}
      </fieldset>
      <SettingsFormFooter message={message} busy={busy} disabled={disabled} save="Save training settings" />
    </form>
  );
}
