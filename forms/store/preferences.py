"""The person's preferences on this device (设置): text size, tablet mode, palette, default folders.

Kept in the Meta table next to the inspector; a value that is missing or not one of the
choices reads as the default, so an old or hand-edited database still opens.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path

from forms.store.database import Database
from forms.store.settings import set_settings, settings

ZOOMS = (100, 125, 150, 175)
PALETTE_NAMES = ("light", "dark", "high_contrast")
FOLDER_KINDS = ("export", "import", "report")
PREFIX = "ui."


@dataclass(frozen=True)
class Preferences:
    """How the app looks and where its file dialogs start."""

    zoom: int = 100                # per cent, one of ZOOMS
    tablet: bool = False           # touch-sized controls and larger check boxes
    palette: str = "light"         # one of PALETTE_NAMES
    export_folder: str = ""        # "" = the home folder
    import_folder: str = ""
    report_folder: str = ""

    def folder(self, kind: str) -> Path:
        """Return the default folder for `kind` ("export", "import", "report"), or home if unset or gone."""
        chosen = getattr(self, f"{kind}_folder")
        return Path(chosen) if chosen and Path(chosen).is_dir() else Path.home()


def load_preferences(db: Database) -> Preferences:
    """Return the stored preferences; unknown or invalid values read as defaults."""
    stored = {key[len(PREFIX):]: value for key, value in settings(db).items() if key.startswith(PREFIX)}
    default = Preferences()
    zoom = int(stored["zoom"]) if stored.get("zoom", "").isdigit() else default.zoom
    palette = stored.get("palette", default.palette)
    return Preferences(
        zoom=zoom if zoom in ZOOMS else default.zoom,
        tablet=stored.get("tablet") == "1",
        palette=palette if palette in PALETTE_NAMES else default.palette,
        **{f"{kind}_folder": stored.get(f"{kind}_folder", "") for kind in FOLDER_KINDS},
    )


def save_preferences(db: Database, preferences: Preferences) -> None:
    """Store `preferences`, replacing the earlier ones."""
    values = asdict(preferences)
    values["tablet"] = "1" if preferences.tablet else "0"
    set_settings(db, {PREFIX + field.name: str(values[field.name]) for field in fields(Preferences)})
