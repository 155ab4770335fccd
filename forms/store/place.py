"""Where a record was surveyed: district down to building, its address and coordinates."""

from __future__ import annotations

from dataclasses import dataclass

PLACE_KEYS = ("district", "street", "community", "estate", "building_code", "address")
BUILDING_KEYS = PLACE_KEYS[:5]   # down to the building: the order records are exported, merged and reported in


@dataclass(frozen=True)
class Place:
    """A record's place columns; None where the surveyor left one out."""

    district: str | None = None
    street: str | None = None
    community: str | None = None
    estate: str | None = None
    building_code: str | None = None
    address: str | None = None
    lat: float | None = None
    lon: float | None = None

    @classmethod
    def of(cls, record: object) -> Place:
        """Return the place of anything with place attributes (a record version, a row)."""
        return cls(**{key: getattr(record, key, None) for key in (*PLACE_KEYS, "lat", "lon")})

    def names(self) -> dict[str, str | None]:
        """Return district … address by key (no coordinates)."""
        return {key: getattr(self, key) for key in PLACE_KEYS}
