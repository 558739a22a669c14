import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/endpoints";
import { finalApi, type ConsensusSettings, type FinalPage } from "../api/final";
import type { ItemDetail, Project } from "../api/types";
import { schema } from "../testing/controls";
import { SENTIMENT_PROJECT } from "../testing/projectPage";
import {
  ConsensusSettingsForm,
  consensusFromForm,
  describeOverlap,
  formFromConsensus,
} from "./ConsensusSettingsForm";
import { FinalTab, NO_FILTERS, queryFromFilters, summarise } from "./FinalTab";

const SETTINGS: ConsensusSettings = {
  method: "dawid_skene",
  methods: {},
  weighted: false,
  min_honeypot_accuracy: 0,
  overlap: { min: 2, max: 2, confidence: 0.8 },
  review: { sample: "none", share: 0.1, tiers: 1 },
};
const SCHEMA = schema({
  fields: { text: "text" },
  controls: [
    { name: "sentiment", type: "choices", field: "text", options: ["pos", "neg"] },
    { name: "topic", type: "choices", field: "text", options: ["a", "b"] },
    { name: "ents", type: "spans", field: "text", labels: ["PER"] },
  ],
});
const PROJECT: Project = { ...SENTIMENT_PROJECT, role: "manager", consensus: SETTINGS, schema: SCHEMA };

afterEach(() => vi.restoreAllMocks());

describe("consensus settings form", () => {
  it("round-trips settings through the form, percentages as fractions", () => {
    const form = formFromConsensus(
      { ...SETTINGS, methods: { topic: "majority_vote" }, min_honeypot_accuracy: 0.55 },
      ["sentiment", "topic"],
    );
    expect(form.gate).toBe("55");
    expect(form.confidence).toBe("80");
    expect(form.methods).toEqual({ sentiment: "", topic: "majority_vote" });
    const back = consensusFromForm(form);
    expect(back).toEqual({
      settings: { ...SETTINGS, methods: { topic: "majority_vote" }, min_honeypot_accuracy: 0.55 },
    });
  });

  it("refuses words and a maximum below the minimum before sending", () => {
    const form = { ...formFromConsensus(SETTINGS, []), min: "3", max: "2", gate: "abc" };
    expect(consensusFromForm(form)).toEqual({
      errors: { max: "The maximum is at least the minimum.", gate: "Enter a number." },
    });
  });

  it("says fixed and adaptive overlap in plain words", () => {
    expect(describeOverlap({ min: "2", max: "2", confidence: "0" })).toBe(
      "Fixed: every item gets 2 answers, whatever they say.",
    );
    expect(describeOverlap({ min: "3", max: "3", confidence: "80" })).toContain(
      "below 80% then go to adjudication",
    );
    const adaptive = describeOverlap({ min: "2", max: "5", confidence: "90" });
    expect(adaptive).toContain("every item gets 2 answers first");
    expect(adaptive).toContain("up to 5 answers");
    expect(describeOverlap({ min: "4", max: "2", confidence: "0" })).toBe("");
  });

  it("saves what the manager chose, with per-control methods for categorical controls only", async () => {
    const onSave = vi.fn().mockResolvedValue(undefined);
    render(<ConsensusSettingsForm settings={SETTINGS} controls={SCHEMA.controls} onSave={onSave} />);
    expect(screen.getByText(/Fixed: every item gets 2 answers/)).toBeTruthy();
    // spans are no categorical control: no method of their own
    expect(screen.queryByRole("combobox", { name: "ents" })).toBeNull();
    fireEvent.change(screen.getByRole("combobox", { name: /Method for categorical/ }), {
      target: { value: "majority_vote" },
    });
    fireEvent.change(screen.getByRole("combobox", { name: "topic" }), { target: { value: "mace" } });
    fireEvent.change(screen.getByRole("textbox", { name: "At most" }), { target: { value: "5" } });
    expect(screen.getByText(/Adaptive: every item gets 2 answers first/)).toBeTruthy();
    fireEvent.click(screen.getByRole("checkbox", { name: /Weigh each annotator/ }));
    fireEvent.click(screen.getByRole("radio", { name: "A fixed share" }));
    fireEvent.change(screen.getByRole("textbox", { name: /Share reviewed/ }), { target: { value: "25" } });
    fireEvent.click(screen.getByRole("button", { name: "Save consensus settings" }));
    await screen.findByText("Consensus settings saved.");
    expect(onSave).toHaveBeenCalledWith({
      method: "majority_vote",
      methods: { topic: "mace" },
      weighted: true,
      min_honeypot_accuracy: 0,
      overlap: { min: 2, max: 5, confidence: 0.8 },
      review: { sample: "share", share: 0.25, tiers: 1 },
    });
  });

  it("shows the server's refusal and keeps the form", async () => {
    const onSave = vi.fn().mockRejectedValue(new Error("consensus.overlap: max is at least min"));
    render(<ConsensusSettingsForm settings={SETTINGS} controls={SCHEMA.controls} onSave={onSave} />);
    fireEvent.click(screen.getByRole("button", { name: "Save consensus settings" }));
    expect((await screen.findByRole("alert")).textContent).toBe("consensus.overlap: max is at least min");
    expect((screen.getByRole("textbox", { name: "At least" }) as HTMLInputElement).value).toBe("2");
  });
});

const PAGE: FinalPage = {
  total: 2,
  stale: 1,
  items: [
    {
      item_id: 11,
      result: { sentiment: "pos", topic: "a", ents: [] },
      provenance: "consensus",
      confidence: 0.93,
      agreement: 1,
      controls: {},
      n_annotations: 2,
      needs_adjudication: false,
      decided_by: null,
      computed_at: null,
    },
    {
      item_id: 12,
      result: { sentiment: "neg", topic: "b", ents: [{ id: "r1", start: 0, end: 3, label: "PER" }] },
      provenance: "adjudicated",
      confidence: 0.5,
      agreement: 0,
      controls: {},
      n_annotations: 2,
      needs_adjudication: true,
      decided_by: "expert@x.org",
      computed_at: null,
    },
  ],
};

describe("final labels tab", () => {
  it("lists a page of final labels with provenance, confidence, agreement and links", async () => {
    const final = vi.spyOn(finalApi, "final").mockResolvedValue(PAGE);
    render(
      <MemoryRouter>
        <FinalTab project={PROJECT} />
      </MemoryRouter>,
    );
    const row = (await screen.findByText("#12")).closest("tr")!;
    expect(final).toHaveBeenCalledWith(SENTIMENT_PROJECT.id, 1, 25, expect.anything(), {});
    expect(within(row).getByText("Adjudicated").getAttribute("data-provenance")).toBe("adjudicated");
    expect(within(row).getByText("50%")).toBeTruthy();
    expect(within(row).getByText("#12").getAttribute("href")).toBe(
      `/projects/${SENTIMENT_PROJECT.id}/items?item=12`,
    );
    expect(within(row).getByText("needs adjudication").getAttribute("href")).toBe(
      `/projects/${SENTIMENT_PROJECT.id}/adjudicate?item=12`,
    );
    expect(row.textContent).toContain("by expert@x.org");
    expect(screen.getByText(/1 item got new answers/)).toBeTruthy();
    expect(screen.getByText("2 items")).toBeTruthy();
  });

  it("sends the chosen filters and order, the confidence as a fraction, from page 1", async () => {
    const final = vi.spyOn(finalApi, "final").mockResolvedValue(PAGE);
    render(
      <MemoryRouter>
        <FinalTab project={PROJECT} />
      </MemoryRouter>,
    );
    await screen.findByText("#12");
    fireEvent.change(screen.getByLabelText("Provenance"), { target: { value: "adjudicated" } });
    fireEvent.change(screen.getByLabelText("Adjudication"), { target: { value: "yes" } });
    fireEvent.change(screen.getByLabelText("Sort by"), { target: { value: "confidence" } });
    fireEvent.change(screen.getByLabelText("Confidence at most (%)"), { target: { value: "60" } });
    await waitFor(() =>
      expect(final).toHaveBeenLastCalledWith(SENTIMENT_PROJECT.id, 1, 25, expect.anything(), {
        provenance: "adjudicated",
        needs_adjudication: true,
        sort: "confidence",
        max_confidence: 0.6,
      }),
    );
    const calls = final.mock.calls.length;
    // A confidence that is not a percentage is refused before sending; the list stays.
    fireEvent.change(screen.getByLabelText("Confidence at most (%)"), { target: { value: "150" } });
    expect((await screen.findByRole("alert")).textContent).toBe("Enter a percentage from 0 to 100.");
    expect(final.mock.calls.length).toBe(calls);
    expect(screen.getByText("#12")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Adjudication"), { target: { value: "no" } });
    fireEvent.change(screen.getByLabelText("Confidence at most (%)"), { target: { value: "" } });
    await waitFor(() =>
      expect(final).toHaveBeenLastCalledWith(SENTIMENT_PROJECT.id, 1, 25, expect.anything(), {
        provenance: "adjudicated",
        needs_adjudication: false,
        sort: "confidence",
      }),
    );
  });

  it("says when no label matches the filters", async () => {
    vi.spyOn(finalApi, "final").mockResolvedValue(PAGE);
    render(
      <MemoryRouter>
        <FinalTab project={PROJECT} />
      </MemoryRouter>,
    );
    await screen.findByText("#12");
    vi.spyOn(finalApi, "final").mockResolvedValue({ items: [], total: 0, stale: 0 });
    fireEvent.change(screen.getByLabelText("Provenance"), { target: { value: "reviewed" } });
    expect(await screen.findByText("No final labels match these filters.")).toBeTruthy();
  });

  it("turns the filter form into a query", () => {
    expect(queryFromFilters(NO_FILTERS)).toEqual({ query: {} });
    expect(queryFromFilters({ ...NO_FILTERS, maxConfidence: " 0 ", sort: "agreement" })).toEqual({
      query: { max_confidence: 0, sort: "agreement" },
    });
    expect(queryFromFilters({ ...NO_FILTERS, maxConfidence: "abc" })).toEqual({
      error: "Enter a percentage from 0 to 100.",
    });
    expect(queryFromFilters({ ...NO_FILTERS, maxConfidence: "-1" })).toHaveProperty("error");
  });

  it("opens a row into the result drawn by the widgets over the item's data", async () => {
    vi.spyOn(finalApi, "final").mockResolvedValue(PAGE);
    const item = vi
      .spyOn(api, "item")
      .mockResolvedValue({ data: { text: "Ada works." } } as unknown as ItemDetail);
    render(
      <MemoryRouter>
        <FinalTab project={PROJECT} />
      </MemoryRouter>,
    );
    fireEvent.click(await screen.findByRole("button", { name: /sentiment: neg/ }));
    await waitFor(() => expect(document.querySelector(".answer-view")).not.toBeNull());
    expect(item).toHaveBeenCalledWith(12);
    const card = document.querySelector('[data-control="sentiment"]') as HTMLElement;
    expect(within(card).getByRole("radio", { name: /neg/ }).getAttribute("aria-checked")).toBe("true");
    expect(document.querySelector('[data-control="ents"]')!.textContent).toContain("Ada");
  });

  it("says when there are none and shows errors", async () => {
    vi.spyOn(finalApi, "final").mockResolvedValue({ items: [], total: 0, stale: 0 });
    const { unmount } = render(
      <MemoryRouter>
        <FinalTab project={PROJECT} />
      </MemoryRouter>,
    );
    await screen.findByText(/No final labels yet/);
    unmount();
    vi.spyOn(finalApi, "final").mockRejectedValue(new Error("role <b>"));
    render(
      <MemoryRouter>
        <FinalTab project={PROJECT} />
      </MemoryRouter>,
    );
    expect((await screen.findByRole("alert")).textContent).toBe("role <b>");
  });

  it("summarises values and regions in words", () => {
    expect(summarise({ a: "x", b: ["p", "q"], c: [{ start: 0 }] })).toBe("a: x · b: p, q · c: 1 region");
  });
});
