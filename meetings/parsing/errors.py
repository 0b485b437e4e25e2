"""The errors a transcript raises when it cannot be read or imported: one type, with a line."""


class TranscriptError(ValueError):
    """A transcript refused whole; `line` is the 1-based line at fault if known.

    The one error that carries a line number: the parser's `ParseError` and the importer's
    `ImportRejected` are kinds of it, so the admin and the commands show both the same way.
    """

    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


class ParseError(TranscriptError):
    """The text cannot be read as a transcript."""
