/** "Flag / ask" on the labeling page: the annotator says what is unclear about this item. The
 * dialog is the same for every item (nothing differs for gold items). */
import { useState } from "react";
import { Text } from "../render";

export function AskDialog({
  onAsk,
  onCancel,
}: {
  onAsk: (text: string, section: string | null) => Promise<void>;
  onCancel: () => void;
}) {
  const [text, setText] = useState("");
  const [section, setSection] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label="Flag this item and ask">
      <form
        className="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) {
            setError("Write your question first.");
            return;
          }
          setBusy(true);
          onAsk(text.trim(), section.trim() || null).catch((err: Error) => {
            setError(err.message);
            setBusy(false);
          });
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            onCancel();
          }
        }}
      >
        <h2>Flag as unclear and ask</h2>
        <label>
          Your question
          <textarea
            autoFocus
            rows={4}
            maxLength={5000}
            value={text}
            onChange={(e) => setText(e.target.value)}
            name="question"
          />
        </label>
        <label>
          Guideline section (optional)
          <input
            value={section}
            maxLength={200}
            onChange={(e) => setSection(e.target.value)}
            name="section"
          />
        </label>
        {error && (
          <p className="error">
            <Text value={error} />
          </p>
        )}
        <footer>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Send question
          </button>
        </footer>
      </form>
    </div>
  );
}
