"""Excel exchange in the app: export, import and merge dialogs, and the conflicts view."""

from desktop.exchange.conflicts_view import ConflictsView
from desktop.exchange.export_dialog import ExportDialog
from desktop.exchange.import_dialog import ImportDialog
from desktop.exchange.merge_dialog import MergeDialog

__all__ = ["ConflictsView", "ExportDialog", "ImportDialog", "MergeDialog"]
