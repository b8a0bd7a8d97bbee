"""The Library: the one door of the core. The facade (``facade``), its meetings part
(``meetings``: summaries, the ledger, the digest) and what ``status`` reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from app.core.library.facade import Library as Library, LibraryParts as LibraryParts
    from app.core.library.status import (
        EmbedderStatus as EmbedderStatus,
        FileCounts as FileCounts,
        LibraryStatus as LibraryStatus,
        Location as Location,
        OcrStatus as OcrStatus,
        dir_size as dir_size,
        library_status as library_status,
    )

__all__, __getattr__, __dir__ = lazy_exports(__name__, {
    "app.core.library.facade": ("Library", "LibraryParts"),
    "app.core.library.status": ("EmbedderStatus", "FileCounts", "LibraryStatus", "Location",
                                "OcrStatus", "dir_size", "library_status"),
})
