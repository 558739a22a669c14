import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/endpoints";
import { finalApi, type AdjudicationPage, type FinalLabel } from "../api/final";
import type { ItemDetail, Project } from "../api/types";
import { schema } from "../testing/controls";
import { SENTIMENT_PROJECT } from "../testing/projectPage";
import { AdjudicatePage } from "./AdjudicatePage";
import { AdjudicationTab } from "./AdjudicationTab";

const SCHEMA = schema({
  fields: { text: "text" },
  controls: [
    { name: "sentiment", type: "choices", field: "text", options: ["pos", "neg", "neu"] },
    { name: "ents", type: "spans", field: "text", labels: ["PER", "ORG"] },
  ],
});
const PROJECT: Project = { ...SENTIMENT_PROJECT, role: "manager", schema: SCHEMA };
const TEXT = "Ada met Bob at Acme.";

const final = (itemId: number): FinalLabel => ({
  item_id: itemId,
  result: { sentiment: "pos", ents: [] },
  provenance: "consensus",
  confidence: 0.5,
  agreement: 0,
  controls: {},
  n_annotations: 2,
  needs_adjudication: true,
  decided_by: null,
  computed_at: null,
});
const BACKLOG: AdjudicationPage = {
  total: 2,
  items: [
    {
      item_id: 21,
      data: { text: `${TEXT} #21` },
      answers: [
        {
          annotation_id: 8,
          updated_at: "2026-01-01T00:00:00Z",
          author: "ann@x.org",
          result: { sentiment: "pos", ents: [{ id: "a", start: 0, end: 3, label: "PER" }] },
        },
        {
          annotation_id: 9,
          updated_at: "2026-01-01T00:00:00Z",
          author: "bob@x.org",
          result: { sentiment: "neg", ents: [{ id: "b", start: 15, end: 19, label: "ORG" }] },
        },
      ],
      final: final(21),
    },
    {
      item_id: 22,
      data: { text: `${TEXT} #22` },
      answers: [
        {
          annotation_id: 1,
          updated_at: "2026-01-01T00:00:00Z",
          author: "ann@x.org",
          result: { sentiment: "neu", ents: [] },
        },
        {
          annotation_id: 2,
          updated_at: "2026-01-01T00:00:00Z",
          author: "bob@x.org",
          result: { sentiment: "pos", ents: [] },
        },
      ],
      final: final(22),
    },
  ],
};
const item = (id: number) =>
  ({ id, data: { text: `${TEXT} #${id}` }, annotations: [] }) as unknown as ItemDetail;

function renderPage(url: string) {
  return render(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route path="/projects/:projectId/adjudicate" element={<AdjudicatePage />} />
      </Routes>
    </MemoryRouter>,
  );
}

afterEach(() => vi.restoreAllMocks());

describe("adjudication page", () => {
  it("shows every answer drawn by the widgets, overlays two, saves the picked and edited one, moves on", async () => {
    vi.spyOn(api, "project").mockResolvedValue(PROJECT);
    vi.spyOn(api, "item").mockImplementation((id) => Promise.resolve(item(Number(id))));
    const backlog = vi
      .spyOn(finalApi, "adjudication")
      .mockResolvedValueOnce(BACKLOG)
      .mockResolvedValue({ total: 1, items: [BACKLOG.items[1]] });
    const save = vi
      .spyOn(finalApi, "adjudicate")
      .mockResolvedValue({ ...final(21), provenance: "adjudicated" });
    renderPage("/projects/5/adjudicate");

    const ann = await screen.findByRole("region", { name: "ann@x.org" });
    const bob = screen.getByRole("region", { name: "bob@x.org" });
    expect(backlog).toHaveBeenCalledWith("5", 1, 100);
    // Each answer is drawn by the choices and spans widgets, read-only.
    expect(within(ann).getByRole("radio", { name: /pos/ }).getAttribute("aria-checked")).toBe("true");
    expect(within(bob).getByRole("radio", { name: /neg/ }).getAttribute("aria-checked")).toBe("true");
    expect(ann.querySelector('[data-control="ents"]')!.textContent).toContain("Ada met Bob at Acme. #21");
    // The overlay draws one answer against the other (the widgets' diff).
    const overlay = screen.getByRole("region", { name: "Overlay" });
    expect(overlay.querySelector('.answer-view[data-show="both"]')).not.toBeNull();
    fireEvent.change(within(overlay).getByRole("combobox", { name: "Answer compared" }), {
      target: { value: "2" },
    });
    expect(within(overlay).getAllByText(/Current final label/).length).toBeGreaterThan(0);

    // Pick Bob's answer, change the sentiment in the Workspace, save.
    fireEvent.click(within(bob).getByRole("button", { name: "Use this answer" }));
    const edit = screen.getByRole("region", { name: "Final label" });
    fireEvent.click(within(edit).getByRole("radio", { name: /neu/ }));
    fireEvent.click(within(edit).getByRole("button", { name: "Save as final label" }));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save).toHaveBeenCalledWith(5, 21, {
      sentiment: "neu",
      ents: [{ id: "b", start: 15, end: 19, label: "ORG" }],
    });
    // The next waiting item.
    await screen.findByText(/Adjudicate item #22/);
  });

  it("opens the item the URL names, from its annotations when the backlog does not list it", async () => {
    vi.spyOn(api, "project").mockResolvedValue(PROJECT);
    vi.spyOn(api, "item").mockResolvedValue({
      ...item(40),
      annotations: [
        { id: 1, author: "cy@x.org", status: "submitted", result: { sentiment: "neg", ents: [] } },
        { id: 2, author: "dee@x.org", status: "draft", result: { sentiment: "pos" } },
      ],
    } as unknown as ItemDetail);
    vi.spyOn(finalApi, "adjudication").mockResolvedValue(BACKLOG);
    renderPage("/projects/5/adjudicate?item=40");
    await screen.findByText(/Adjudicate item #40/);
    expect(screen.getByRole("region", { name: "cy@x.org" })).toBeTruthy();
    expect(screen.queryByRole("region", { name: "dee@x.org" })).toBeNull();
    expect(screen.getByText(/Pick an answer above/)).toBeTruthy();
  });

  it("says when nothing waits, and shows a refused save", async () => {
    vi.spyOn(api, "project").mockResolvedValue(PROJECT);
    vi.spyOn(finalApi, "adjudication").mockResolvedValue({ items: [], total: 0 });
    const { unmount } = renderPage("/projects/5/adjudicate");
    await screen.findByText("Nothing waits for adjudication.");
    unmount();

    vi.spyOn(finalApi, "adjudication").mockResolvedValue(BACKLOG);
    vi.spyOn(api, "item").mockImplementation((id) => Promise.resolve(item(Number(id))));
    vi.spyOn(finalApi, "adjudicate").mockRejectedValue(new Error("sentiment: not an option <b>"));
    renderPage("/projects/5/adjudicate");
    fireEvent.click(within(await screen.findByRole("region", { name: "ann@x.org" })).getByRole("button"));
    fireEvent.click(screen.getByRole("button", { name: "Save as final label" }));
    expect((await screen.findByRole("alert")).textContent).toBe("sentiment: not an option <b>");
    expect(screen.getByText(/Adjudicate item #21/)).toBeTruthy();
  });
});

describe("adjudication tab", () => {
  it("lists the backlog with each item's answers and links to adjudicate", async () => {
    vi.spyOn(finalApi, "adjudication").mockResolvedValue(BACKLOG);
    render(
      <MemoryRouter>
        <AdjudicationTab project={PROJECT} />
      </MemoryRouter>,
    );
    const start = await screen.findByRole("link", { name: "Adjudicate (2 waiting)" });
    expect(start.getAttribute("href")).toBe("/projects/5/adjudicate");
    const row = screen.getByText("#22").closest("tr")!;
    expect(row.textContent).toContain("ann@x.org: sentiment: neu");
    expect(within(row).getByRole("link", { name: "Adjudicate" }).getAttribute("href")).toBe(
      "/projects/5/adjudicate?item=22",
    );
  });

  it("says when the backlog is empty", async () => {
    vi.spyOn(finalApi, "adjudication").mockResolvedValue({ items: [], total: 0 });
    render(
      <MemoryRouter>
        <AdjudicationTab project={PROJECT} />
      </MemoryRouter>,
    );
    await screen.findByText("Nothing waits for adjudication.");
  });
});
