"""The count sheet of an STV count as plain text (for the `count_stv` command)."""

from __future__ import annotations

from voting.stv.values import StvResult


def format_stage_table(result: StvResult) -> str:
    """A plain-text table: one row per candidate, one column per stage."""
    names = result.candidates or (list(result.stages[0].votes) if result.stages else [])
    status: dict[str, str] = {}
    for stage in result.stages:
        for name in stage.elected_this_stage:
            status[name] = f"elected at stage {stage.stage}"
        for name in stage.excluded_this_stage:
            status[name] = f"excluded at stage {stage.stage}"
    for note in result.stages[0].notes if result.stages else []:
        for name in names:
            if note == f"{name} withdrew":
                status[name] = "withdrawn"

    headers = ["Candidate"] + [f"Stage {s.stage}" for s in result.stages] + ["Result"]
    rows = [
        [name] + [s.votes.get(name, "") for s in result.stages] + [status.get(name, "")]
        for name in names
    ]
    rows.append(["Non-transferable"] + [s.non_transferable for s in result.stages] + [""])
    widths = [max(len(r[c]) for r in [headers, *rows]) for c in range(len(headers))]

    def line(cells: list[str]) -> str:
        out = [cells[0].ljust(widths[0])]
        out += [cell.rjust(w) for cell, w in zip(cells[1:-1], widths[1:-1], strict=True)]
        out.append(cells[-1].ljust(widths[-1]))
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    text = [
        f"Seats: {result.seats}    Quota: {result.quota}    Valid papers: {result.valid_papers}",
        "",
        line(headers),
        rule,
        *(line(r) for r in rows[:-1]),
        rule,
        line(rows[-1]),
        "",
        "Stages:",
    ]
    for s in result.stages:
        text.append(f"  {s.stage}. {s.action}")
        text.extend(f"       - {note}" for note in s.notes)
    text.append("")
    text.append("Elected, in order: " + (", ".join(result.elected) or "nobody"))
    return "\n".join(text) + "\n"
