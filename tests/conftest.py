"""Shared test set-up: headless Qt, warnings as errors for our code, no leaked windows."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

OUR_PACKAGES = r"(forms|reports|desktop|bench)(\..*)?"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("filterwarnings", f"error:::{OUR_PACKAGES}")
    config.addinivalue_line("markers", "allow_leaks: the test may leave top-level widgets alive")


def _qt_application():
    """Return the running QApplication without importing Qt into Qt-free test runs."""
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return None
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


def _top_level_widgets() -> set[int]:
    app = _qt_application()
    return {_address(widget) for widget in app.topLevelWidgets()} if app else set()


def _address(widget) -> int:
    from shiboken6 import getCppPointer

    return getCppPointer(widget)[0]


def _flush_deferred_deletes() -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    item.stash[_BEFORE] = _top_level_widgets()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item):
    result = yield
    _fail_on_leaked_widgets(item)
    return result


def _fail_on_leaked_widgets(item: pytest.Item) -> None:
    """Fail the test when it left a top-level widget alive (napari's check)."""
    app = _qt_application()
    if app is None or item.get_closest_marker("allow_leaks"):
        return
    _flush_deferred_deletes()
    before = item.stash.get(_BEFORE, set())
    leaked = [w for w in app.topLevelWidgets() if _address(w) not in before]
    if leaked:
        names = ", ".join(f"{type(w).__name__}({w.objectName()!r})" for w in leaked)
        for widget in leaked:
            widget.close()
            widget.deleteLater()
        _flush_deferred_deletes()
        pytest.fail(f"test left top-level widgets alive: {names}", pytrace=False)


_BEFORE = pytest.StashKey[set]()


@pytest.fixture(autouse=True)
def scripted_interaction(request: pytest.FixtureRequest):
    """Answer every prompt from a script so no test ever blocks on a dialog."""
    import sys

    if "PySide6.QtWidgets" not in sys.modules and "qtbot" not in request.fixturenames:
        yield None
        return
    from desktop import interaction

    scripted = interaction.ScriptedInteraction(echo=False)
    previous = interaction.install(scripted)
    yield scripted
    interaction.install(previous)



@pytest.fixture
def shanghai_time(monkeypatch: pytest.MonkeyPatch):
    """Run the test with this computer's time zone set to UTC+8 (where the OS lets a process change it)."""
    import time

    if not hasattr(time, "tzset"):
        pytest.skip("the time zone of a running process can only be changed where time.tzset exists")
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
