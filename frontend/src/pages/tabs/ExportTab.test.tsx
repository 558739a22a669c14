import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../api/endpoints";
import type { FileFormat, Project } from "../../api/types";
import { ExportTab } from "./ExportTab";

const PROJECT = { id: 4, name: "p", schema: { fields: {}, controls: [] } } as unknown as Project;

function fmt(name: string, kind: string, default_labels: string, exports = true): FileFormat {
  return {
    name,
    title: `${name} title`,
    kind,
    extension: ".json",
    media_type: "application/json",
    imports: true,
    exports,
    default_labels,
    suffixes: [],
  };
}

const FORMATS = [
  fmt("json", "rows", "annotations"),
  fmt("coco", "images", "final"),
  fmt("mot", "audio_video", "final", false),
];

function picked(): string {
  return (document.querySelector("input[name=labels]:checked") as HTMLInputElement).value;
}

describe("export tab", () => {
  afterEach(() => vi.restoreAllMocks());

  it("offers the server's formats that export, grouped by kind, with each one's default labels", async () => {
    vi.spyOn(api, "formats").mockResolvedValue(FORMATS);
    render(<ExportTab project={PROJECT} />);
    const select = (await screen.findByLabelText("Format")) as HTMLSelectElement;
    const groups = [...select.querySelectorAll("optgroup")].map((g) => [
      g.label,
      [...g.querySelectorAll("option")].map((o) => o.value),
    ]);
    expect(groups).toEqual([
      ["goldlabel rows", ["json"]],
      ["Images", ["coco"]],
    ]);
    expect(select.value).toBe("json");
    expect(picked()).toBe("annotations");
    expect(screen.getByLabelText("Include drafts")).toBeTruthy();
    fireEvent.change(select, { target: { value: "coco" } });
    expect(picked()).toBe("final");
    expect(screen.queryByLabelText("Include drafts")).toBeNull(); // drafts: row formats only
    fireEvent.click(screen.getByLabelText("Both"));
    expect(picked()).toBe("both");
  });

  it("shows the server's message when it refuses the export", async () => {
    vi.spyOn(api, "formats").mockResolvedValue(FORMATS);
    const detail = { code: "no_image_regions", message: "a COCO export needs a boxes control" };
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ detail }), { status: 422 }));
    vi.stubGlobal("fetch", fetchMock);
    render(<ExportTab project={PROJECT} />);
    fireEvent.change(await screen.findByLabelText("Format"), { target: { value: "coco" } });
    fireEvent.click(screen.getByLabelText("Gold items only", { exact: false }));
    fireEvent.click(screen.getByRole("button", { name: /Download/ }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe(detail.message));
    expect(String((fetchMock.mock.calls[0] as unknown[])[0])).toBe(
      "/api/projects/4/export?format=coco&labels=final&gold=only",
    );
    vi.unstubAllGlobals();
  });
});
