/**
 * Project settings → Consensus (managers): how answers become the final label (the method, per
 * categorical control too, weighting and gating by honeypot accuracy), how many answers an item
 * gets (fixed, or adaptive up to a maximum while the consensus is unsure) and which submissions
 * are sampled for review. Shares are typed as percentages and sent as fractions; the server
 * validates everything and its message ("consensus.overlap: …") is shown.
 */
import { useState, type ReactNode } from "react";
import type { ConsensusMethod, ConsensusSettings, ReviewSample } from "../api/final";
import type { AnyControl } from "../api/types";
import { SettingsFormFooter } from "../components/SettingsFormFooter";
import { useSettingsForm } from "../components/useSettingsForm";
import { Text } from "../render";
import "./final.css";

export const METHODS: readonly { value: ConsensusMethod; label: string; hint: string }[] = [
  { value: "majority_vote", label: "Majority vote", hint: "the most frequent answer wins" },
  {
    value: "dawid_skene",
    label: "Dawid-Skene",
    hint: "learns each annotator's confusions over the project and trusts the reliable ones more",
  },
  { value: "one_coin", label: "One-coin", hint: "Dawid-Skene with one accuracy per annotator" },
  { value: "glad", label: "GLAD", hint: "annotator skill and item difficulty together" },
  { value: "mace", label: "MACE", hint: "finds annotators who answer at random (spammers)" },
];

export const SAMPLES: readonly { value: ReviewSample; label: string }[] = [
  { value: "none", label: "No review" },
  { value: "all", label: "Every submission" },
  { value: "share", label: "A fixed share" },
  { value: "adaptive", label: "An adaptive share (more for new or low-accuracy annotators)" },
];

/** Controls whose answers are categories: the ones a truth-inference method applies to. */
export function categoricalControls(controls: readonly AnyControl[]): AnyControl[] {
  return controls.filter((c) => c.type === "choices");
}

export interface ConsensusForm {
  method: ConsensusMethod;
  /** control → method, "" for the project's method. */
  methods: Record<string, ConsensusMethod | "">;
  weighted: boolean;
  gate: string;
  min: string;
  max: string;
  confidence: string;
  sample: ReviewSample;
  share: string;
  tiers: "1" | "2";
}

const pct = (v: number) => String(Math.round(v * 1000) / 10);

export function formFromConsensus(s: ConsensusSettings, controls: readonly string[]): ConsensusForm {
  return {
    method: s.method,
    methods: Object.fromEntries(controls.map((c) => [c, s.methods[c] ?? ""])),
    weighted: s.weighted,
    gate: pct(s.min_honeypot_accuracy),
    min: String(s.overlap.min),
    max: String(s.overlap.max),
    confidence: pct(s.overlap.confidence),
    sample: s.review.sample,
    share: pct(s.review.share),
    tiers: s.review.tiers === 2 ? "2" : "1",
  };
}

/** The settings the form says, or the fields that are not numbers (the server checks ranges). */
export function consensusFromForm(
  f: ConsensusForm,
): { settings: ConsensusSettings } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const num = (field: keyof ConsensusForm, raw: string, percent = false): number => {
    const v = Number(raw.trim());
    if (raw.trim() === "" || !Number.isFinite(v)) {
      errors[field] = "Enter a number.";
      return 0;
    }
    return percent ? v / 100 : v;
  };
  const min = num("min", f.min);
  const max = num("max", f.max);
  if (!errors.min && !errors.max && max < min) errors.max = "The maximum is at least the minimum.";
  const methods: Record<string, ConsensusMethod> = {};
  for (const [control, m] of Object.entries(f.methods)) if (m) methods[control] = m;
  const settings: ConsensusSettings = {
    method: f.method,
    methods,
    weighted: f.weighted,
    min_honeypot_accuracy: num("gate", f.gate, true),
    overlap: { min, max, confidence: num("confidence", f.confidence, true) },
    review: { sample: f.sample, share: num("share", f.share, true), tiers: Number(f.tiers) },
  };
  return Object.keys(errors).length > 0 ? { errors } : { settings };
}

/** The overlap policy in plain words. */
export function describeOverlap(f: Pick<ConsensusForm, "min" | "max" | "confidence">): string {
  const min = Number(f.min);
  const max = Number(f.max);
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) return "";
  const each = (n: number) => (n === 1 ? "1 answer" : `${n} answers`);
  const confidence = Number(f.confidence) || 0;
  if (min === max)
    return (
      `Fixed: every item gets ${each(min)}, whatever they say.` +
      (confidence > 0
        ? ` Items whose consensus confidence is below ${confidence}% then go to adjudication.`
        : "")
    );
  return (
    `Adaptive: every item gets ${each(min)} first. While its consensus confidence is below ` +
    `${confidence}%, one more answer is asked for, up to ${each(max)}; an item still below it ` +
    `then goes to adjudication. Clear items stop early, so answers are spent where they buy quality.`
  );
}

export function ConsensusSettingsForm({
  settings,
  controls,
  onSave,
  disabled,
}: {
  settings: ConsensusSettings;
  controls: readonly AnyControl[];
  /** Resolves when saved; rejects with the server's error (its message is shown). */
  onSave: (settings: ConsensusSettings) => Promise<void>;
  disabled?: boolean;
}) {
  const categorical = categoricalControls(controls).map((c) => c.name);
  const [form, setForm] = useState(() => formFromConsensus(settings, categorical));
  const { errors, message, busy, submit } = useSettingsForm({
    parse: () => consensusFromForm(form),
    onSave,
    invalid: "Some fields need a fix.",
    saved: "Consensus settings saved.",
  });
  const set = <K extends keyof ConsensusForm>(key: K, value: ConsensusForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const numberInput = (field: keyof ConsensusForm, label: string, unit: string, hint?: string): ReactNode => (
    <label>
      {label}
      {unit}
      <input
        name={field}
        inputMode="decimal"
        value={form[field] as string}
        aria-invalid={errors[field] ? true : undefined}
        onChange={(e) => set(field, e.target.value as never)}
      />
      {hint && <span className="hint">{hint}</span>}
      {errors[field] && (
        <span className="field-error">
          <Text value={errors[field]} />
        </span>
      )}
    </label>
  );
  const methodHint = METHODS.find((m) => m.value === form.method)?.hint;

  return (
    <form className="card consensus-settings" aria-label="Consensus" onSubmit={submit} noValidate>
      <h2>Consensus and final labels</h2>
      <p className="hint">
        How the answers to an item become its one final label, how many answers each item gets, and which
        submissions reviewers check. Final labels are computed in the background as answers arrive and are
        what exports give by default.
      </p>
      <fieldset>
        <legend>Method</legend>
        <label>
          Method for categorical controls
          <select
            name="method"
            value={form.method}
            onChange={(e) => set("method", e.target.value as ConsensusMethod)}
          >
            {METHODS.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
          {methodHint && <span className="hint">{methodHint}</span>}
        </label>
        {categorical.length > 1 && (
          <div className="row">
            {categorical.map((c) => (
              <label key={c}>
                <Text value={c} />
                <select
                  name={`methods.${c}`}
                  value={form.methods[c] ?? ""}
                  onChange={(e) =>
                    set("methods", { ...form.methods, [c]: e.target.value as ConsensusMethod | "" })
                  }
                >
                  <option value="">As the project</option>
                  {METHODS.map((m) => (
                    <option key={m.value} value={m.value}>
                      {m.label}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
        )}
        <p className="hint">
          Other controls (spans, regions, text, ratings) merge their answers with their own consensus.
        </p>
        <label className="check">
          <input
            type="checkbox"
            name="weighted"
            checked={form.weighted}
            onChange={(e) => set("weighted", e.target.checked)}
          />
          Weigh each annotator&apos;s answers by their honeypot accuracy
        </label>
        {numberInput(
          "gate",
          "Leave out annotators with a honeypot accuracy below",
          " (%)",
          "0 keeps everyone; needs honeypots (Training settings)",
        )}
      </fieldset>
      <fieldset>
        <legend>Answers per item (overlap)</legend>
        <div className="row">
          {numberInput("min", "At least", "")}
          {numberInput("max", "At most", "")}
          {numberInput("confidence", "Ask for more while the confidence is below", " (%)")}
        </div>
        <p className="hint overlap-words" aria-live="polite">
          {describeOverlap(form)}
        </p>
      </fieldset>
      <fieldset>
        <legend>Review sampling</legend>
        <div className="radios" role="radiogroup" aria-label="Review sampling">
          {SAMPLES.map((s) => (
            <label key={s.value} className="check">
              <input
                type="radio"
                name="review.sample"
                value={s.value}
                checked={form.sample === s.value}
                onChange={() => set("sample", s.value)}
              />
              {s.label}
            </label>
          ))}
        </div>
        {(form.sample === "share" || form.sample === "adaptive") && (
          <div className="row">
            {numberInput("share", form.sample === "share" ? "Share reviewed" : "Starting share", " (%)")}
          </div>
        )}
        {form.sample !== "none" && (
          <label>
            Review tiers
            <select
              name="review.tiers"
              value={form.tiers}
              onChange={(e) => set("tiers", e.target.value as "1" | "2")}
            >
              <option value="1">Reviewer</option>
              <option value="2">Reviewer, then expert</option>
            </select>
          </label>
        )}
      </fieldset>
      <SettingsFormFooter message={message} busy={busy} disabled={disabled} save="Save consensus settings" />
    </form>
  );
}
