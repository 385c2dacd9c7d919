"""Where uploaded videos live while they wait: the "videos" storage of settings.STORAGES."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import Storage, storages


def video_storage() -> Storage:
    return storages["videos"]


def save_video(name: str, chunks: Iterable[bytes]) -> str:
    """Write the upload under ``name``; returns the name the storage chose."""

    class _Chunks(File):  # type: ignore[type-arg]
        def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
            yield from chunks

    return video_storage().save(name, _Chunks(None, name=name))


def delete_video(name: str) -> None:
    if name:
        video_storage().delete(name)


@contextlib.contextmanager
def local_copy(name: str) -> Iterator[Path]:
    """A path OpenCV can open: the file itself on a local disk, a temporary copy otherwise."""
    storage = video_storage()
    try:
        local: Path | None = Path(storage.path(name))
    except NotImplementedError:  # remote storage (S3 and the like)
        local = None
    if local is not None:
        yield local
        return
    suffix = Path(name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy, storage.open(name, "rb") as source:
        shutil.copyfileobj(source, copy)
        copy.flush()
        yield Path(copy.name)
