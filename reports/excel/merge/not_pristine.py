"""The one error the merge's fast reader raises: the file needs the full reader."""

from __future__ import annotations


class NotPristine(Exception):
    """Something in the file is not exactly as CityCheck wrote it; the message says what.

    The full reader then reads the file, accepting what office software does to cells and
    refusing the rest with a coded error that names the cell.
    """
