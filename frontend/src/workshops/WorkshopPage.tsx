/**
 * A live workshop, for its trainer or a trainee (the server's state says which: `you`). The
 * state arrives whole over Server-Sent Events on every change; nothing here decides what a
 * trainee may see — the server cuts each state for its viewer (no reference before the reveal).
 *
 * Trainer: the item, answered/joined counts, the distribution per control as bars, every
 * trainee's regions drawn overlaid, each trainee's answer and score; Reveal, Next item, Close,
 * and "Make a question" on a split item. Trainee: the labeling workspace and Send answer; after
 * the reveal, their answer drawn against the reference with the explanations and their score.
 */
import { useCallback, useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { api } from "../api/endpoints";
import type { Project, Result } from "../api/types";
import {
  listenToWorkshop,
  workshopApi,
  type ControlDistribution,
  type WorkshopReport,
  type WorkshopState,
} from "../api/workshops";
import { useAuth } from "../auth";
import { AnswerView } from "../labeling/AnswerView";
import { mergeBindings } from "../labeling/shortcuts";
import { missingRequired, withEmptyAnswers } from "../labeling/submission";
import { Workspace, type WorkspaceAction } from "../labeling/Workspace";
import { Text } from "../render";
import { pct } from "../training/PracticeFeedback";
import { bars, disputed, overlay, questionText } from "./live";
import "./workshops.css";

export function Distribution({ d }: { d: ControlDistribution }) {
  const split = disputed(d);
  return (
    <section data-testid={`dist-${d.control}`}>
      <h4>
        <Text value={d.control} /> · {d.answered} answered{split && <span className="split"> · split</span>}
      </h4>
      <ul className="distribution">
        {bars(d).map((b) => (
          <li key={b.label}>
            <Text value={b.label} />
            <span className="bar" style={{ width: `${Math.round(b.share * 100)}%` }} aria-hidden />
            <span data-testid={`count-${d.control}-${b.label}`}>{b.count}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Report({ report }: { report: WorkshopReport }) {
  return (
    <table className="report" data-testid="workshop-report">
      <thead>
        <tr>
          <th>Trainee</th>
          {report.items.map((i) => (
            <th key={i.item_id}>Item {i.position + 1}</th>
          ))}
          <th>Mean</th>
        </tr>
      </thead>
      <tbody>
        {report.trainees.map((row) => (
          <tr key={row.user}>
            <td>
              <Text value={row.user} />
            </td>
            {report.items.map((i) => {
              const s = row.scores[String(i.item_id)];
              return <td key={i.item_id}>{s == null ? "—" : pct(s)}</td>;
            })}
            <td>{row.mean_score == null ? "—" : pct(row.mean_score)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function WorkshopPage() {
  const { projectId = "", workshopId = "" } = useParams();
  const { me } = useAuth();
  const [project, setProject] = useState<Project | null>(null);
  const [state, setState] = useState<WorkshopState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [draft, setDraft] = useState<Result>({});
  const [missing, setMissing] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [question, setQuestion] = useState<string | null>(null);
  const [report, setReport] = useState<WorkshopReport | null>(null);
  const [connected, setConnected] = useState(false);
  const bindings = mergeBindings(me?.shortcuts);

  /** Newer states only: a slow POST answer must not overwrite a newer pushed state. */
  const take = useCallback((next: WorkshopState) => {
    setState((cur) => (cur && cur.revision > next.revision ? cur : next));
  }, []);

  useEffect(() => {
    api.project(projectId).then(setProject, (e: Error) => setError(e.message));
    workshopApi.state(workshopId).then(take, (e: Error) => setError(e.message));
  }, [projectId, workshopId, take]);

  const seat = state?.you;
  useEffect(() => {
    if (seat !== "trainer" && seat !== "trainee") return;
    return listenToWorkshop(
      workshopId,
      (s) => {
        setConnected(true);
        take(s);
      },
      () => setError("You no longer have access to this workshop."),
      () => setConnected(false),
    );
  }, [workshopId, seat, take]);

  const itemId = state?.item?.id;
  useEffect(() => {
    setDraft({});
    setMissing([]);
    setQuestion(null);
  }, [itemId]);

  const closed = state?.state === "closed";
  const [showReport, setShowReport] = useState(false);
  useEffect(() => {
    if (closed || showReport) workshopApi.report(workshopId).then(setReport, () => undefined);
  }, [closed, showReport, workshopId, state?.revision]);

  const act = async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setNotice(null);
    try {
      const out = await work();
      if (out && typeof out === "object" && "revision" in out) take(out as WorkshopState);
      if (done) setNotice(done);
    } catch (err) {
      setNotice((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const send = () => {
    if (!project || !state?.item) return;
    const result = withEmptyAnswers(project.schema, draft);
    const unanswered = missingRequired(project.schema, result);
    if (unanswered.length > 0) {
      setMissing(unanswered);
      setNotice(
        `Answer the required control${unanswered.length > 1 ? "s" : ""} first: ${unanswered.join(", ")}`,
      );
      return;
    }
    void act(() => workshopApi.answer(workshopId, state.item!.id, result), "Answer sent");
  };

  const onAction = (action: WorkspaceAction) => {
    if (action === "submit") send();
  };
  const onChange = (control: string, value: unknown) => {
    setMissing((m) => m.filter((c) => c !== control));
    setDraft((d) => {
      const next = { ...d };
      if (value === undefined) delete next[control];
      else next[control] = value;
      return next;
    });
  };

  if (error)
    return (
      <div className="workshop-page">
        <p className="error" role="alert">
          <Text value={error} />
        </p>
        <Link to={`/projects/${projectId}`}>Back to the project</Link>
      </div>
    );
  if (!state || !project) return <p className="hint center">Loading…</p>;
  const schema = project.schema;
  const revealed = state.state === "revealed";
  const split = (state.distribution ?? []).filter((d) => disputed(d));

  return (
    <div className="workshop-page labeling-page">
      <header className="labeling-header workshop-bar">
        <Link to={`/projects/${projectId}`} className="back">
          ← <Text value={project.name} />
        </Link>
        <strong>
          <Text value={state.title} />
        </strong>
        <span data-testid="workshop-position">
          {closed ? "Closed" : `Item ${state.position + 1} of ${state.items}`}
        </span>
        <span data-testid="workshop-counts">
          {state.answered} of {state.joined} answered
        </span>
        <span className="hint">
          {state.you === "trainer" ? "You lead" : state.trainer ? `Led by ${state.trainer}` : ""}
        </span>
        {(seat === "trainer" || seat === "trainee") && !closed && (
          <span className="hint" data-testid="workshop-live">
            {connected ? "live" : "connecting…"}
          </span>
        )}
        {seat === "trainer" && !closed && (
          <div className="toolbar">
            <button
              type="button"
              className="primary"
              disabled={busy || revealed}
              onClick={() => void act(() => workshopApi.reveal(workshopId))}
            >
              Reveal
            </button>
            <button
              type="button"
              disabled={busy || state.position + 1 >= state.items}
              onClick={() => void act(() => workshopApi.next(workshopId, state.position))}
            >
              Next item
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => void act(() => workshopApi.close(workshopId))}
            >
              Close workshop
            </button>
            <button type="button" aria-pressed={showReport} onClick={() => setShowReport((v) => !v)}>
              Report so far
            </button>
          </div>
        )}
      </header>
      {notice && (
        <p className="notice" role="status">
          <Text value={notice} />
        </p>
      )}
      {seat === "guest" && !closed && (
        <div className="card">
          <p>Join to label the items with everyone.</p>
          <button
            type="button"
            className="primary"
            onClick={() => void act(() => workshopApi.join(workshopId))}
          >
            Join
          </button>
        </div>
      )}
      {closed && (
        <div className="card">
          <h2>The workshop is over</h2>
          {report ? <Report report={report} /> : <p className="hint">Loading the report…</p>}
        </div>
      )}
      {seat === "trainer" && showReport && !closed && report && (
        <div className="card">
          <h3>Scores so far (graded at each reveal)</h3>
          <Report report={report} />
        </div>
      )}
      {seat === "trainer" && state.item && (
        <div className="workshop-trainer">
          <section className="card" aria-label="Distribution">
            <h3>Answers</h3>
            {(state.distribution ?? []).map((d) => (
              <Distribution key={d.control} d={d} />
            ))}
            {split.length > 0 && question === null && (
              <button
                type="button"
                onClick={() => setQuestion(questionText(state.title, state.position, split))}
              >
                Make a question
              </button>
            )}
            {question !== null && (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void act(
                    () => workshopApi.question(workshopId, state.item!.id, question),
                    "Question added to the queue",
                  );
                  setQuestion(null);
                }}
              >
                <label>
                  Question for the guideline
                  <textarea
                    value={question}
                    onChange={(e) => setQuestion(e.target.value)}
                    rows={3}
                    maxLength={5000}
                  />
                </label>
                <button type="submit" className="primary" disabled={busy || !question.trim()}>
                  Add to the questions
                </button>
              </form>
            )}
          </section>
          <section className="card" aria-label="Overlay">
            <h3>All answers drawn together{revealed ? ", with the reference" : ""}</h3>
            <AnswerView
              key={`${state.item.id}-${state.revision}`}
              schema={schema}
              data={state.item.data}
              result={overlay(schema, state.answers ?? [])}
              reference={revealed ? (state.reference ?? undefined) : undefined}
            />
          </section>
          <section className="card" aria-label="Trainees">
            <h3>Trainees</h3>
            <ul data-testid="trainee-answers">
              {(state.participants ?? []).map((p) => {
                const a = (state.answers ?? []).find((x) => x.user === p);
                return (
                  <li key={p}>
                    <Text value={p} /> — {a ? (a.score == null ? "answered" : pct(a.score)) : "waiting"}
                  </li>
                );
              })}
            </ul>
          </section>
        </div>
      )}
      {seat === "trainee" && state.item && !revealed && (
        <>
          <div className="toolbar">
            <button type="button" className="primary" disabled={busy} onClick={send}>
              {state.your_answer ? "Change my answer" : "Send answer"}
            </button>
            {state.your_answer && (
              <span data-testid="answer-sent">Answer sent — waiting for the trainer</span>
            )}
          </div>
          <Workspace
            schema={schema}
            data={state.item.data}
            itemKey={`${state.item.id}`}
            result={draft}
            onChange={onChange}
            bindings={bindings}
            onAction={onAction}
            keysEnabled={!busy}
            keyScope="window"
            notify={setNotice}
            missing={missing}
          />
        </>
      )}
      {seat === "trainee" && state.item && revealed && (
        <div className="workshop-revealed" data-testid="workshop-revealed">
          <p className="score-badge" role="status" data-testid="workshop-score">
            {state.your_score == null ? (
              "You did not answer this item."
            ) : (
              <>
                Your score: <strong>{pct(state.your_score)}</strong>
              </>
            )}
          </p>
          <AnswerView
            schema={schema}
            data={state.item.data}
            result={state.your_answer ?? {}}
            reference={state.reference ?? undefined}
            aside={(control) => {
              const why = state.explanations?.[control.name];
              return why ? (
                <div className="explanation">
                  <h4>Why</h4>
                  <p>
                    <Text value={why} />
                  </p>
                </div>
              ) : null;
            }}
          />
          <section className="card" aria-label="Everyone's answers">
            <h3>Everyone's answers</h3>
            {(state.distribution ?? []).map((d) => (
              <Distribution key={d.control} d={d} />
            ))}
          </section>
        </div>
      )}
    </div>
  );
}
