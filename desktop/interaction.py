"""The seam for prompts and error messages: dialogs in the app, a script in tests."""

from __future__ import annotations

import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget


class Interaction(Protocol):
    def show_error(self, parent: QWidget | None, title: str, message: str) -> None: ...

    def show_info(self, parent: QWidget | None, title: str, message: str) -> None: ...

    def confirm(self, parent: QWidget | None, title: str, message: str) -> bool: ...

    def ask_text(self, parent: QWidget | None, title: str, label: str, text: str = "") -> str | None: ...

    def choose_open_file(self, parent: QWidget | None, title: str, name_filter: str,
                         folder: str = "") -> Path | None: ...

    def choose_open_files(self, parent: QWidget | None, title: str, name_filter: str,
                          folder: str = "") -> list[Path]: ...

    def choose_save_file(self, parent: QWidget | None, title: str, name_filter: str, default: Path) -> Path | None: ...

    def choose_item(self, parent: QWidget | None, title: str, label: str, items: list[str]) -> int | None: ...


class DialogInteraction:
    """Ask and tell the person through modal Qt dialogs."""

    def show_error(self, parent: QWidget | None, title: str, message: str) -> None:
        QMessageBox.critical(parent, title, message)

    def show_info(self, parent: QWidget | None, title: str, message: str) -> None:
        QMessageBox.information(parent, title, message)

    def confirm(self, parent: QWidget | None, title: str, message: str) -> bool:
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        answer = QMessageBox.question(parent, title, message, buttons)
        return answer == QMessageBox.StandardButton.Yes

    def ask_text(self, parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
        value, accepted = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        return value if accepted else None

    def choose_open_file(self, parent: QWidget | None, title: str, name_filter: str,
                         folder: str = "") -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, title, folder, name_filter)
        return Path(name) if name else None

    def choose_save_file(self, parent: QWidget | None, title: str, name_filter: str, default: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, title, str(default), name_filter)
        return Path(name) if name else None

    def choose_open_files(self, parent: QWidget | None, title: str, name_filter: str,
                          folder: str = "") -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(parent, title, folder, name_filter)
        return [Path(name) for name in names]

    def choose_item(self, parent: QWidget | None, title: str, label: str, items: list[str]) -> int | None:
        item, accepted = QInputDialog.getItem(parent, title, label, items, 0, False)
        return items.index(item) if accepted and item in items else None


@dataclass
class ScriptedInteraction:
    """Answer prompts from a queue and keep every message; used in tests and scripted runs."""

    answers: deque = field(default_factory=deque)
    messages: list[tuple[str, str, str]] = field(default_factory=list)
    echo: bool = True

    def show_error(self, parent: QWidget | None, title: str, message: str) -> None:
        self._note("error", title, message)

    def show_info(self, parent: QWidget | None, title: str, message: str) -> None:
        self._note("info", title, message)

    def confirm(self, parent: QWidget | None, title: str, message: str) -> bool:
        self._note("confirm", title, message)
        return bool(self._next_answer(True))

    def ask_text(self, parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
        self._note("ask", title, label)
        return self._next_answer(None)

    def choose_open_file(self, parent: QWidget | None, title: str, name_filter: str,
                         folder: str = "") -> Path | None:
        self._note("open", title, name_filter)
        answer = self._next_answer(None)
        return Path(answer) if answer is not None else None

    def choose_save_file(self, parent: QWidget | None, title: str, name_filter: str, default: Path) -> Path | None:
        self._note("save", title, name_filter)
        answer = self._next_answer(None)
        return Path(answer) if answer is not None else None

    def choose_open_files(self, parent: QWidget | None, title: str, name_filter: str,
                          folder: str = "") -> list[Path]:
        """Answer with the next queued path, or list of paths (none when the queue is empty)."""
        self._note("open", title, name_filter)
        answer = self._next_answer([])
        return [Path(a) for a in answer] if isinstance(answer, (list, tuple)) else [Path(answer)]

    def choose_item(self, parent: QWidget | None, title: str, label: str, items: list[str]) -> int | None:
        self._note("choose", title, " / ".join(items))
        answer = self._next_answer(0)
        return items.index(answer) if isinstance(answer, str) else answer

    def errors(self) -> list[str]:
        """Return the text of every error shown so far."""
        return [message for kind, _, message in self.messages if kind == "error"]

    def _next_answer(self, default: object) -> object:
        return self.answers.popleft() if self.answers else default

    def _note(self, kind: str, title: str, message: str) -> None:
        self.messages.append((kind, title, message))
        if self.echo:
            print(f"[{kind}] {title}: {message}", file=sys.stderr)


_installed: list[Interaction] = [DialogInteraction()]


def current() -> Interaction:
    """Return the interaction every view uses to ask and tell."""
    return _installed[-1]


def install(interaction: Interaction) -> Interaction:
    """Make `interaction` current and return the one it replaces."""
    previous = _installed[-1]
    _installed[-1] = interaction
    return previous
