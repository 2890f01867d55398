"""Finding reports of the same event (pure; no ORM).

KawalPemilu received ~17,000 mostly duplicate reports and Uchaguzi archived 6,296 of 6,875 as
noise (anchors.md). Two reports are *candidates* for one case when they are about the same place
(the same TPS, or the same desa when either names no TPS), the same category, events within a
time window, and similar accounts. An operator confirms before they are linked.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

# Words that say nothing about which event a report is about.
STOPWORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "ini",
        "itu",
        "untuk",
        "dengan",
        "pada",
        "oleh",
        "ada",
        "tidak",
        "sudah",
        "akan",
        "saya",
        "kami",
        "kepada",
        "para",
        "agar",
        "atau",
        "juga",
        "telah",
        "dalam",
        "sebagai",
        "tps",
        "desa",
    ]
)
DEFAULT_WINDOW = timedelta(hours=48)
DEFAULT_THRESHOLD = 0.3


@dataclass(frozen=True)
class CaseFacts:
    area_code: str  # desa (10 digits) or TPS (13 digits)
    category: str
    event_at: datetime
    text: str


def words(text: str) -> frozenset[str]:
    return frozenset(
        w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2 and w not in STOPWORDS
    )


def text_similarity(a: str, b: str) -> float:
    """Jaccard overlap of the meaningful words of two accounts (0.0 to 1.0)."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def same_place(a: str, b: str) -> bool:
    if len(a) == 13 and len(b) == 13:
        return a == b
    return a[:10] == b[:10]


def duplicate_score(
    a: CaseFacts,
    b: CaseFacts,
    *,
    window: timedelta = DEFAULT_WINDOW,
    threshold: float = DEFAULT_THRESHOLD,
) -> float | None:
    """The text similarity when `b` may report the same event as `a`, else None."""
    if a.category != b.category or not same_place(a.area_code, b.area_code):
        return None
    if abs(a.event_at - b.event_at) > window:
        return None
    score = text_similarity(a.text, b.text)
    return score if score >= threshold else None
