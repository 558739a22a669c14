/** The diff between two guideline versions: the sections it touches, then the changed lines
 * with a few lines of context, numbered on both sides. */
import type { GuidelineDiff } from "../api/guidelines";
import { Text } from "../render";

const CHANGE_WORD = { added: "added", removed: "removed", changed: "changed" } as const;

export function DiffView({ diff }: { diff: GuidelineDiff }) {
  return (
    <div className="guideline-diff">
      <p className="hint">
        {diff.old.name} → {diff.new.name}: <span className="diff-added">+{diff.added}</span>{" "}
        <span className="diff-removed">−{diff.removed}</span> lines
      </p>
      {diff.sections.length > 0 && (
        <ul className="diff-sections" aria-label="Sections changed">
          {diff.sections.map((s) => (
            <li key={`${s.change}-${s.anchor}`} className={`diff-section ${s.change}`}>
              <span className="badge">{CHANGE_WORD[s.change]}</span> <Text value={s.title || "(top)"} />
            </li>
          ))}
        </ul>
      )}
      {diff.hunks.length === 0 && <p className="hint">The two versions have the same text.</p>}
      {diff.hunks.map((h) => (
        <table key={`${h.old_start}-${h.new_start}`} className="diff-hunk">
          <tbody>
            {h.lines.map((line, i) => (
              <tr key={i} className={`diff-line ${line.op}`} data-op={line.op}>
                <td className="line-no">{line.old_line ?? ""}</td>
                <td className="line-no">{line.new_line ?? ""}</td>
                <td className="diff-mark">{line.op === "add" ? "+" : line.op === "remove" ? "−" : " "}</td>
                <td className="diff-text">
                  <Text value={line.text} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      {diff.truncated && <p className="hint">The diff is too long to show whole.</p>}
    </div>
  );
}
