"""The catalog's messages read back: a record's warning text gives back its values."""
import pytest

from pipeline.errors import Errors, Warnings


@pytest.mark.parametrize("message, values", [
    (Warnings.W020, {"stated": "120", "other": "start and end", "derived": "190"}),
    (Warnings.W021, {"time": "10:40"}),
    (Warnings.W023, {"year": "20XX"}),                       # !r in the template: quotes come off again
    (Warnings.W022, {"date": "03/04/2024", "reading": "4 March"}),
    (Warnings.W024, {}),                                     # no values at all
    (Errors.E017, {"line": "3", "reason": "invalid JSON: a (b) c"}),  # brackets in a value are literal
])
def test_parse_inverts_format(message, values):
    assert message.parse(message.format(**values)) == values


@pytest.mark.parametrize("message, text", [
    (Warnings.W021, "timeline goes forwards at 10:40; kept in document order"),
    (Warnings.W021, Warnings.W020.format(stated=1, other="x", derived=2)),  # another message
    (Warnings.W024, "no timezone stated for the times, twice"),            # must match whole
])
def test_parse_rejects_other_text(message, text):
    assert message.parse(text) is None
