"""Typed, coded errors shared by every room of CityCheck."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType


class CodedError(Exception):
    """An error a person can act on: a stable code, where it happened, what to do."""

    # Each room's subclass points this at its one catalogue of code -> message template.
    catalogue: Mapping[str, str] = MappingProxyType({})

    def __init__(self, code: str, where: str, message: str) -> None:
        self.code = code
        self.where = where
        self.message = message
        super().__init__(str(self))

    @classmethod
    def make(cls, code: str, where: str = "", **values: object):
        """Build the error for `code`, filling its catalogue template with `values`."""
        return cls(code, where, cls.catalogue[code].format(**values))

    def __str__(self) -> str:
        if self.where:
            return f"[{self.code}] {self.where}: {self.message}"
        return f"[{self.code}] {self.message}"

    def __reduce__(self):
        return (type(self), (self.code, self.where, self.message))
