/**
 * The final-label and adjudication routes (docs/API.md, "Final labels" and "Adjudication"):
 * each item's one trusted result with its provenance, and the expert's queue of items whose
 * consensus stayed unsure at the maximum overlap.
 */
import { call, csrfHeaders } from "./client";
import type { components } from "./schema";
import type { Result } from "./types";

/** A project's consensus settings as the server returns them (`project.consensus`). */
export type ConsensusSettings = components["schemas"]["ConsensusSettings-Output"];
export type ConsensusMethod = ConsensusSettings["method"];
export type ReviewSample = ConsensusSettings["review"]["sample"];

export type Provenance = "consensus" | "reviewed" | "adjudicated" | "gold";

/** One control's share of an item's final label (method, confidence, agreement of its answers). */
export interface FinalControl {
  method?: string;
  confidence?: number | null;
  agreement?: number | null;
  [key: string]: unknown;
}

export interface FinalLabel {
  item_id: number;
  result: Result;
  provenance: Provenance;
  confidence: number | null;
  agreement: number | null;
  controls: Record<string, FinalControl>;
  n_annotations: number;
  needs_adjudication: boolean;
}

export interface FinalPage {
  items: FinalLabel[];
  total: number;
}

/** One annotator's submitted answer on an item waiting for adjudication. */
export interface AdjudicationAnswer {
  annotation_id?: number;
  author: string;
  result: Result;
}

export interface AdjudicationItem {
  item_id: number;
  data?: Record<string, unknown>;
  answers: AdjudicationAnswer[];
  final: FinalLabel | null;
  [key: string]: unknown;
}

export interface AdjudicationPage {
  items: AdjudicationItem[];
  total: number;
}

type Id = number | string;

/** A JSON request through `call` (the client's error mapping: `ApiError` with the server's code). */
function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const pending = fetch(path, {
    method,
    credentials: "same-origin",
    signal,
    headers: {
      Accept: "application/json",
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...csrfHeaders(),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (response) => {
    const parsed: unknown = await response.json().catch(() => undefined);
    return response.ok ? { data: parsed as T, response } : { error: parsed, response };
  });
  return call<T>(pending);
}

const page = (p: number, size: number) => `page=${p}&page_size=${size}`;

export const finalApi = {
  /** The project's final labels, one per item (managers and reviewers). */
  final: (id: Id, p: number, size: number, signal?: AbortSignal): Promise<FinalPage> =>
    request("GET", `/api/projects/${Number(id)}/final?${page(p, size)}`, undefined, signal),
  /** Items waiting for adjudication, with every answer and the current final label. */
  adjudication: (id: Id, p: number, size: number, signal?: AbortSignal): Promise<AdjudicationPage> =>
    request("GET", `/api/projects/${Number(id)}/adjudication?${page(p, size)}`, undefined, signal),
  /** The expert's result becomes the item's final label (provenance `adjudicated`). */
  adjudicate: (id: Id, itemId: number, result: Result): Promise<FinalLabel> =>
    request("POST", `/api/projects/${Number(id)}/adjudication/${itemId}`, { result }),
};
