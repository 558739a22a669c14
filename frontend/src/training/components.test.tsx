import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import { schema } from "../testing/controls";
import { ExamReport } from "./ExamReport";
import { trainingMe } from "./fixtures";
import { PracticeFeedback } from "./PracticeFeedback";
import { TrainingCard } from "./TrainingCard";
import {
  fieldOfMessage,
  formFromSettings,
  settingsFromForm,
  TrainingSettingsForm,
} from "./TrainingSettingsForm";
import type { TrainingSettings } from "./types";

const SCHEMA = schema({
  fields: { text: "text" },
  controls: [
    { name: "sentiment", type: "choices", field: "text", options: ["pos", "neg"] },
    { name: "stars", type: "rating", field: "text" },
  ],
});

const SETTINGS: TrainingSettings = {
  require_certification: true,
  honeypot_rate: 0.05,
  honeypot_feedback: false,
  practice_target: { items: 10, accuracy: 0.8 },
  exam: {
    items: 10,
    pass_mark: 0.8,
    per_control_pass_mark: { stars: 0.5 },
    max_attempts: 3,
    cooldown_minutes: 60,
  },
  pause: { window: 10, below: 0.6 },
  recertify_on_major: false,
};

describe("TrainingCard", () => {
  it("shows the path, the progress and one next-step button", () => {
    render(
      <MemoryRouter>
        <TrainingCard
          me={trainingMe({ step: "practice", practice: { answered: 4, accuracy: 0.9 } })}
          projectId={3}
        />
      </MemoryRouter>,
    );
    expect(screen.getByRole("link", { name: "Continue practice" }).getAttribute("href")).toBe(
      "/projects/3/practice",
    );
    expect(document.querySelector('[aria-current="step"]')!.textContent).toContain("Practice");
    expect(screen.getByText(/3 of 3 exam attempts left/)).toBeTruthy();
    expect(document.querySelectorAll(".next-step a, .next-step button")).toHaveLength(1);
  });

  it("shows a pause with its reason and a cool-down countdown", () => {
    const opens = new Date(Date.now() + 90_000).toISOString();
    render(
      <MemoryRouter>
        <TrainingCard
          me={trainingMe({
            step: "paused",
            paused: true,
            reason: "Honeypot accuracy on ents fell to 40%",
            focus_labels: ["PER"],
            practice: { met: true },
            exams: { next_allowed_at: opens, remaining: 2 },
          })}
          projectId={3}
        />
      </MemoryRouter>,
    );
    expect(screen.getByRole("alert").textContent).toContain("Honeypot accuracy on ents fell to 40%");
    expect(screen.getByRole("alert").textContent).toContain("PER");
    expect(screen.getByRole("button", { name: "Take the exam again" })).toHaveProperty("disabled", true);
    expect(screen.getByRole("timer").textContent).toMatch(/opens in 1 min (2|3)\d s/);
  });
});

describe("PracticeFeedback", () => {
  it("shows the score overall and per control, the diff, the explanation and the guideline section", () => {
    const retry = vi.fn();
    const next = vi.fn();
    render(
      <MemoryRouter>
        <PracticeFeedback
          projectId={3}
          schema={SCHEMA}
          data={{ text: "Great." }}
          result={{ sentiment: "neg", stars: 4 }}
          feedback={{
            score: 0.5,
            scores: { sentiment: 0, stars: 1 },
            diff: {},
            reference: { sentiment: "pos", stars: 4 },
            explanations: { sentiment: "“Great.” praises the product." },
            section: "tone",
          }}
          target={0.8}
          onRetry={retry}
          onNext={next}
        />
      </MemoryRouter>,
    );
    expect(screen.getByTestId("practice-score").textContent).toBe("50% — Partly right");
    expect(screen.getByTestId("score-sentiment").textContent).toBe("Score: 0% — Not yet");
    expect(screen.getByTestId("score-stars").textContent).toBe("Score: 100% — Perfect");
    expect(screen.getByText("“Great.” praises the product.")).toBeTruthy();
    expect(document.querySelector('[data-option="neg"]')!.getAttribute("data-status")).toBe("wrong");
    expect(document.querySelector('[data-option="pos"]')!.getAttribute("data-status")).toBe("missed");
    expect(screen.getByRole("link", { name: "Read the guideline section" }).getAttribute("href")).toBe(
      "/projects/3/guideline#tone",
    );
    fireEvent.click(screen.getByRole("button", { name: "Retry this item" }));
    fireEvent.click(screen.getByRole("button", { name: "Next item" }));
    expect(retry).toHaveBeenCalledOnce();
    expect(next).toHaveBeenCalledOnce();
  });
});

describe("ExamReport", () => {
  it("says passed or failed, per control against its mark and per label, without references", () => {
    render(
      <ExamReport
        attemptsLeft={1}
        report={{
          attempt_id: 1,
          passed: false,
          score: 0.6,
          scores: { sentiment: 0.7, stars: 0.4 },
          pass_mark: 0.8,
          per_control_pass_mark: { stars: 0.5 },
          failed_controls: ["stars"],
          per_label: {
            sentiment: {
              pos: { support: 3, predicted: 2, correct: 2, precision: 1, recall: 2 / 3, accuracy: 0.8 },
            },
          },
          answered: 4,
          total: 5,
          finished_at: "2026-01-01T00:00:00Z",
        }}
      />,
    );
    expect(screen.getByTestId("exam-verdict").textContent).toBe("Not passed — 60% (pass mark 80%)");
    expect(screen.getByText(/1 attempt left/)).toBeTruthy();
    expect(document.querySelector('[data-control="stars"]')!.textContent).toContain("✗ below its pass mark");
    expect(document.querySelector('[data-control="sentiment"]')!.textContent).toContain("✓");
    expect(screen.getByRole("table", { name: "Per label: sentiment" }).textContent).toContain("67%");
  });
});

describe("TrainingSettingsForm", () => {
  it("round-trips settings through the form, percentages as fractions", () => {
    const form = formFromSettings(SETTINGS, ["sentiment", "stars"]);
    expect(form.numbers["exam.pass_mark"]).toBe("80");
    expect(form.perControl).toEqual({ sentiment: "", stars: "50" });
    expect(settingsFromForm(form)).toEqual({ settings: SETTINGS });
    const bad = { ...form, numbers: { ...form.numbers, "exam.items": "ten" } };
    expect(settingsFromForm(bad)).toEqual({ errors: { "exam.items": "Enter a number." } });
    expect(fieldOfMessage("training.exam.pass_mark: Input should be less than or equal to 1")).toBe(
      "exam.pass_mark",
    );
  });

  it("sends the settings and shows the server's message under the field it names", async () => {
    const onSave = vi
      .fn()
      .mockRejectedValueOnce(
        new Error("training.exam.cooldown_minutes: Input should be greater than or equal to 0"),
      )
      .mockResolvedValueOnce(undefined);
    render(<TrainingSettingsForm settings={SETTINGS} controls={["sentiment", "stars"]} onSave={onSave} />);
    fireEvent.change(screen.getByLabelText(/Cool-down/), { target: { value: "-5" } });
    fireEvent.click(screen.getByRole("button", { name: "Save training settings" }));
    await waitFor(() => expect(screen.getByRole("alert")).toBeTruthy());
    expect(onSave.mock.calls[0][0].exam.cooldown_minutes).toBe(-5);
    expect(screen.getByLabelText(/Cool-down/).getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById("exam.cooldown_minutes-error")!.textContent).toBe(
      "Input should be greater than or equal to 0",
    );
    fireEvent.change(screen.getByLabelText(/Cool-down/), { target: { value: "0" } });
    fireEvent.click(screen.getByRole("button", { name: "Save training settings" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Training settings saved."));
  });
});

describe("percent fields", () => {
  it("speak in percent", async () => {
    const { percentMessage } = await import("./TrainingSettingsForm");
    expect(percentMessage("exam.pass_mark", "Input should be less than or equal to 1")).toBe(
      "Input should be less than or equal to 1 (100%)",
    );
    expect(percentMessage("exam.items", "Input should be less than or equal to 500")).toBe(
      "Input should be less than or equal to 500",
    );
  });
});
