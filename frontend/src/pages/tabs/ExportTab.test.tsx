import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Project } from "../../api/types";
import { ExportTab } from "./ExportTab";

const PROJECT = { id: 4, name: "p", schema: { fields: {}, controls: [] } } as unknown as Project;

function hrefs(): string[] {
  return [...document.querySelectorAll("a[data-format]")].map((a) => a.getAttribute("href")!);
}

describe("export tab", () => {
  it("links each format without drafts or consensus by default, and with them when ticked", () => {
    render(<ExportTab project={PROJECT} />);
    expect(hrefs()).toEqual(
      ["json", "jsonl", "csv"].map(
        (f) => `/api/projects/4/export?format=${f}&include_drafts=false&consensus=false`,
      ),
    );
    fireEvent.click(screen.getByLabelText("Include drafts"));
    fireEvent.click(screen.getByLabelText(/consensus per control/));
    expect(hrefs()[2]).toBe("/api/projects/4/export?format=csv&include_drafts=true&consensus=true");
  });
});
