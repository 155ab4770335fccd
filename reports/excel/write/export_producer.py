"""Build a large export's cells in a second process: 15 % faster at 100,000 records, as measured below.

`bench/bench_excel.py --count 100000 --producer` on a shared two-core machine, five alternated
rounds: 10, 20, 15, 15 and 11 % faster than one process (36–46 s against 46–53 s). With it the
export takes 0.92× of the time of the code before issue 15 (`--before`); without it, 1.21×.

The producer opens the store by path, streams the selected records, builds their `RecordCells`
and sends them in batches through a pipe. Sending blocks while the parent has not taken the
previous batch, so about two batches are ever in flight and memory stays flat however many
records there are. The parent renders the cells and hands them to the writer, and works out
指标汇总 on a thread while it waits for the next batch.
"""

from __future__ import annotations

import copyreg
import io
import multiprocessing
import pickle
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType


from forms.model import FormDefinition
from forms.store.answer_content import photo_references
from forms.store.database import open_for_reading
from forms.store.record_filter import RecordFilter
from forms.store.version_stream import stream_versions
from reports.excel.errors import ExcelError, excel_error
from reports.excel.format.layout import WorkbookLayout
from forms.store.record_version import RecordVersion
from reports.excel.write.temp_storage import sorting_in_temp_folder
from reports.excel.write.rendered_record import RecordCells, RenderedRecord, WorkbookCells
from reports.excel.write.workbook_writer import WorkbookWriter
from reports.progress import ProgressReporter, raise_if_cancelled

BATCH_RECORDS = 250        # records per message: ~0.7 MB pickled, a tenth of a second of writing
POLL_SECONDS = 0.2         # how often a waiting parent looks at cancel and at the producer's health
EXIT_WAIT_SECONDS = 10     # a producer that sent everything gets this long to exit by itself

@dataclass(frozen=True)
class ProducerRequest:
    """What the producer process needs to build an export's rows on its own."""

    db_path: Path
    device_id: str
    catalog: bytes                      # the catalog, see `pickled_catalog`
    selection: RecordFilter
    form_ids: tuple[str, ...]
    include_sensitive: bool
    collect_photos: bool


@dataclass(frozen=True)
class RecordBatch:
    """The cells of a few hundred records."""

    records: list[RecordCells]


@dataclass(frozen=True)
class ProducerDone:
    """The last message: the photos the records mention."""

    photos: set[str]


@dataclass(frozen=True)
class ProducerFailed:
    """The error that stopped the producer, to be raised again in the parent."""

    error: BaseException


class ProducerError(RuntimeError):
    """An error of the producer process that could not be sent as itself; it carries its message."""


def producer_lost(exitcode: int | None) -> ExcelError:
    """The producer process ended without sending its rows."""
    return excel_error("export-004", "export", exitcode=exitcode)


def write_from_producer(writer: WorkbookWriter, request: ProducerRequest,
                        progress: ProgressReporter) -> ProducerDone:
    """Render and write the cells a producer process builds for `request`, advancing progress per record."""
    producer = ProducerProcess(request)
    try:
        received: list[ProducerDone] = []
        writer.add_all(rendered(producer, writer, progress, received), progress)
        producer.wait_for_exit()
        return received[0]
    finally:
        producer.stop()


def rendered(producer: ProducerProcess, writer: WorkbookWriter, progress: ProgressReporter,
             received: list[ProducerDone]) -> Iterator[RenderedRecord]:
    """The producer's records rendered, in order; its last message goes into `received`."""
    render = writer.renderer
    while isinstance(message := producer.receive(progress), RecordBatch):
        for cells in message.records:
            yield cells.rendered(render)
    received.append(message)


class ProducerProcess:
    """The producer, started with "spawn" so it behaves alike on every system, and its pipe."""

    def __init__(self, request: ProducerRequest) -> None:
        context = multiprocessing.get_context("spawn")   # never fork a process that runs Qt or database threads
        self._connection, sending = context.Pipe(duplex=False)
        self._process = context.Process(target=produce_rows, args=(sending, request),
                                        name="citycheck-export-producer", daemon=True)
        try:
            self._process.start()
        except BaseException:
            self._connection.close()
            raise
        finally:
            sending.close()     # only the producer writes: its end closing tells the parent it ended

    def receive(self, progress: ProgressReporter) -> RecordBatch | ProducerDone:
        """Wait for the next message; raise the producer's error, Cancelled, or export-004 if it died."""
        while not self._connection.poll(POLL_SECONDS):
            raise_if_cancelled(progress)
            if not self._process.is_alive() and not self._connection.poll(0):
                raise producer_lost(self._process.exitcode)
        try:
            message = self._connection.recv()
        except (EOFError, OSError):     # ended before or in the middle of a message
            self._process.join(EXIT_WAIT_SECONDS)
            raise producer_lost(self._process.exitcode) from None
        if isinstance(message, ProducerFailed):
            raise message.error
        return message

    def wait_for_exit(self) -> None:
        self._process.join(EXIT_WAIT_SECONDS)

    def stop(self) -> None:
        """End the producer if it still runs (cancel, error) and release its process and pipe."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._process.close()
        self._connection.close()


# ---- in the producer process ------------------------------------------------------------------

def produce_rows(connection, request: ProducerRequest) -> None:
    """Send the request's rows in batches, then ProducerDone; or ProducerFailed with the error."""
    db = None
    try:
        catalog = pickle.loads(request.catalog)
        db = open_for_reading(request.db_path, request.device_id)
        forms = [catalog[form_id] for form_id in request.form_ids]
        cells = WorkbookCells(WorkbookLayout(forms), include_sensitive=request.include_sensitive)
        with sorting_in_temp_folder():     # SQLite's sort files: a full folder is named to the clerk
            versions = stream_versions(db, request.selection, request.form_ids)
            photos = send_batches(connection, cells, versions, request.collect_photos)
        connection.send(ProducerDone(photos))
    except BaseException as error:  # everything goes to the parent, which raises it
        connection.send(ProducerFailed(portable(error)))
    finally:
        if db is not None:
            db.close()
        connection.close()


def send_batches(connection, cells: WorkbookCells, versions: Iterable[RecordVersion],
                 collect_photos: bool) -> set[str]:
    """Send the versions' cells BATCH_RECORDS records at a time; return the photos they mention if asked."""
    photos: set[str] = set()
    batch: list[RecordCells] = []
    for version in versions:
        batch.append(cells.of(version))
        if collect_photos:
            photos |= photo_references(version.answers)
        if len(batch) == BATCH_RECORDS:
            connection.send(RecordBatch(batch))
            batch = []
    if batch:
        connection.send(RecordBatch(batch))
    return photos


def portable(error: BaseException) -> BaseException:
    """Return the error itself if it survives pickling, else a ProducerError with its message."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return ProducerError(f"{type(error).__name__}: {error}")
    return error


# ---- the catalog, sent to the producer ----------------------------------------------------------

def pickled_catalog(catalog: Mapping[str, FormDefinition]) -> bytes:
    """Pickle the catalog; its read-only mappings travel as dicts and become read-only again."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = copyreg.dispatch_table.copy()
    pickler.dispatch_table[MappingProxyType] = lambda proxy: (read_only, (dict(proxy),))
    pickler.dump(catalog)
    return buffer.getvalue()


def read_only(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)
