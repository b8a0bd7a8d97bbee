"""Error types whose message is fit to show a person as it is.

The CLI prints them as one line on stderr; the window shows them in its status area.
Anything else that escapes is a bug and is reported as one.
"""


class HearthError(Exception):
    """A failure the user can understand and act on."""


class PathNotFound(HearthError):
    """A path given by the user does not exist."""


class NotInLibrary(HearthError):
    """A path given by the user is not part of the library."""


class StoreError(HearthError):
    """The vector store could not be opened or written."""


class ConfigError(HearthError):
    """The settings or an installed component are not usable."""


class ModelError(HearthError):
    """The chat model file is missing, damaged or not a model."""


class PromptTooLong(HearthError):
    """A prompt would not fit the model's context (a bug in budgeting if it ever shows)."""


class DocumentError(Exception):
    """A single document cannot be indexed; carries a reason a person understands.

    Raised by parsers. The indexer records it against the file and goes on with the rest,
    so it is deliberately not a ``HearthError`` (it never ends a run).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ParseFailed(DocumentError):
    """The file could not be read: corrupt, encrypted, undecodable, binary."""


class NothingToIndex(DocumentError):
    """The file is readable but holds no text: empty, or an image-only PDF."""
