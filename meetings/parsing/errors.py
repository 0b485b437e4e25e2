"""The error a transcript that cannot be parsed raises."""


class ParseError(ValueError):
    """The text cannot be read as a transcript; `line` is the 1-based line at fault if known."""

    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)
