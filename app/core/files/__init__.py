"""The user's files as Hearth sees them: the scan of the folders, the rule for links and
other non-plain files, and file-system events settled into batches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from app.core.files.changes import ChangeQueue as ChangeQueue
    from app.core.files.links import LinkRule as LinkRule
    from app.core.files.scanning import (
        TYPE_ALIASES as TYPE_ALIASES,
        UNSTORABLE_NAME as UNSTORABLE_NAME,
        DiskFile as DiskFile,
        extension as extension,
        file_hash as file_hash,
        file_type as file_type,
        scan as scan,
        shown as shown,
        storable as storable,
        under_any as under_any,
    )

__all__, __getattr__, __dir__ = lazy_exports(__name__, {
    "app.core.files.changes": ("ChangeQueue",),
    "app.core.files.links": ("LinkRule",),
    "app.core.files.scanning": (
        "DiskFile",
        "extension",
        "file_hash",
        "file_type",
        "scan",
        "shown",
        "storable",
        "TYPE_ALIASES",
        "under_any",
        "UNSTORABLE_NAME",
    ),
})
