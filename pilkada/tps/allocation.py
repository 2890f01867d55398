"""Spreading a kecamatan's TPS over its desa (pure; used by the demo and by planners).

Each desa gets at least one TPS; the rest follow the desa's weight (e.g. its Pemilu 2024 TPS
count) by the largest-remainder method, so the result is deterministic and sums exactly.
"""

from fractions import Fraction


def allocate(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Split `total` over the keys of `weights`, at least 1 each, in proportion to the weights."""
    if not weights:
        raise ValueError("tidak ada desa untuk dibagi")
    if total < len(weights):
        raise ValueError(f"{total} TPS tidak cukup untuk {len(weights)} desa (minimal 1 per desa)")
    weight_sum = sum(max(w, 0) for w in weights.values())
    if weight_sum == 0:
        weights = dict.fromkeys(weights, 1)
        weight_sum = len(weights)
    quota = {k: Fraction(total * max(w, 0), weight_sum) for k, w in weights.items()}
    alloc = {k: max(1, int(q)) for k, q in quota.items()}
    # Sort keys for ties so the outcome never depends on dict order.
    while sum(alloc.values()) < total:
        k = max(sorted(alloc), key=lambda k: quota[k] - alloc[k])
        alloc[k] += 1
    while sum(alloc.values()) > total:
        k = min((k for k in sorted(alloc) if alloc[k] > 1), key=lambda k: quota[k] - alloc[k])
        alloc[k] -= 1
    return alloc
