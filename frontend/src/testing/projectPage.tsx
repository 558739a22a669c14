/** A project page under test: a one-control sentiment project, and a page rendered at its
 * route as the app routes it (`/projects/:projectId/<page>`). */
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import type { Project } from "../api/types";
import { schema } from "./controls";

export const SENTIMENT_PROJECT = {
  id: 5,
  name: "P",
  description: "",
  role: "annotator",
  item_count: 2,
  created_at: "2026-01-01T00:00:00Z",
  label_config: null,
  archived_at: null,
  training: null,
  show_predictions: false,
  consensus: null,
  workload: null,
  schema: schema({
    fields: { text: "text" },
    controls: [{ name: "sentiment", type: "choices", field: "text", options: ["pos", "neg"] }],
  }),
} satisfies Project;

export function renderProjectPage(page: string, element: ReactElement) {
  return render(
    <MemoryRouter initialEntries={[`/projects/${SENTIMENT_PROJECT.id}/${page}`]}>
      <Routes>
        <Route path={`/projects/:projectId/${page}`} element={element} />
      </Routes>
    </MemoryRouter>,
  );
}
