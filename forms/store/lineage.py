"""Version vectors: per device, how many saves a record's version has seen.

One version descends from another when its vector is at least the other's for every device. Two
versions where neither descends from the other were edited in parallel: a conflict, whatever
their revision numbers say. A record saved before vectors existed counts as {device_id: revision}.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

Vector = Mapping[str, int]


class Order(StrEnum):
    SAME = "same"              # the same history
    NEWER = "newer"            # descends from the other
    OLDER = "older"            # the other descends from it
    PARALLEL = "parallel"      # edited in parallel: neither has seen the other


def effective(vector: Vector, device_id: str, revision: int) -> dict[str, int]:
    """The version's vector; one saved before vectors existed counts as {device_id: revision}."""
    return dict(vector) if vector else {device_id: revision}


def compare(mine: Vector, theirs: Vector) -> Order:
    """How version `mine` stands to version `theirs`."""
    devices = set(mine) | set(theirs)
    ahead = any(mine.get(d, 0) > theirs.get(d, 0) for d in devices)
    behind = any(mine.get(d, 0) < theirs.get(d, 0) for d in devices)
    if ahead and behind:
        return Order.PARALLEL
    return Order.NEWER if ahead else Order.OLDER if behind else Order.SAME


def bumped(vector: Vector, device_id: str) -> dict[str, int]:
    """The vector after one more save on `device_id`."""
    return {**vector, device_id: vector.get(device_id, 0) + 1}


def joined(*vectors: Vector) -> dict[str, int]:
    """The least vector that descends from all of `vectors` (a choice between parallel versions)."""
    result: dict[str, int] = {}
    for vector in vectors:
        for device, count in vector.items():
            result[device] = max(result.get(device, 0), count)
    return result
