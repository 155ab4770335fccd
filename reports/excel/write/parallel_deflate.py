"""Deflate a large zip member on several threads at once, as pigz does.

The member's text is cut into chunks; each chunk is deflated on its own (the codec lets other threads
run meanwhile) and ends on a byte boundary without closing the stream, so the chunks' output put
side by side is one valid deflate stream; an empty final block closes it. Chunks lose the previous
chunk as dictionary, which at a megabyte each costs well under one percent of the size.

The codec is ISA-L where it is installed (see `compression`); any zip reader inflates its output.
"""

from __future__ import annotations

import zipfile
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor

from reports.excel.write import compression
from reports.excel.write.compression import LEVEL

CHUNK = 1 << 20
IN_FLIGHT_PER_THREAD = 3


def deflate_chunk(data: bytes, level: int) -> bytes:
    codec = compression.codec
    compressor = codec.compressobj(level, codec.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(codec.Z_SYNC_FLUSH)


def final_block(level: int) -> bytes:
    codec = compression.codec
    return codec.compressobj(level, codec.DEFLATED, -15).flush(codec.Z_FINISH)


class ParallelDeflate:
    """A stand-in for zipfile's compressor: `compress` hands chunks to threads, `flush` collects all."""

    def __init__(self, pool: ThreadPoolExecutor, threads: int, level: int = LEVEL) -> None:
        self._pool, self._level = pool, level
        self._limit = max(1, threads) * IN_FLIGHT_PER_THREAD
        self._pending: deque[Future] = deque()
        self._buffer: list[bytes] = []
        self._buffered = 0

    def compress(self, data: bytes) -> bytes:
        self._buffer.append(data)
        self._buffered += len(data)
        if self._buffered >= CHUNK:
            self._submit()
        return self._collect(block=len(self._pending) > self._limit)

    def flush(self) -> bytes:
        self._submit()
        return self._collect(block=True, everything=True) + final_block(self._level)

    def _submit(self) -> None:
        if self._buffered:
            self._pending.append(self._pool.submit(deflate_chunk, b"".join(self._buffer), self._level))
            self._buffer, self._buffered = [], 0

    def _collect(self, *, block: bool, everything: bool = False) -> bytes:
        done = []
        while self._pending and (self._pending[0].done() or everything or (block and len(self._pending) > self._limit)):
            done.append(self._pending.popleft().result())
        return b"".join(done)


def write_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, parts: Iterable[bytes],
                 pool: ThreadPoolExecutor, threads: int) -> None:
    """Write `parts` as the deflated member `info`, compressing on the pool's threads."""
    info = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as stream:
        if hasattr(stream, "_compressor"):
            # zipfile has no public way to plug in a compressor; without this it deflates on one thread.
            stream._compressor = ParallelDeflate(pool, threads)
        for part in parts:
            stream.write(part)
