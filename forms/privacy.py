"""Masking of personal data (fields marked `sensitive`) for exports and reports."""

from __future__ import annotations

from forms.model import Field

MASK = "＊＊＊"


def mask_text(text: str) -> str:
    """Keep the first and last character of long values so a clerk can still tell records apart."""
    if len(text) <= 2:
        return MASK
    if len(text) <= 4:
        return text[0] + MASK
    return text[:1] + MASK + text[-2:]


def shown_value(item: Field, value: object, *, include_sensitive: bool) -> object:
    """Return the value to print or export: masked when the field is sensitive and not included."""
    if not item.sensitive or include_sensitive or value in (None, ""):
        return value
    return mask_text(str(value))
