/** A finished exam attempt: passed or failed, the score overall and per control against the
 * pass marks, and counts per label. It never holds a reference answer (the server sends none:
 * exam items come back in later attempts). */
import { Text } from "../render";
import { pct } from "./PracticeFeedback";
import type { ExamReport as Report } from "./types";

const rate = (x: number | null) => (x === null ? "—" : pct(x));

export function ExamReport({ report, attemptsLeft }: { report: Report; attemptsLeft: number | null }) {
  const controls = Object.keys(report.scores);
  return (
    <section className="exam-report" aria-label="Exam result">
      <p className={`score-badge ${report.passed ? "ok" : "bad"}`} role="status" data-testid="exam-verdict">
        <strong>{report.passed ? "Passed" : "Not passed"}</strong> — {pct(report.score)} (pass mark{" "}
        {pct(report.pass_mark)})
      </p>
      <p className="hint">
        {report.answered} of {report.total} items answered
        {report.answered < report.total ? " (unanswered items count as wrong)" : ""}.
        {!report.passed &&
          attemptsLeft !== null &&
          ` ${attemptsLeft} attempt${attemptsLeft === 1 ? "" : "s"} left.`}
      </p>
      <h3>Per control</h3>
      <table className="table" aria-label="Scores per control">
        <thead>
          <tr>
            <th>Control</th>
            <th className="num">Score</th>
            <th className="num">Pass mark</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {controls.map((name) => {
            const failed = report.failed_controls.includes(name);
            const mark = report.per_control_pass_mark[name];
            return (
              <tr key={name} data-control={name}>
                <td>
                  <Text value={name} />
                </td>
                <td className="num">{pct(report.scores[name])}</td>
                <td className="num">{mark === undefined ? "—" : pct(mark)}</td>
                <td className={failed ? "failed" : undefined}>{failed ? "✗ below its pass mark" : "✓"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {Object.entries(report.per_label)
        .filter(([, labels]) => Object.keys(labels).length > 0)
        .map(([control, labels]) => (
          <div key={control}>
            <h3>
              Per label: <Text value={control} />
            </h3>
            <table className="table" aria-label={`Per label: ${control}`}>
              <thead>
                <tr>
                  <th>Label</th>
                  <th className="num" title="times the label was right to use">
                    Expected
                  </th>
                  <th className="num" title="times you used it">
                    You used
                  </th>
                  <th className="num">Right</th>
                  <th className="num" title="of the times you used it, how often it was right">
                    Precision
                  </th>
                  <th className="num" title="of the times it was expected, how often you used it">
                    Recall
                  </th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(labels).map(([label, s]) => (
                  <tr key={label}>
                    <td>
                      <Text value={label} />
                    </td>
                    <td className="num">{s.support}</td>
                    <td className="num">{s.predicted}</td>
                    <td className="num">{Number.isInteger(s.correct) ? s.correct : s.correct.toFixed(1)}</td>
                    <td className="num">{rate(s.precision)}</td>
                    <td className="num">{rate(s.recall)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
