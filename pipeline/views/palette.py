"""Colours, marks and labels of the views, as data.

Colours are the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies); every kind also differs by a second channel (underline style, marker
shape, dash pattern) so that the pages still read in grey on paper.
"""
from __future__ import annotations

from dataclasses import dataclass

# Okabe & Ito (2008), "Color Universal Design".
ORANGE, SKY_BLUE, GREEN, YELLOW = "#E69F00", "#56B4E9", "#009E73", "#F0E442"
BLUE, VERMILLION, PURPLE, BLACK, GREY = "#0072B2", "#D55E00", "#CC79A7", "#000000", "#8C8C8C"


@dataclass(frozen=True)
class KindStyle:
    """How one kind of highlight looks in the document text."""

    label: str
    colour: str
    underline: str  # CSS text-decoration-style: a second channel besides colour


# Highlight kinds, in legend order.
KINDS = {
    "section": KindStyle("section heading", BLUE, "double"),
    "time": KindStyle("incident time", PURPLE, "solid"),
    "event": KindStyle("timeline event", SKY_BLUE, "dotted"),
    "impact": KindStyle("impact", ORANGE, "wavy"),
    "cause": KindStyle("root cause", VERMILLION, "solid"),
    "action": KindStyle("action item", GREEN, "dashed"),
}


@dataclass(frozen=True)
class MarkStyle:
    """A timeline event marker: colour and SVG shape."""

    label: str
    colour: str
    shape: str  # circle | triangle | square | diamond


# The first tag of an event (in this order) decides its marker.
TAG_MARKS = {
    "detection": MarkStyle("detection", ORANGE, "triangle"),
    "escalation": MarkStyle("escalation", PURPLE, "triangle"),
    "mitigation": MarkStyle("mitigation", SKY_BLUE, "square"),
    "resolution": MarkStyle("resolution", GREEN, "diamond"),
    "investigation": MarkStyle("investigation", BLUE, "circle"),
    "misleading": MarkStyle("misleading lead", VERMILLION, "circle"),
    "communication": MarkStyle("communication", YELLOW, "circle"),
}
UNTAGGED_MARK = MarkStyle("other event", GREY, "circle")


@dataclass(frozen=True)
class MomentStyle:
    """A vertical line for one of the incident's key moments."""

    label: str
    colour: str
    dash: str  # SVG stroke-dasharray ("" = solid)


# Incident fields drawn as lines on the timeline, in time order of a typical incident.
MOMENTS = {
    "start": MomentStyle("start", VERMILLION, ""),
    "detected_at": MomentStyle("detected", ORANGE, "6 3"),
    "mitigated_at": MomentStyle("mitigated", BLUE, "2 3"),
    "resolved_at": MomentStyle("resolved", GREEN, "8 3 2 3"),
    "end": MomentStyle("end", BLACK, ""),
}
OUTAGE_FILL = "#D55E0022"  # vermillion, mostly transparent

# Root-cause categories: one colour each (seven Okabe-Ito hues and grey for unknown).
CATEGORY_COLOURS = {
    "configuration": ORANGE,
    "code_change": SKY_BLUE,
    "capacity": GREEN,
    "dependency": YELLOW,
    "infrastructure": BLUE,
    "human_error": VERMILLION,
    "security": PURPLE,
    "unknown": GREY,
}


def category_label(category: str) -> str:
    return category.replace("_", " ")


def mark_for(tags: list[str]) -> MarkStyle:
    """The marker of an event: its most telling tag decides."""
    for tag, style in TAG_MARKS.items():
        if tag in tags:
            return style
    return UNTAGGED_MARK
