"""What Hearth stores about a library: the registry (SQLite, with its migrations), the
keyword index, recovery from damage, and the consistency check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from app.core.storage.consistency import (
        CheckReport as CheckReport,
        check_and_repair as check_and_repair,
        check_library as check_library,
        heal_recent as heal_recent,
    )
    from app.core.storage.keyword_index import (
        KeywordIndex as KeywordIndex,
        content_terms as content_terms,
    )
    from app.core.storage.recovery import (
        DamagedCopy as DamagedCopy,
        damaged_copies as damaged_copies,
        finish_interrupted_rebuild as finish_interrupted_rebuild,
        replace_library as replace_library,
    )
    from app.core.storage.registry import FileRecord as FileRecord, Registry as Registry

__all__, __getattr__, __dir__ = lazy_exports(__name__, {
    "app.core.storage.consistency": ("check_and_repair", "check_library", "CheckReport",
                                     "heal_recent"),
    "app.core.storage.keyword_index": ("content_terms", "KeywordIndex"),
    "app.core.storage.recovery": (
        "damaged_copies",
        "DamagedCopy",
        "finish_interrupted_rebuild",
        "replace_library",
    ),
    "app.core.storage.registry": ("FileRecord", "Registry"),
})
