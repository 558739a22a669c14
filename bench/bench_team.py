"""A simulated team through the HTTP API: fixed overlap 5 with majority vote vs adaptive overlap
with Dawid-Skene and honeypot weighting/gating (issue 11).

    python bench/bench_team.py [--big] [--seeds N] [--items N] [--adaptive MIN,MAX,CONF ...] [--out FILE]

One goldlabel server (``goldlabel start``, embedded SQLite, its background job running as
submissions arrive) and a team of scripted annotators who each answer through ``next`` and
``POST /api/items/{id}/annotations`` like the web UI's direct flow. Every annotator draws their
answer from a known confusion matrix P(answer | truth) (``TEAM``): experts, noisy annotators,
class-biased ones (pulled to a favourite class) and spammers (uniform; they are also the fastest,
as in real teams). The task is one single-choice control over four imbalanced classes; the truth
is drawn by the bench, nothing is downloaded. A second import adds honeypots (gold items with the
truth, ``set: honeypot``) and ``training.honeypot_rate`` serves them in the queue, so each
annotator's honeypot accuracy is known to the consensus job (weighting and gating). The baseline
uses none of it (honeypots are served to everyone alike, so the team's work is the same); an
adaptive arm may also pause annotators whose honeypot accuracy falls (``training.pause``, the
platform's own gate: a paused annotator gets no more items, as no refresher is taken here).

Each seed makes one fresh project per arm with the same items and truth. Whose turn it is comes
from the seed too: one annotator at a time, drawn by speed, asks for an item and answers it,
until nobody gets one; for adaptive arms the bench then waits for the job (which reopens items
whose consensus is unsure) and goes on until a pass serves nothing. Final labels are read from
``GET /api/projects/{id}/final`` and compared with the truth. Annotations spent: production
submissions; honeypot answers are counted apart. Prints a markdown table of medians over the
seeds and the machine, and writes it to ``--out``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from bench_server import WORK, free_port, machine
from server.goldlabel_side import Goldlabel

CLASSES = ("a", "b", "c", "d")
PRIOR = np.array([0.4, 0.3, 0.2, 0.1])
CONTROL = "label"
SCHEMA = {
    "fields": {"text": "text"},
    "controls": [{"name": CONTROL, "type": "choices", "field": "text", "options": list(CLASSES)}],
}
HONEYPOT_RATE = 0.1
JOB_INTERVAL_S = 0.5
PAUSE_WINDOW = 8


def uniform_errors(accuracy: float) -> np.ndarray:
    k = len(CLASSES)
    m = np.full((k, k), (1 - accuracy) / (k - 1))
    np.fill_diagonal(m, accuracy)
    return m


def biased(accuracy: float, favourite: int, pull: float) -> np.ndarray:
    """With chance ``pull`` the favourite class whatever the truth, else ``accuracy``-accurate."""
    m = (1 - pull) * uniform_errors(accuracy)
    m[:, favourite] += pull
    return m


@dataclass(frozen=True)
class Member:
    kind: str
    speed: float  # relative chance of being the next to ask for an item
    confusion: np.ndarray  # rows: truth, columns: answer; rows sum to 1


def team(size: int) -> list[Member]:
    """A team of ``size`` (12 by default): 1/6 experts, 1/3 noisy, 1/4 biased, 1/4 spammers."""
    n_expert = max(1, round(size / 6))
    n_biased = max(1, round(size / 4))
    n_spam = max(1, round(size / 4))
    n_noisy = size - n_expert - n_biased - n_spam
    members = [Member("expert", 0.75, uniform_errors(0.95)) for _ in range(n_expert)]
    members += [Member("noisy", 1.0, uniform_errors(0.65)) for _ in range(n_noisy)]
    # Biased towards the big classes (the usual case: "when unsure, say the common label").
    members += [Member("biased", 1.0, biased(0.85, i % 2, 0.5)) for i in range(n_biased)]
    members += [Member("spammer", 1.5, uniform_errors(1 / len(CLASSES))) for _ in range(n_spam)]
    return members


@dataclass(frozen=True)
class Arm:
    name: str
    method: str
    overlap: tuple[int, int, float]  # min, max, confidence
    weighted: bool
    gate: float  # min_honeypot_accuracy
    pause: float = 0.0  # training.pause.below over PAUSE_WINDOW honeypot answers (0: never)

    def consensus(self) -> dict[str, Any]:
        lo, hi, conf = self.overlap
        return {
            "method": self.method,
            "weighted": self.weighted,
            "min_honeypot_accuracy": self.gate,
            "overlap": {"min": lo, "max": hi, "confidence": conf},
        }

    @property
    def adaptive(self) -> bool:
        return self.overlap[0] < self.overlap[1]


FIXED5 = Arm("fixed 5, majority vote", "majority_vote", (5, 5, 0.0), False, 0.0)


def adaptive_arm(spec: str) -> Arm:
    """``MIN,MAX,CONFIDENCE[,PAUSE_BELOW]``: Dawid-Skene, weighted, gate 0.5 (and pauses)."""
    lo, hi, conf, *rest = spec.split(",")
    overlap = (int(lo), int(hi), float(conf))
    pause = float(rest[0]) if rest else 0.0
    name = f"adaptive {lo}-{hi} @ {conf}, Dawid-Skene, weighted, gate 0.5"
    if pause:
        name += f", pause below {pause} over {PAUSE_WINDOW}"
    return Arm(name, "dawid_skene", overlap, True, 0.5, pause)


@dataclass
class Outcome:
    accuracy: float
    production: int  # production annotations submitted
    honeypot: int  # honeypot answers
    items: int
    adjudication: int  # items the job left needing adjudication
    paused: str  # the kinds of the annotators paused, e.g. "3 spammer, 1 noisy"
    wall_s: float


class Team(Goldlabel):
    """The server, the team's accounts and one project per (seed, arm)."""

    def __init__(self, work: Path, members: list[Member]) -> None:
        super().__init__(work, free_port(), "direct")
        self.members = members

    def start(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir(parents=True)
        self.server = self.make_server(self.data_dir, self.work / "server.log")
        self.server.env["GOLDLABEL_BACKGROUND_INTERVAL_SECONDS"] = str(JOB_INTERVAL_S)
        self.server.start()
        self.setup_users(len(self.members))
        self.clients = [
            httpx.Client(base_url=self.base, timeout=60, headers={"Authorization": f"Token {t}"})
            for t in self.annotator_tokens
        ]

    def project(self, name: str, arm: Arm, truth: np.ndarray, gold: np.ndarray) -> tuple[int, dict[int, str]]:
        """A project with the production items and the honeypots; item id -> its text."""
        pid = self.create_project(name, arm.overlap[0], len(self.members), schema=SCHEMA)
        training = {"honeypot_rate": HONEYPOT_RATE, "pause": {"below": arm.pause, "window": PAUSE_WINDOW}}
        patch = self.http.patch(
            f"/api/projects/{pid}", json={"consensus": arm.consensus(), "training": training}
        )
        patch.raise_for_status()
        rows: list[dict[str, Any]] = [{"data": {"text": f"item {i}"}} for i in range(len(truth))]
        self.http.post(f"/api/projects/{pid}/items", json=rows).raise_for_status()
        honeypots = [
            {
                "data": {"text": f"gold {j}"},
                "gold": {
                    "result": {CONTROL: CLASSES[t]},
                    "explanations": {CONTROL: "bench"},
                    "set": "honeypot",
                },
            }
            for j, t in enumerate(gold)
        ]
        self.http.post(f"/api/projects/{pid}/items", json=honeypots).raise_for_status()
        texts: dict[int, str] = {}
        page = 1
        while True:
            got = self.http.get(f"/api/projects/{pid}/items", params={"page": page, "page_size": 500}).json()
            texts.update({row["id"]: row["data"]["text"] for row in got["items"]})
            if len(texts) >= got["total"] or not got["items"]:
                return pid, texts
            page += 1

    def settle(self, pid: int, timeout_s: float = 300) -> None:
        """Wait until the background job has computed every final label (none stale)."""
        t0 = time.perf_counter()
        while True:
            page = self.http.get(f"/api/projects/{pid}/final", params={"page": 1, "page_size": 1})
            page.raise_for_status()
            if page.json()["stale"] == 0:
                return
            if time.perf_counter() - t0 > timeout_s:
                raise RuntimeError(f"final labels still stale after {timeout_s} s")
            time.sleep(JOB_INTERVAL_S / 2)

    def final_labels(self, pid: int) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        page = 1
        while True:
            resp = self.http.get(f"/api/projects/{pid}/final", params={"page": page, "page_size": 500})
            resp.raise_for_status()
            got = resp.json()
            out += got["items"]
            if len(out) >= got["total"] or not got["items"]:
                return out
            page += 1


def is_paused(resp: httpx.Response) -> bool:
    if resp.status_code != 403:
        return False
    detail = resp.json().get("detail") or {}
    return isinstance(detail, dict) and detail.get("code") == "paused"


def run_arm(bench: Team, arm: Arm, seed: int, n_items: int, n_gold: int) -> Outcome:
    data_rng = np.random.default_rng(seed)  # the same items and truth for every arm of a seed
    truth = data_rng.choice(len(CLASSES), size=n_items, p=PRIOR)
    gold = data_rng.choice(len(CLASSES), size=n_gold, p=PRIOR)
    rng = np.random.default_rng([seed, 1])  # whose turn and what they answer
    t0 = time.perf_counter()
    pid, texts = bench.project(f"team {seed} {arm.name}", arm, truth, gold)

    def truth_of(item_id: int) -> tuple[int, bool]:
        kind, index = texts[item_id].split()
        return (int(gold[int(index)]), True) if kind == "gold" else (int(truth[int(index)]), False)

    speeds = np.array([m.speed for m in bench.members])
    paused = np.zeros(len(bench.members), dtype=bool)  # a paused annotator gets no more items
    production = honeypot = 0

    def pass_until_idle() -> int:
        """Annotators ask in turn (drawn by speed) until none gets an item; how many answered."""
        nonlocal production, honeypot
        active = ~paused
        answered = 0
        while active.any():
            p = np.where(active, speeds, 0.0)
            who = int(rng.choice(len(p), p=p / p.sum()))
            client = bench.clients[who]
            resp = client.get(f"/api/projects/{pid}/next")
            if resp.status_code == 204 or is_paused(resp):
                active[who] = False
                paused[who] |= resp.status_code != 204
                continue
            resp.raise_for_status()
            item = resp.json()
            true_class, is_gold = truth_of(item["id"])
            answer = CLASSES[int(rng.choice(len(CLASSES), p=bench.members[who].confusion[true_class]))]
            body = {
                "result": {CONTROL: answer},
                "status": "submitted",
                "lead_time_ms": int(rng.integers(2000, 9000)),
            }
            saved = client.post(f"/api/items/{item['id']}/annotations", json=body)
            if is_paused(saved):  # paused between its next and this save: the answer is refused
                paused[who] = True
                active[who] = False
                continue
            saved.raise_for_status()
            answered += 1
            if is_gold:
                honeypot += 1
            else:
                production += 1
        return answered

    # Adaptive overlap reopens an item once the job has read its answers: after each pass, wait
    # until the job has caught up (no stale final label), and stop when a pass serves nothing.
    while True:
        answered = pass_until_idle()
        bench.settle(pid)
        if answered == 0:
            break
    production_ids = {i for i, text in texts.items() if text.startswith("item ")}
    finals = [f for f in bench.final_labels(pid) if f["item_id"] in production_ids]
    right = sum(
        1 for f in finals if (f.get("result") or {}).get(CONTROL) == CLASSES[truth_of(f["item_id"])[0]]
    )
    return Outcome(
        accuracy=right / n_items,  # an item without a final label counts as wrong
        production=production,
        honeypot=honeypot,
        items=len(finals),
        adjudication=sum(1 for f in finals if f.get("needs_adjudication")),
        paused=", ".join(
            f"{n} {kind}"
            for kind in ("expert", "noisy", "biased", "spammer")
            if (n := sum(1 for m, p in zip(bench.members, paused, strict=True) if p and m.kind == kind))
        )
        or "none",
        wall_s=time.perf_counter() - t0,
    )


def median(values: list[float]) -> float:
    return statistics.median(values)


def report(results: dict[Arm, list[Outcome]], args: argparse.Namespace, members: list[Member]) -> str:
    base = results[FIXED5]
    base_acc = median([o.accuracy for o in base])
    base_n = median([o.production for o in base])
    kinds = ", ".join(
        f"{sum(m.kind == k for m in members)} {k}" for k in ("expert", "noisy", "biased", "spammer")
    )
    lines = [
        "| arm | final-label accuracy (min–max) | production annotations / item | saved vs fixed 5 | "
        "honeypot answers | needing adjudication | goal met |",
        "|---|---|---|---|---|---|---|",
    ]
    for arm, outs in results.items():
        acc = [o.accuracy for o in outs]
        spent = median([o.production for o in outs])
        saved = 1 - spent / base_n
        met = "—" if arm == FIXED5 else ("yes" if median(acc) >= base_acc and saved >= 0.3 else "no")
        lines.append(
            f"| {arm.name} | {median(acc):.3f} ({min(acc):.3f}–{max(acc):.3f}) | {spent / args.items:.2f} "
            f"({spent:.0f}) | {saved:.0%} | {median([o.honeypot for o in outs]):.0f} | "
            f"{median([o.adjudication for o in outs]):.0f} | {met} |"
        )
    cmd = "python bench/bench_team.py " + " ".join(sys.argv[1:])
    per_seed = "; ".join(
        f"{arm.name}: " + ", ".join(f"{o.accuracy:.3f}/{o.production} (paused: {o.paused})" for o in outs)
        for arm, outs in results.items()
    )
    return "\n".join(
        [
            f"Command: `{cmd.strip()}`. Machine: {machine()}; load average before {os.getloadavg()[0]:.2f}.",
            f"{args.items} items of {len(CLASSES)} classes (prior {', '.join(f'{p:.0%}' for p in PRIOR)}), "
            f"{args.gold} honeypots at `honeypot_rate` {HONEYPOT_RATE} (twice that in each annotator's "
            f"warm-up), team of {len(members)}: {kinds}; medians over seeds "
            f"{', '.join(map(str, args.seed_list))}.",
            "",
            *lines,
            "",
            f"Per seed (accuracy/production annotations, annotators paused): {per_seed}.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--big", action="store_true", help="600 items, 20 annotators, 5 seeds")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 60 items, one seed")
    parser.add_argument("--items", type=int, default=None)
    parser.add_argument("--gold", type=int, default=None, help="honeypot items")
    parser.add_argument("--team", type=int, default=None, help="annotators")
    parser.add_argument("--seeds", type=int, default=None)
    parser.add_argument(
        "--adaptive",
        nargs="+",
        default=["2,5,0.6"],
        help="adaptive arms as MIN,MAX,CONFIDENCE[,PAUSE_BELOW] (Dawid-Skene, weighted, gate 0.5)",
    )
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    args.items = args.items or (600 if args.big else 60 if args.quick else 150)
    args.gold = args.gold or (60 if args.big else 30)
    args.team = args.team or (20 if args.big else 12)
    args.seed_list = list(range(args.seeds or (5 if args.big else 1 if args.quick else 3)))
    members = team(args.team)
    arms = [FIXED5, *(adaptive_arm(spec) for spec in args.adaptive)]
    print(f"machine: {machine()}; Python {platform.python_version()}", flush=True)
    bench = Team(WORK / f"team-{os.getpid()}", members)  # runs may overlap
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the server on the way out
    results: dict[Arm, list[Outcome]] = {arm: [] for arm in arms}
    try:
        bench.start()
        for seed in args.seed_list:
            for arm in arms:
                out = run_arm(bench, arm, seed, args.items, args.gold)
                results[arm].append(out)
                print(
                    f"  seed {seed} {arm.name}: accuracy {out.accuracy:.3f}, {out.production} production "
                    f"annotations, {out.honeypot} honeypot answers, {out.adjudication} to adjudicate, "
                    f"{out.items} final labels, paused: {out.paused}, {out.wall_s:.0f} s",
                    flush=True,
                )
    finally:
        bench.stop()
        shutil.rmtree(bench.work, ignore_errors=True)
    text = report(results, args, members)
    print()
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
        print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
