"""What can go wrong talking to QuickBooks, in the three kinds that callers act on."""


class QuickBooksError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class QuickBooksUnavailable(QuickBooksError):
    """QuickBooks did not answer usefully (timeout, 5xx, 429, unreadable answer): try again."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QuickBooksRejected(QuickBooksError):
    """QuickBooks refused the request as invalid; repeating it would fail the same way."""

    def __init__(self, message: str, *, code: int | str = "") -> None:
        super().__init__(message)
        self.code = code


class QuickBooksNotConnected(QuickBooksError):
    """There is no usable connection: an admin must connect or reconnect QuickBooks."""
