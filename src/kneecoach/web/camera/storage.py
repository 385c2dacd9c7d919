"""Where uploaded videos live while they wait: the "videos" storage of settings.STORAGES."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.files.base import File
from django.core.files.storage import Storage, storages


def video_storage() -> Storage:
    return storages["videos"]


def save_video(name: str, content: Any) -> str:
    """Write the upload under ``name``; returns the name the storage chose. ``content`` is a
    Django file (a temporary upload on disk is moved into place, not copied) or an iterable of
    byte chunks."""
    if not isinstance(content, File):
        chunks = content

        class _Chunks(File):  # type: ignore[type-arg]
            def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
                yield from chunks

        content = _Chunks(None, name=name)
    return video_storage().save(name, content)


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
