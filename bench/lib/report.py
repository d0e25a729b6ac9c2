"""Turn raw samples into figures, print them as tables and optionally save them as JSON."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from lib.load import PhaseResult, Sample
from lib.stats import Summary, summarize
from lib.visibility import Visibility


def _latency_block(samples: list[Sample], elapsed: float) -> dict:
    ok = sum(1 for s in samples if s.ok)
    return {
        "requests": len(samples),
        "ok": ok,
        "errors": len(samples) - ok,
        "ok_per_s": ok / elapsed if elapsed > 0 else 0.0,
        "latency_ms": _as_dict(summarize([s.latency for s in samples])),
    }


def _as_dict(summary: Summary | None) -> dict | None:
    return summary.as_dict() if summary else None


def phase_figures(result: PhaseResult) -> dict:
    """Throughput, latency and errors of a phase, overall and per call label."""
    labels = sorted({s.label for s in result.samples})
    errors = Counter((s.label, s.status, s.error) for s in result.samples if not s.ok)
    return {
        "name": result.name,
        "clients": result.clients,
        "seconds": result.elapsed,
        **_latency_block(result.samples, result.elapsed),
        "by_label": {label: _latency_block([s for s in result.samples if s.label == label],
                                           result.elapsed)
                     for label in labels} if len(labels) > 1 else {},
        "error_kinds": [{"label": label, "status": status, "body": body, "count": count}
                        for (label, status, body), count in errors.most_common()],
    }


def lag_trend(seen: list[Visibility], window: float) -> list[dict]:
    """Lag by slice of the phase (by response time): a growing lag means a growing backlog."""
    if not seen:
        return []
    start = min(v.responded_at for v in seen)
    slices: dict[int, list[float]] = {}
    for v in seen:
        slices.setdefault(int((v.responded_at - start) // window), []).append(v.response_lag)
    return [{"from_s": index * window, "summary_ms": _as_dict(summarize(lags))}
            for index, lags in sorted(slices.items())]


def lag_figures(kind: str, seen: list[Visibility], unseen: int, wait: float,
                window: float) -> dict:
    return {
        "kind": kind,
        "visible": len(seen),
        "unseen_after_wait": unseen,
        "wait_seconds": wait,
        "response_to_visible_ms": _as_dict(summarize([v.response_lag for v in seen])),
        "recorded_to_visible_ms": _as_dict(summarize([v.recorded_lag for v in seen])),
        "trend_window_s": window,
        "response_to_visible_trend": lag_trend(seen, window),
    }


# --- printing ---------------------------------------------------------------------------

TITLE = 38  # width of the first column
HEADER = (f"{'':{TITLE}}{'requests':>9}{'errors':>8}{'ok/s':>9}"
          f"{'p50':>8}{'p90':>8}{'p99':>8}{'max':>8}   latency ms")


def _ms(value: float) -> str:
    return f"{value:8.1f}"


def _latency_line(title: str, block: dict) -> str:
    lat = block["latency_ms"]
    figures = "".join(_ms(lat[k]) for k in ("p50", "p90", "p99", "max")) if lat else ""
    return (f"{title:{TITLE}}{block['requests']:>9}{block['errors']:>8}"
            f"{block['ok_per_s']:>9.1f}{figures}")


def print_phases(phases: list[dict]) -> None:
    print(HEADER)
    for phase in phases:
        print(_latency_line(phase["name"], phase))
        for label, block in phase["by_label"].items():
            print(_latency_line(f"  {label}", block))


def print_errors(phases: list[dict]) -> None:
    kinds = [(p["name"], e) for p in phases for e in p["error_kinds"]]
    if not kinds:
        print("errors: none")
        return
    print("errors (unexpected status; 0 = no HTTP answer):")
    for phase, error in kinds[:20]:
        print(f"  {phase} / {error['label']}: {error['count']} × {error['status']} "
              f"{(error['body'] or '').strip()[:160]}")


def print_lags(lags: list[dict]) -> None:
    print(f"{'':{TITLE}}{'visible':>9}{'unseen':>8}{'':>9}{'p50':>8}{'p90':>8}{'p99':>8}{'max':>8}"
          "   lag ms")
    for lag in lags:
        for key, title in (("response_to_visible_ms", "response → visible"),
                           ("recorded_to_visible_ms", "recorded_at → visible")):
            summary = lag[key]
            figures = "".join(_ms(summary[k]) for k in ("p50", "p90", "p99", "max")) \
                if summary else "   (nothing seen)"
            print(f"{lag['kind'] + ': ' + title:{TITLE}}{lag['visible']:>9}"
                  f"{lag['unseen_after_wait']:>8}{'':>9}{figures}")
    for lag in lags:
        steps = " · ".join(f"{s['summary_ms']['p50']:.0f}/{s['summary_ms']['max']:.0f}"
                           for s in lag["response_to_visible_trend"])
        print(f"  {lag['kind']} response → visible p50/max ms per {lag['trend_window_s']:g} s "
              f"of the phase: {steps}")
    oldest = ", ".join(f"{lag['kind']} phase {lag.get('oldest_foreign_tx_s', 0.0) * 1000:.0f} ms"
                       for lag in lags)
    print(f"  oldest writing transaction seen open in another database of the cluster: {oldest}"
          "\n  (xids are cluster-wide: while one is open, no projection here reads past it)")


LAG_LEGEND = """\
  visible = the row is in its read table (tickets_ticket_view, tickets_conversation_view).
  response → visible: the poll that first saw the row − arrival of the command's HTTP response:
  an upper bound of commit → visible (less the response transfer), coarse by one poll.
  recorded_at → visible: the same poll − es_events.recorded_at (insert time inside the command's
  transaction, before commit; same clock)."""


def ratios_of(phases: list[dict]) -> dict[str, float]:
    """Each phase's ok/s relative to the authenticated GET baseline of the same run."""
    base = next((p for p in phases if "GET" in p["name"]), None)
    if not base or not base["ok_per_s"]:
        return {}
    return {p["name"]: p["ok_per_s"] / base["ok_per_s"] for p in phases if p is not base}


def print_notes(notes: dict) -> None:
    print(f"requesters: {notes.get('distinct_requesters')} distinct addresses used "
          f"(first ticket of each created its contact); hot ticket #{notes.get('hot_ticket')} "
          f"ended at stream version {notes.get('hot_ticket_version')}")
    problems = notes.get("log_problems", {})
    kept = f" (kept in {notes['logs']})" if "logs" in notes else " (--keep-logs to keep them)"
    print("service logs: " + ", ".join(f"{name} {count} error lines"
                                        for name, count in problems.items()) + kept)


def print_results(outcome) -> None:
    print()
    print_phases(outcome.phases)
    print()
    print_lags(outcome.lags)
    print(LAG_LEGEND)
    print()
    print_errors(outcome.phases)
    print("ratios (ok/s ÷ baseline GET ok/s): "
          + ", ".join(f"{name} {value:.2f}" for name, value in ratios_of(outcome.phases).items()))
    print_notes(outcome.notes)


def save_json(results: dict, directory: Path, stamp: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"commands-{stamp}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return path
