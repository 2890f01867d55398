"""Probable duplicates: the same person under another NIK, with a name typo, or at two TPS.

Blocking on (birth date, sex), then rapidfuzz's `ratio` on the names inside each block, and a
pair is kept when the names score at least `cutoff`, the birthplaces agree and the NIK hashes
differ. Exact NIK duplicates are found by the import's GROUP BY and are not repeated here. The
choice of rapidfuzz over Splink is measured in docs/adr/0002-probable-duplicates-rapidfuzz.md.

`score_block` is the whole model for one block and is pure (no Django, no database): the
regency path (`find_probable_pairs`, polars, in process) and the province/national path
(`pilkada.voters.linkage_spark`, Spark `applyInPandas` per block) both call it, so both find
exactly the same pairs on the same roll (docs/adr/0003-duplicates-on-spark-same-model.md).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

CUTOFF = 88.0
CHUNK = 2048  # rows of a block scored at once


@dataclass(frozen=True)
class Found:
    pairs: list[tuple[int, int, float]]
    candidates: int


def _place(p: str | None) -> str:
    return (p or "").strip().upper()


def score_block(
    ids: Sequence[int],
    names: Sequence[str],
    places: Sequence[str | None],
    hashes: Sequence[str],
    *,
    cutoff: float = CUTOFF,
) -> list[tuple[int, int, float]]:
    """Pairs (id_a < id_b, score) among records of one (birth date, sex) block.

    Names score `fuzz.ratio` ≥ `cutoff`, the birthplaces are equal (trimmed, upper case) and
    the NIK hashes differ. The result does not depend on the order of the input records.
    """
    n = len(ids)
    if n < 2:
        return []
    order = sorted(range(n), key=ids.__getitem__)
    sid = [ids[i] for i in order]
    block = [names[i] for i in order]
    pairs: list[tuple[int, int, float]] = []
    # Rows in chunks, so a huge block (a placeholder birth date such as 01-07 or 31-12 on a real
    # national roll) needs CHUNK x n bytes, not n x n; the pairs and their order are the same.
    for r0 in range(0, n, CHUNK):
        scores = process.cdist(
            block[r0 : r0 + CHUNK], block, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.uint8
        )
        ii, jj = np.nonzero(np.triu(scores, k=r0 + 1))
        for i, j in zip((ii + r0).tolist(), jj.tolist(), strict=True):
            a, b = order[i], order[j]
            if hashes[a] == hashes[b] or _place(places[a]) != _place(places[b]):
                continue
            pairs.append((sid[i], sid[j], float(scores[i - r0, j])))
    return pairs


def score_sorted_blocks(
    keys: Sequence[object],
    ids: Sequence[int],
    names: Sequence[str],
    places: Sequence[str | None],
    hashes: Sequence[str],
    *,
    cutoff: float = CUTOFF,
) -> Found:
    """`score_block` over each run of equal `keys` (records sorted or grouped by block key)."""
    pairs: list[tuple[int, int, float]] = []
    candidates = 0
    n = len(keys)
    s = 0
    while s < n:
        e = s + 1
        while e < n and keys[e] == keys[s]:
            e += 1
        size = e - s
        if size > 1:
            candidates += size * (size - 1) // 2
            pairs += score_block(ids[s:e], names[s:e], places[s:e], hashes[s:e], cutoff=cutoff)
        s = e
    return Found(pairs, candidates)


def find_probable_pairs(frame: pl.DataFrame, *, cutoff: float = CUTOFF) -> Found:
    """`frame` columns: id, nama, lahir, jk, tempat, nik_hash. Returns (id_a, id_b, score)."""
    if frame.height < 2:
        return Found([], 0)
    df = frame.sort(["lahir", "jk", "id"])
    keys = df.select(
        (pl.col("lahir").cast(pl.Int32).cast(pl.String) + "|" + pl.col("jk")).alias("k")
    )["k"].to_list()
    return score_sorted_blocks(
        keys,
        df["id"].to_list(),
        df["nama"].to_list(),
        df["tempat"].to_list(),
        df["nik_hash"].to_list(),
        cutoff=cutoff,
    )


def exact_nik_pairs(ids: Sequence[int]) -> list[tuple[int, int]]:
    """The pairs the import queues for one repeated NIK hash: the first record with each other."""
    s = sorted(ids)
    return [(s[0], other) for other in s[1:]]
