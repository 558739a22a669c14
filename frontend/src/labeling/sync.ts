/**
 * Saving one item's annotation: the first save creates it, later saves PATCH with the version the
 * server last returned. Saves run one at a time, in order, so two drafts never race to create two
 * annotations. A stale version (code `stale_version`) surfaces as `StaleVersion` carrying the
 * server's annotation; every other error (an item already full, say) passes through as it is.
 */
import { ApiError } from "../api/client";
import type { Annotation, AnnotationIn, AnnotationPatch, AnnotationStatus, Result } from "../api/types";

export interface AnnotationApi {
  create(body: AnnotationIn): Promise<Annotation>;
  update(id: Annotation["id"], body: AnnotationPatch): Promise<Annotation>;
}

export class StaleVersion extends Error {
  readonly current: Annotation | null;
  constructor(current: Annotation | null) {
    super("This annotation was changed elsewhere; the saved version was reloaded.");
    this.name = "StaleVersion";
    this.current = current;
  }
}

/** Drop controls without a value, so the server sees only what was answered. */
export function cleanResult(result: Result): Result {
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined && v !== null));
}

export class AnnotationSync {
  private annotation: Annotation | null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly api: AnnotationApi;

  constructor(api: AnnotationApi, existing: Annotation | null) {
    this.api = api;
    this.annotation = existing;
  }

  get current(): Annotation | null {
    return this.annotation;
  }

  /** Queue a save; resolves with the stored annotation. */
  save(result: Result, status: AnnotationStatus, leadTimeMs: number): Promise<Annotation> {
    const run = async () => {
      const body = { result: cleanResult(result), status, lead_time_ms: Math.round(leadTimeMs) };
      try {
        this.annotation = this.annotation
          ? await this.api.update(this.annotation.id, { ...body, version: this.annotation.version })
          : await this.api.create(body);
        return this.annotation;
      } catch (err) {
        if (err instanceof ApiError && err.code === "stale_version") {
          const current = (err.detail.current as Annotation | undefined) ?? null;
          if (current) this.annotation = current;
          throw new StaleVersion(current);
        }
        throw err;
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** Resolves once every queued save has settled. */
  idle(): Promise<unknown> {
    return this.queue;
  }
}
