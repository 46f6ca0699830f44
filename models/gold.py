"""The gold annotation of one document (`NAME.gold.json`), as `../shared/GOLD.md` defines it.

The model checks what a gold file must be to be scored at all: exactly the known keys,
JSON types without coercion, section kinds and categories from their sets, and times in
the two normalised forms (`HH:MM`, `YYYY-MM-DDTHH:MM`) that are real clock readings.
Judgements that need the document itself (phrases quoted verbatim, duration agreeing with
start and end) live in `pipeline/gold.py`.
"""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from models.record import Category

GoldKind = Literal["summary", "impact", "timeline", "root_cause", "resolution",
                   "corrective_actions", "lessons"]

CLOCK_FORM = "%H:%M"
MOMENT_FORMS = {5: CLOCK_FORM, 16: "%Y-%m-%dT%H:%M"}


def _clock(value: str) -> str:
    return _parsed(value, {5: CLOCK_FORM}, "HH:MM")


def _moment(value: str) -> str:
    return _parsed(value, MOMENT_FORMS, "HH:MM or YYYY-MM-DDTHH:MM")


def _parsed(value: str, forms: dict[int, str], wanted: str) -> str:
    """`value` unchanged when it is exactly one of `forms` (zero-padded, a real date/time)."""
    form = forms.get(len(value))
    try:
        if form and datetime.strptime(value, form).strftime(form) == value:
            return value
    except ValueError:
        pass
    raise ValueError(f"{value!r} is not a time written as {wanted}")


Clock = Annotated[str, AfterValidator(_clock)]
Moment = Annotated[str, AfterValidator(_moment)]


class Gold(BaseModel):
    """One `*.gold.json`. Strict: `"4"` is not 4, and an unknown key is an error."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    doc: str = Field(min_length=1)
    source: str
    style: str
    sections: list[GoldKind]
    incident_start: Optional[Moment]
    incident_end: Optional[Moment]
    timezone: Optional[str]
    duration_minutes: Optional[int] = Field(ge=0)
    impact_percents: list[Annotated[float, Field(gt=0, le=100)]]
    timeline_times: list[Clock]
    root_cause_phrases: list[str]
    root_cause_categories: list[Category] = Field(min_length=1)
    action_items: int = Field(ge=0)
