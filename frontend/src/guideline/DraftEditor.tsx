/** The manager's draft: Markdown on the left, the rendered page on the right as it is typed;
 * save it, then publish it as a major or minor version with a note. */
import { useEffect, useState, type FormEvent } from "react";
import { guidelineApi, type GuidelineDraft, type PublishLevel } from "../api/guidelines";
import type { Project } from "../api/types";
import { ErrorAlert } from "../components/Fields";
import { Text } from "../render";
import { Markdown } from "../render/markdown";

export function DraftEditor({ project, onPublished }: { project: Project; onPublished: () => void }) {
  const [draft, setDraft] = useState<GuidelineDraft | null>(null);
  const [markdown, setMarkdown] = useState("");
  const [level, setLevel] = useState<PublishLevel>("minor");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    guidelineApi.draft(project.id).then(
      (d) => {
        setDraft(d);
        setMarkdown(d.markdown);
        if (!d.latest) setLevel("major");
      },
      (err: Error) => setError(err.message),
    );
  }, [project.id]);

  const dirty = draft !== null && markdown !== draft.markdown;

  const save = async () => {
    const saved = await guidelineApi.saveDraft(project.id, markdown);
    setDraft(saved);
    return saved;
  };

  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await what();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const publish = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      if (dirty) await save();
      const { version } = await guidelineApi.publish(project.id, level, note.trim());
      setNotice(`Published version ${version.name}.`);
      setNote("");
      setDraft(await guidelineApi.draft(project.id));
      onPublished();
    });
  };

  if (!draft) return error ? <ErrorAlert message={error} /> : <p className="hint">Loading…</p>;
  return (
    <div className="draft-editor">
      <p className="hint">
        {draft.latest ? `Latest published: ${draft.latest.name}. ` : "Nothing published yet. "}
        {dirty
          ? "Unsaved edits."
          : draft.unpublished_changes
            ? "The draft has unpublished changes."
            : "The draft is published."}
        {draft.updated_by && (
          <>
            {" "}
            Last saved by <Text value={draft.updated_by} />.
          </>
        )}
      </p>
      <div className="draft-panes">
        <label className="draft-source">
          Markdown (headings are sections; a heading named like a label defines it)
          <textarea
            value={markdown}
            onChange={(e) => setMarkdown(e.target.value)}
            spellCheck
            rows={24}
            aria-label="Guideline draft"
          />
        </label>
        <div className="draft-preview" aria-label="Preview">
          <Markdown markdown={markdown} />
        </div>
      </div>
      <div className="actions">
        <button
          type="button"
          disabled={busy || !dirty}
          onClick={() => void run(async () => void (await save()))}
        >
          Save draft
        </button>
      </div>
      <form className="card publish-form" onSubmit={publish} aria-label="Publish">
        <h3>Publish</h3>
        <fieldset className="inline">
          <label>
            <input type="radio" name="level" checked={level === "minor"} onChange={() => setLevel("minor")} />{" "}
            Minor (clarification)
          </label>
          <label>
            <input type="radio" name="level" checked={level === "major"} onChange={() => setLevel("major")} />{" "}
            Major (annotators acknowledge it again)
          </label>
        </fieldset>
        <label>
          Change note
          <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={20000} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Publish
        </button>
      </form>
      <ErrorAlert message={error} />
      {notice && (
        <p className="ok" role="status">
          <Text value={notice} />
        </p>
      )}
    </div>
  );
}
