"""Errors the data layer raises on purpose, each with a message fit for one line."""


class NewsdeskError(Exception):
    """Base class: the message is shown to the user as is."""


class UnreadableFile(NewsdeskError):
    """A file that cannot become an article (binary, empty, too large, malformed...)."""


class LibraryBusy(NewsdeskError):
    """Another process holds the library's write lock."""
