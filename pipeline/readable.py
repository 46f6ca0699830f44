"""Numbers as people read them in a report: `3h10m`, `2d4h`, `12.5%`."""
from __future__ import annotations

UNITS = (("d", 1440), ("h", 60), ("m", 1))


def minutes(value: float | int | None) -> str:
    """105 -> "1h45m", 120 -> "2h", 45 -> "45m", 1500 -> "1d1h", 0 -> "0m"; None -> "-".
    Fractions (a median of 107.5) round to the nearest minute; negatives keep their sign."""
    if value is None:
        return "-"
    rest = abs(round(value))
    parts = []
    for unit, size in UNITS:
        amount, rest = divmod(rest, size)
        if amount:
            parts.append(f"{amount}{unit}")
    text = "".join(parts) or "0m"
    return f"-{text}" if value < 0 and text != "0m" else text


def share(part: int, whole: int) -> str:
    """3 of 8 -> "37.5%"; of nothing -> "-"."""
    return f"{100 * part / whole:.1f}%" if whole else "-"
