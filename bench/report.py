"""The results table, as Markdown (it reads in a terminal and pastes into the README)."""

from __future__ import annotations

import os
import platform

from common import Row, load_average

HEADER = ("metric", "ecr-tui", "floor/peer", "ratio", "target", "result")


def quantity(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:g} {unit}"


def verdict(row: Row) -> str:
    if row.value is None:
        return "n/a"
    if row.passed is None:
        return "info"
    return "pass" if row.passed else "FAIL"


def table(rows: list[Row]) -> str:
    lines = [HEADER]
    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
        floor = quantity(row.floor, row.unit) if row.floor is not None else "-"
        lines.append(
            (row.metric, quantity(row.value, row.unit), floor, ratio, row.target, verdict(row))
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]

    def markdown(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([markdown(lines[0]), rule, *(markdown(line) for line in lines[1:])])


def notes(rows: list[Row]) -> str:
    said = [f"- {row.metric}: {row.note}" for row in rows if row.note]
    return "\n".join(said)


def machine() -> str:
    try:
        system = platform.freedesktop_os_release().get("PRETTY_NAME", platform.system())
    except OSError:
        system = platform.system()
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{system}, kernel {platform.release()}"
    )


def load_line(when: str) -> str:
    return f"load average ({when}, 1/5/15 min): {load_average()}"
