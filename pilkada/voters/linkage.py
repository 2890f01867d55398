"""Probable duplicates: the same person under another NIK, with a name typo, or at two TPS.

Blocking on (birth date, sex), then rapidfuzz's `ratio` on the names inside each block, and a
pair is kept when the names score at least `cutoff` and the birthplaces agree. Exact NIK
duplicates are found by the import's GROUP BY and are not repeated here. The choice of rapidfuzz
over Splink is measured in docs/adr/0002-probable-duplicates-rapidfuzz.md. No ORM here.
"""

from dataclasses import dataclass

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process


@dataclass(frozen=True)
class Found:
    pairs: list[tuple[int, int, float]]
    candidates: int


def find_probable_pairs(frame: pl.DataFrame, *, cutoff: float = 88.0) -> Found:
    """`frame` columns: id, nama, lahir, jk, tempat, nik_hash. Returns (id_a, id_b, score)."""
    if frame.height < 2:
        return Found([], 0)
    df = frame.sort(["lahir", "jk", "id"])
    keys = df.select((pl.col("lahir").cast(pl.Int32).cast(pl.String) + pl.col("jk")).alias("k"))[
        "k"
    ]
    starts = np.flatnonzero(np.concatenate([[True], (keys[1:].to_numpy() != keys[:-1].to_numpy())]))
    ends = np.append(starts[1:], df.height)
    ids = df["id"].to_list()
    names = df["nama"].to_list()
    places = df["tempat"].str.to_uppercase().str.strip_chars().to_list()
    hashes = df["nik_hash"].to_list()
    pairs: list[tuple[int, int, float]] = []
    candidates = 0
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        size = e - s
        if size < 2:
            continue
        candidates += size * (size - 1) // 2
        block = names[s:e]
        scores = process.cdist(block, block, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.uint8)
        ii, jj = np.nonzero(np.triu(scores, k=1))
        for i, j in zip(ii.tolist(), jj.tolist(), strict=True):
            a, b = s + i, s + j
            if hashes[a] == hashes[b] or places[a] != places[b]:
                continue
            pairs.append((ids[a], ids[b], float(scores[i, j])))
    return Found(pairs, candidates)
