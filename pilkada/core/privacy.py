"""One masking pattern for personal data shown anywhere (pages, logs, exports, audit)."""


def mask(value: str | None, *, keep_start: int = 4, keep_end: int = 2) -> str:
    """Keep a few leading and trailing characters, star the rest.

    NIK 1807014507990001 -> 1807**********01; a short value is starred completely.
    """
    if not value:
        return ""
    if len(value) <= keep_start + keep_end + 2:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def mask_name(name: str) -> str:
    """'SITI AMINAH' -> 'S*** A*****': initials stay readable, the rest is hidden."""
    return " ".join(part[:1] + "*" * (len(part) - 1) for part in name.split())
