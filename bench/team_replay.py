"""Offline replay of bench_team.py's simulated team, to explore adaptive-overlap settings fast.

    python bench/team_replay.py [--items 150] [--seeds 3] MIN,MAX,CONF,METHOD,WEIGHTED,GATE[,PAUSE,WINDOW] ...

No server: the same team (``bench_team.team``), truth and answers, a queue that serves the first
open item an annotator has not answered (honeypots at the project's rate, twice that for an
annotator's first 10), and the job's own code every ``--job-every`` answers — the final labels'
truth inference (``services.final_inference.infer``, honeypot anchors and gating as the job
builds them) and the adaptive decision (``services.adaptive_overlap.decide``). A pause takes
effect at once here (the server starts it up to 10 minutes later). Used to choose the arms
bench_team.py then measures through the HTTP API; its figures are not the benchmark's.
"""

from __future__ import annotations

import argparse
import statistics
from dataclasses import dataclass

import numpy as np
from bench_team import CLASSES, PRIOR, team

from goldlabel.services.adaptive_overlap import decide
from goldlabel.services.consensus_settings import ConsensusMethod, OverlapPolicy
from goldlabel.services.final_inference import Anchors, Inferred, infer

HONEYPOT_TASK = 10_000_000  # honeypot task ids in the fit, apart from the items'


@dataclass(frozen=True)
class Config:
    lo: int
    hi: int
    confidence: float
    method: ConsensusMethod
    weighted: bool
    gate: float
    pause: float = 0.0
    window: int = 8

    @classmethod
    def parse(cls, spec: str) -> Config:
        lo, hi, conf, method, weighted, gate, *rest = spec.split(",")
        pause = (float(rest[0]), int(rest[1])) if rest else (0.0, 8)
        return cls(int(lo), int(hi), float(conf), method, weighted == "1", float(gate), *pause)  # type: ignore[arg-type]


def replay(
    cfg: Config, seed: int, n_items: int, n_team: int, n_gold: int, job_every: int
) -> tuple[float, float]:
    """(accuracy of the final labels, production answers per item) of one seed."""
    members = team(n_team)
    rng = np.random.default_rng(seed)
    truth = rng.choice(len(CLASSES), size=n_items, p=PRIOR)
    gold = rng.choice(len(CLASSES), size=n_gold, p=PRIOR)
    speeds = np.array([m.speed for m in members])
    policy = OverlapPolicy(min=cfg.lo, max=cfg.hi, confidence=cfg.confidence)
    target = np.full(n_items, cfg.lo)
    answers: list[dict[int, int]] = [{} for _ in range(n_items)]
    honeypots: dict[int, dict[int, int]] = {}
    history: list[list[bool]] = [[] for _ in range(n_team)]
    paused = np.zeros(n_team, dtype=bool)

    def job() -> dict[int, Inferred]:
        accuracy = {w: float(np.mean(h[-20:])) for w, h in enumerate(history) if h}
        gated = {w for w, a in accuracy.items() if a < cfg.gate} if cfg.gate > 0 else set()
        per_item = {
            i: {w: CLASSES[v] for w, v in a.items() if w not in gated} for i, a in enumerate(answers) if a
        }
        anchors = None
        if cfg.weighted and cfg.method != "majority_vote":
            anchors = Anchors(
                {HONEYPOT_TASK + j: {w: CLASSES[v] for w, v in by.items()} for j, by in honeypots.items()},
                {HONEYPOT_TASK + j: CLASSES[gold[j]] for j in honeypots},
            )
        weights = accuracy if cfg.weighted and cfg.method == "majority_vote" else None
        fit = infer(cfg.method, per_item, accuracy=weights, anchors=anchors)
        for i, a in enumerate(answers):
            if a:
                found = fit.get(i)
                d = decide(policy, i, len(a), int(target[i]), cfg.lo, found.confidence if found else None)
                if d.ask_for:
                    target[i] = d.ask_for
        return fit

    steps = 0
    while True:
        served = 0
        active = ~paused
        while active.any():
            p = np.where(active, speeds, 0.0)
            w = int(rng.choice(n_team, p=p / p.sum()))
            open_items = [i for i in range(n_items) if len(answers[i]) < target[i] and w not in answers[i]]
            if not open_items:
                active[w] = False
                continue
            unseen = [j for j in range(n_gold) if w not in honeypots.get(j, {})]
            if unseen and rng.random() < (0.2 if len(history[w]) < 10 else 0.1):
                j = unseen[0]
                answer = int(rng.choice(len(CLASSES), p=members[w].confusion[gold[j]]))
                honeypots.setdefault(j, {})[w] = answer
                history[w].append(answer == gold[j])
                if (
                    cfg.pause > 0
                    and len(history[w]) >= cfg.window
                    and np.mean(history[w][-cfg.window :]) < cfg.pause
                ):
                    paused[w] = True
                    active[w] = False
                continue
            i = open_items[0]
            answers[i][w] = int(rng.choice(len(CLASSES), p=members[w].confusion[truth[i]]))
            served += 1
            steps += 1
            if steps % job_every == 0:
                job()
        fit = job()
        if served == 0:
            break
    right = sum(1 for i in range(n_items) if (f := fit.get(i)) is not None and f.label == CLASSES[truth[i]])
    return right / n_items, sum(len(a) for a in answers) / n_items


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("configs", nargs="*", help="MIN,MAX,CONF,METHOD,WEIGHTED(0/1),GATE[,PAUSE,WINDOW]")
    parser.add_argument("--items", type=int, default=150)
    parser.add_argument("--team", type=int, default=12)
    parser.add_argument("--gold", type=int, default=30)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--job-every", type=int, default=20, help="answers between two runs of the job")
    args = parser.parse_args()
    configs = [Config(5, 5, 0.0, "majority_vote", False, 0.0), *map(Config.parse, args.configs)]
    for cfg in configs:
        runs = [replay(cfg, s, args.items, args.team, args.gold, args.job_every) for s in range(args.seeds)]
        accuracy = statistics.median(r[0] for r in runs)
        spent = statistics.median(r[1] for r in runs)
        print(
            f"{cfg}: accuracy {accuracy:.3f} ({', '.join(f'{r[0]:.3f}' for r in runs)}), {spent:.2f} per item"
        )


if __name__ == "__main__":
    main()
