"""Domain errors that views and APIs turn into clear answers (never a 500)."""


class PilkadaError(Exception):
    """Base class: the message is shown to the user, so it is written for them."""


class ValidationFailed(PilkadaError):
    """Input broke a rule.

    `errors` lists (location, reason) pairs, e.g. ("desa.csv baris 12", "kode ganda").
    """

    def __init__(self, message: str, errors: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


class NotFoundOrOutOfScope(PilkadaError):
    """The object does not exist, or the actor may not see it (the two are not told apart)."""


class PermissionDenied(PilkadaError):
    """The actor may see the object but may not change it."""
