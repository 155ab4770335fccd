"""Typed, coded errors shared by every room of CityCheck."""

from __future__ import annotations


class CodedError(Exception):
    """An error a person can act on: a stable code, where it happened, what to do."""

    def __init__(self, code: str, where: str, message: str) -> None:
        self.code = code
        self.where = where
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.where:
            return f"[{self.code}] {self.where}: {self.message}"
        return f"[{self.code}] {self.message}"

    def __reduce__(self):
        return (type(self), (self.code, self.where, self.message))
