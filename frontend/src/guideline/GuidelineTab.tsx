/**
 * The project's Guideline tab. Every member reads the published guideline (with its examples),
 * acknowledges it, and can compare versions; managers also edit the draft and publish it, manage
 * examples and see who acknowledged which version.
 */
import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../api/client";
import {
  guidelineApi,
  type AcknowledgementReport,
  type GuidelineDiff,
  type GuidelineVersion,
  type PublishedGuideline,
} from "../api/guidelines";
import type { Project } from "../api/types";
import { ErrorAlert } from "../components/Fields";
import { Text } from "../render";
import { sectionDomId } from "../render/markdown";
import { DiffView } from "./DiffView";
import { DraftEditor } from "./DraftEditor";
import { ExamplesEditor } from "./ExamplesEditor";
import { GuidelineDocument } from "./GuidelineDocument";
import "./guideline.css";

type View = "read" | "edit" | "examples" | "versions" | "acks";
const VIEWS: Record<View, string> = {
  read: "Published",
  edit: "Edit draft",
  examples: "Examples",
  versions: "Versions",
  acks: "Acknowledgements",
};

/** `onAcknowledged` lets the page refresh what depends on it (the annotator's training path). */
export function GuidelineTab({ project, onAcknowledged }: { project: Project; onAcknowledged?: () => void }) {
  const manager = project.role === "manager";
  const views: View[] = manager ? ["read", "edit", "examples", "versions", "acks"] : ["read", "versions"];
  const [view, setView] = useState<View>("read");
  return (
    <div className="guideline-tab">
      <nav className="subtabs" aria-label="Guideline">
        {views.map((v) => (
          <button
            key={v}
            type="button"
            className={v === view ? "active" : ""}
            aria-pressed={v === view}
            onClick={() => setView(v)}
          >
            {VIEWS[v]}
          </button>
        ))}
      </nav>
      {view === "read" && <PublishedView project={project} onAcknowledged={onAcknowledged} />}
      {view === "edit" && <DraftEditor project={project} onPublished={() => {}} />}
      {view === "examples" && <ExamplesEditor project={project} />}
      {view === "versions" && <VersionsView project={project} />}
      {view === "acks" && <AcksView project={project} />}
    </div>
  );
}

function PublishedView({ project, onAcknowledged }: { project: Project; onAcknowledged?: () => void }) {
  const [guideline, setGuideline] = useState<PublishedGuideline | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState("");

  const load = useCallback(() => {
    guidelineApi.published(project.id).then(
      (g) => {
        setGuideline(g);
        // a link to a section (…/guideline#anchor) lands on it
        const hash = decodeURIComponent(window.location.hash.slice(1));
        if (hash) window.setTimeout(() => document.getElementById(sectionDomId(hash))?.scrollIntoView(), 0);
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.code === "no_guideline") setMissing(true);
        else setError((err as Error).message);
      },
    );
  }, [project.id]);
  useEffect(load, [load]);

  const acknowledge = async () => {
    if (!guideline) return;
    try {
      await guidelineApi.acknowledge(project.id, guideline.version.id);
      load();
      onAcknowledged?.();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  if (missing) return <p className="hint">No guideline has been published for this project yet.</p>;
  if (!guideline) return error ? <ErrorAlert message={error} /> : <p className="hint">Loading…</p>;
  const { version } = guideline;
  return (
    <div className="guideline-published">
      <div className="guideline-meta">
        <span>
          Version <strong>{version.name}</strong> · published{" "}
          {new Date(version.published_at).toLocaleDateString()}
        </span>
        {version.note && (
          <span className="hint">
            {" "}
            — <Text value={version.note} />
          </span>
        )}
        {guideline.acknowledged ? (
          <span className="badge good" role="status">
            Acknowledged
          </span>
        ) : (
          <button type="button" className="primary" onClick={() => void acknowledge()}>
            I have read version {version.name} — Acknowledge
          </button>
        )}
      </div>
      {!guideline.acknowledged && guideline.acknowledged_version && (
        <p className="notice">
          You acknowledged version {guideline.acknowledged_version}; read what changed (Versions) and
          acknowledge this one.
        </p>
      )}
      <input
        type="search"
        className="guideline-search"
        placeholder="Search the guideline"
        aria-label="Search the guideline"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <GuidelineDocument
        markdown={guideline.markdown}
        sections={guideline.sections}
        examples={guideline.examples}
        schema={project.schema}
        query={query}
      />
      <ErrorAlert message={error} />
    </div>
  );
}

function VersionsView({ project }: { project: Project }) {
  const [versions, setVersions] = useState<GuidelineVersion[] | null>(null);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [diff, setDiff] = useState<GuidelineDiff | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    guidelineApi.versions(project.id).then(
      (list) => {
        setVersions(list);
        if (list.length > 0) setTo(list[0].id);
        if (list.length > 1) setFrom(list[1].id);
      },
      (err: Error) => setError(err.message),
    );
  }, [project.id]);

  const compare = async () => {
    if (from === null || to === null) return;
    setError(null);
    try {
      setDiff(await guidelineApi.compare(project.id, from, to));
    } catch (err) {
      setError((err as Error).message);
    }
  };

  if (!versions) return error ? <ErrorAlert message={error} /> : <p className="hint">Loading…</p>;
  if (versions.length === 0) return <p className="hint">No version published yet.</p>;
  const select = (value: number | null, set: (v: number) => void, label: string) => (
    <label>
      {label}
      <select value={value ?? ""} onChange={(e) => set(Number(e.target.value))} aria-label={label}>
        {versions.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="guideline-versions">
      <table className="table">
        <thead>
          <tr>
            <th>Version</th>
            <th>Level</th>
            <th>Published</th>
            <th>By</th>
            <th>Note</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id}>
              <td>{v.name}</td>
              <td>{v.level}</td>
              <td>{new Date(v.published_at).toLocaleString()}</td>
              <td>
                <Text value={v.published_by ?? ""} />
              </td>
              <td>
                <Text value={v.note} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {versions.length > 1 && (
        <div className="compare-form">
          {select(from, setFrom, "From")}
          {select(to, setTo, "To")}
          <button type="button" onClick={() => void compare()}>
            Compare
          </button>
        </div>
      )}
      {diff && <DiffView diff={diff} />}
      <ErrorAlert message={error} />
    </div>
  );
}

function AcksView({ project }: { project: Project }) {
  const [report, setReport] = useState<AcknowledgementReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    guidelineApi.acknowledgements(project.id).then(setReport, (err: Error) => setError(err.message));
  }, [project.id]);
  if (!report) return error ? <ErrorAlert message={error} /> : <p className="hint">Loading…</p>;
  return (
    <div className="guideline-acks">
      <p className="hint">
        {report.latest ? `Latest version: ${report.latest.name}.` : "Nothing published yet."}{" "}
        {report.members.filter((m) => m.current).length} of {report.members.length} members acknowledged it.
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>Member</th>
            <th>Role</th>
            <th>Acknowledged</th>
            <th>When</th>
          </tr>
        </thead>
        <tbody>
          {report.members.map((m) => (
            <tr key={m.user_id} className={m.current ? "" : "needs-ack"}>
              <td>
                <Text value={m.email} />
              </td>
              <td>{m.role}</td>
              <td>
                {m.acknowledged_version ?? "—"}
                {m.current ? " ✓" : ""}
              </td>
              <td>{m.acknowledged_at ? new Date(m.acknowledged_at).toLocaleString() : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
