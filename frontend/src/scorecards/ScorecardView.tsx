/**
 * One annotator's scorecard: items done and active time, training (practice, exams,
 * certification, pause), quality checks (honeypot accuracy rolling and over time, confusion
 * against gold, what they confuse most) and agreement with the consensus. The same view serves
 * the annotator's "My progress" and a manager's drill-down; what it shows is what the API sent.
 */
import type { Scorecard } from "../api/types";
import { Text } from "../render";
import { fmtRate, fmtSeconds } from "../quality/format";
import { AccuracyChart } from "./AccuracyChart";
import { pct } from "./attention";
import { ConfusionTable } from "./ConfusionTable";

export function ScorecardView({
  card,
  threshold,
  own,
}: {
  card: Scorecard;
  threshold: number | null;
  own: boolean;
}) {
  const exams = card.exams;
  return (
    <div className="scorecard" data-testid="scorecard">
      <section className="stats">
        <div>
          <strong>{card.items_done.toLocaleString()}</strong> items done
        </div>
        <div>
          <strong>{fmtSeconds(card.median_lead_time_ms)}</strong> median time per item
        </div>
        <div>
          <strong>{card.certified ? "certified" : "not certified"}</strong>
          {card.certified_at && (
            <span className="hint"> since {new Date(card.certified_at).toLocaleDateString()}</span>
          )}
        </div>
        <div>
          <strong>{fmtRate(card.honeypots.overall)}</strong> accuracy on quality checks (last{" "}
          {card.honeypots.window})
        </div>
      </section>
      {card.pause && (
        <p className="notice warn" role="status">
          Paused: <Text value={card.pause.reason} />
          {card.pause.focus_labels.length > 0 && (
            <>
              {" "}
              Refresher on: <Text value={card.pause.focus_labels.join(", ")} />
            </>
          )}
        </p>
      )}

      <section>
        <h3>Quality checks over time</h3>
        {own && card.honeypots_until && (
          <p className="hint">Counted up to the end of yesterday (UTC); today's checks show tomorrow.</p>
        )}
        <AccuracyChart points={card.accuracy_over_time} threshold={threshold} />
        <table className="table compact">
          <thead>
            <tr>
              <th>Control</th>
              <th className="num">Accuracy (last {card.honeypots.window})</th>
            </tr>
          </thead>
          <tbody>
            {card.honeypots.controls
              .filter((c) => c.accuracy.n > 0)
              .map((c) => (
                <tr key={c.control}>
                  <td>
                    <Text value={c.control} />
                  </td>
                  <td className={c.accuracy.too_few ? "num too-few" : "num"}>
                    {pct(c.accuracy.value)} <span className="hint">(n={c.accuracy.n})</span>
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>

      {card.confusions.some((m) => m.n > 0) && (
        <section>
          <h3>Against the reference answers</h3>
          {card.confused_most.length > 0 && (
            <ul className="confused" data-testid="confused-most">
              {card.confused_most.map((c, i) => (
                <li key={i}>
                  <Text value={c.control} />: <Text value={c.reference} /> answered as{" "}
                  <Text value={c.answer} /> ×{c.count}
                </li>
              ))}
            </ul>
          )}
          {card.confusions
            .filter((m) => m.n > 0)
            .map((m) => (
              <ConfusionTable key={m.control} matrix={m} />
            ))}
        </section>
      )}

      <section>
        <h3>Training</h3>
        <p>
          Practice: {card.practice.answers} answers on {card.practice.items} items, mean score{" "}
          {pct(card.practice.mean_score)}
        </p>
        {exams.length === 0 ? (
          <p className="hint">No exam taken yet.</p>
        ) : (
          <table className="table compact" data-testid="exam-history">
            <thead>
              <tr>
                <th>Exam</th>
                <th>Started</th>
                <th className="num">Score</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {exams.map((e, i) => (
                <tr key={e.id}>
                  <td>#{i + 1}</td>
                  <td>{new Date(e.started_at).toLocaleString()}</td>
                  <td className="num">{pct(e.score)}</td>
                  <td>{e.finished_at === null ? "in progress" : e.passed ? "passed" : "failed"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section>
        <h3>Agreement with the consensus</h3>
        {Object.keys(card.agreement).length === 0 ? (
          <p className="hint">No items shared with other annotators yet.</p>
        ) : (
          <table className="table compact">
            <tbody>
              {Object.entries(card.agreement).map(([control, q]) => (
                <tr key={control}>
                  <td>
                    <Text value={control} />
                  </td>
                  <td className={q.agreement_with_consensus.too_few ? "num too-few" : "num"}>
                    {fmtRate(q.agreement_with_consensus)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
