import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  disagreementsApi,
  type DisagreementCase,
  type DisagreementReport,
  type Impact,
} from "../api/disagreements";
import { api } from "../api/endpoints";
import { guidelineApi } from "../api/guidelines";
import type { ItemDetail, Project } from "../api/types";
import { SENTIMENT_PROJECT, renderProjectPage } from "../testing/projectPage";
import { questionText } from "./caseText";
import { DisagreementsTab } from "./DisagreementsTab";
import { changeText, impactGeometry } from "./impactChart";

const project = (role: Project["role"]): Project => ({ ...SENTIMENT_PROJECT, role });
const renderTab = (role: Project["role"]) =>
  renderProjectPage("disagreements", <DisagreementsTab project={project(role)} />);

const theCase: DisagreementCase = {
  control: "sentiment",
  type: "choices",
  label_a: "pos",
  label_b: "<b>neg</b>",
  score: 1.5,
  splits: 2,
  n_items: 3,
  n_annotators: 3,
  against_final: 3,
  rejections: 0,
  spread: 0.75,
  explanation: "3 item(s) split … score = (2.00 + 0) × 0.75 = 1.50",
  items: [
    { item_id: 11, share: 0.67, count_a: 2, count_b: 1, n_answers: 3 },
    { item_id: 12, share: 1, count_a: 1, count_b: 1, n_answers: 2 },
  ],
  annotators: [{ annotator: "a@x.org", gave_a: 2, gave_b: 1, against_final: 1 }],
  actions: [],
};

const report: DisagreementReport = {
  cases: [theCase],
  total: 1,
  page: 1,
  page_size: 25,
  rejections: [
    {
      section: "sarcasm",
      count: 2,
      items: [11],
      labels: [{ control: "sentiment", label: "pos", count: 2 }],
      comments: ["Irony is negative."],
    },
  ],
  labels: [{ control: "sentiment", label: "pos", agreement: 0.5, n_items: 4 }],
  items: [{ item_id: 11, control: "sentiment", agreement: 0.33, n_answers: 3 }],
  final_source: "consensus",
};

const estimate = (agreement: number | null, n: number) => ({
  agreement,
  ci_low: agreement === null ? null : Math.max(0, agreement - 0.1),
  ci_high: agreement === null ? null : Math.min(1, agreement + 0.1),
  n_items: n,
  n_answers: 2 * n,
});

const impact: Impact = {
  version: { id: 5, major: 2, minor: 0, published_at: "2026-11-30T00:00:00Z" },
  previous: { id: 4, major: 1, minor: 0, published_at: "2026-11-01T00:00:00Z" },
  labels: [
    { control: "sentiment", label: "pos", before: estimate(0.5, 4), after: estimate(0.9, 3), change: 0.4 },
    { control: "sentiment", label: "neg", before: estimate(null, 0), after: estimate(0.8, 2), change: null },
  ],
  overall: { control: "", label: "", before: estimate(0.5, 4), after: estimate(0.85, 5), change: 0.35 },
  source: "actions",
};

function mockApis() {
  const cases = vi.spyOn(disagreementsApi, "cases").mockResolvedValue(report);
  vi.spyOn(disagreementsApi, "impact").mockResolvedValue(impact);
  vi.spyOn(guidelineApi, "versions").mockResolvedValue([
    {
      id: 5,
      major: 2,
      minor: 0,
      level: "major",
      note: "",
      published_at: "2026-11-30T00:00:00Z",
      published_by: "m",
    },
  ] as never);
  vi.spyOn(guidelineApi, "draft").mockResolvedValue({
    markdown: "# Sarcasm\n",
    sections: [{ anchor: "sarcasm", title: "Sarcasm", depth: 1 }],
    examples: [],
  } as never);
  return cases;
}

afterEach(() => vi.restoreAllMocks());

describe("disagreements tab", () => {
  it("ranks cases as text and asks one as a question after a confirm", async () => {
    const cases = mockApis();
    const ask = vi.spyOn(disagreementsApi, "ask").mockResolvedValue({ question: { id: 9 } } as never);
    renderTab("reviewer");
    const card = await screen.findByRole("listitem", { name: "sentiment: pos ↔ <b>neg</b>" });
    expect(within(card).getByText("<b>neg</b>")).toBeTruthy(); // a label is text, never markup
    expect(within(card).getByText(/score = \(2\.00 \+ 0\)/)).toBeTruthy();
    expect(within(card).queryByRole("button", { name: "Make guideline example" })).toBeNull(); // managers only
    expect(screen.getByText("Irony is negative.", { exact: false })).toBeTruthy();
    fireEvent.click(within(card).getByRole("button", { name: "Ask as question" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Ask as question" });
    const text = within(dialog).getByLabelText("Question") as HTMLTextAreaElement;
    expect(text.value).toBe(questionText(theCase, theCase.items[0]));
    // Another of the case's items: the prefilled words follow it.
    fireEvent.change(within(dialog).getByLabelText("Item"), { target: { value: "12" } });
    expect(text.value).toBe(questionText(theCase, theCase.items[1]));
    expect(text.value).toContain("1× pos, 1× <b>neg</b> of 2 answers");
    fireEvent.change(text, { target: { value: "Is irony negative?" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Ask" }));
    await waitFor(() =>
      expect(ask).toHaveBeenCalledWith(SENTIMENT_PROJECT.id, {
        control: "sentiment",
        label_a: "pos",
        label_b: "<b>neg</b>",
        item_id: 12,
        text: "Is irony negative?",
      }),
    );
    await screen.findByText(/Asked as question #9/);
    await waitFor(() => expect(cases).toHaveBeenCalledTimes(2)); // reloaded with the action
  });

  it("makes a guideline example in one step, with the right label chosen", async () => {
    mockApis();
    const example = vi.spyOn(disagreementsApi, "example").mockResolvedValue({ copied: true } as never);
    renderTab("manager");
    const card = await screen.findByRole("listitem", { name: "sentiment: pos ↔ <b>neg</b>" });
    fireEvent.click(within(card).getByRole("button", { name: "Make guideline example" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Make guideline example" });
    await waitFor(() =>
      expect((within(dialog).getByLabelText("Section") as HTMLSelectElement).value).toBe("sarcasm"),
    );
    // pos got 2 of 3 answers: it is offered as the right label; choosing neg rewrites the explanation.
    fireEvent.click(within(dialog).getByLabelText("<b>neg</b>"));
    const why = within(dialog).getByLabelText("Explanation") as HTMLTextAreaElement;
    expect(why.value).toContain("the right answer is “<b>neg</b>”");
    fireEvent.click(within(dialog).getByRole("button", { name: "Add to the guideline draft" }));
    await waitFor(() =>
      expect(example).toHaveBeenCalledWith(
        SENTIMENT_PROJECT.id,
        expect.objectContaining({ correct: "<b>neg</b>", section: "sarcasm", kind: "example", item_id: 11 }),
      ),
    );
    await screen.findByText(/on a copy of item 11/);
  });

  it("expands a case into its items with every answer drawn", async () => {
    mockApis();
    vi.spyOn(api, "item").mockResolvedValue({
      id: 11,
      data: { text: "Great, just great." },
      annotations: [
        { id: 1, author: "a@x.org", result: { sentiment: "pos" }, status: "submitted" },
        { id: 2, author: "b@x.org", result: { sentiment: "<b>neg</b>" }, status: "submitted" },
        { id: 3, author: "c@x.org", result: { sentiment: "pos" }, status: "draft" },
      ],
    } as unknown as ItemDetail);
    renderTab("reviewer");
    const card = await screen.findByRole("listitem", { name: "sentiment: pos ↔ <b>neg</b>" });
    fireEvent.click(within(card).getByRole("button", { name: "Show items and answers" }));
    // Both items are shown (the mock answers the same detail for each).
    await waitFor(() =>
      expect(within(card).getAllByRole("region", { name: "Answer of a@x.org" })).toHaveLength(2),
    );
    expect(within(card).getAllByRole("region", { name: "Answer of b@x.org" })).toHaveLength(2);
    expect(within(card).queryByRole("region", { name: "Answer of c@x.org" })).toBeNull(); // drafts are not answers
    // An item's own button opens the question dialog on that item.
    const second = card.querySelector('[data-item="12"]') as HTMLElement;
    fireEvent.click(within(second).getByRole("button", { name: "Ask about this item" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Ask as question" });
    expect((within(dialog).getByLabelText("Item") as HTMLSelectElement).value).toBe("12");
  });

  it("shows agreement before and after the newest guideline version", async () => {
    mockApis();
    renderTab("reviewer");
    const table = await screen.findByTestId("impact-table");
    expect(screen.getByRole("heading", { name: "After guideline v2.0" })).toBeTruthy();
    expect(within(table).getByText("+0.40")).toBeTruthy();
    expect(within(table).getByText("0.90 on 3 items")).toBeTruthy();
    expect(within(table).getByText("no pairs (0 answers)")).toBeTruthy();
    expect(screen.getByRole("img", { name: "Agreement v1.0 and earlier and v2.0 and later" })).toBeTruthy();
  });
});

describe("impact chart geometry", () => {
  it("places estimates and intervals on [0, 1], never NaN", () => {
    const g = impactGeometry(impact);
    expect(g.rows.map((r) => r.label)).toEqual(["sentiment: pos", "sentiment: neg", "all affected"]);
    const [pos, neg] = g.rows;
    expect(pos.after.dot).toBeGreaterThan(pos.before.dot ?? Infinity);
    expect(pos.up).toBe(true);
    expect(neg.before.dot).toBeNull();
    expect(neg.before.bar).toBeNull();
    expect(neg.up).toBeNull();
    for (const row of g.rows)
      for (const m of [row.before, row.after]) {
        expect(Number.isNaN(m.y)).toBe(false);
        if (m.bar) expect(m.bar.width).toBeGreaterThanOrEqual(0);
      }
    expect(g.xTicks.map((t) => t.label)).toEqual(["0.00", "0.25", "0.50", "0.75", "1.00"]);
  });

  it("writes changes with their sign", () => {
    expect(changeText(0.25)).toBe("+0.25");
    expect(changeText(-0.1)).toBe("−0.10");
    expect(changeText(0)).toBe("±0.00");
    expect(changeText(null)).toBe("n/a");
    expect(changeText(Number.NaN)).toBe("n/a");
  });
});
