"""Probable duplicates for a province or the nation on Apache Spark, with the regency's model.

The roll is pseudonymous (`ROLL_COLUMNS`: the NIK only as its keyed hash, never in clear). It is
repartitioned by the blocking key (birth date, sex) and sorted inside each partition, so every
block sits whole and contiguous in one partition; `mapInPandas` hands each partition's Arrow
batches to `pilkada.voters.linkage.score_sorted_blocks`, which runs `score_block` on each block:
the very functions the regency path runs in process, so both paths find the same pairs
(docs/adr/0003-duplicates-on-spark-same-model.md). One pandas call per Arrow batch rather than
per block (`groupBy().applyInPandas()` costs ~1-2 ms per group, and a province has ~50,000
blocks, most of them small). Exact-NIK duplicates are a GROUP BY on `nik_hash`, paired as the
import pairs them (the first record with each other). Nothing here depends on local mode: on a
cluster each executor scores the blocks of its partitions (docs/duplicates-at-scale.md).

pyspark, pandas and pyarrow come from requirements/spark.txt (a regency does not need them).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pilkada.voters.linkage import CUTOFF, score_sorted_blocks

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

# The pseudonymous roll the Spark path reads (parquet or CSV with a header).
ROLL_COLUMNS = ("id", "nik_hash", "nama", "tempat", "lahir", "jk", "tps", "kabupaten")
PAIR_SCHEMA = "id_a long, id_b long, skor double"


@dataclass
class SparkFound:
    probable: DataFrame  # id_a, id_b, skor
    nik: DataFrame  # id_a, id_b
    blocks: DataFrame  # blok, count

    def candidates(self) -> int:
        """Pairs compared inside the blocks (a separate Spark job: ask only when wanted)."""
        from pyspark.sql import functions as F  # noqa: N812

        row = self.blocks.select(
            F.sum(F.col("count") * (F.col("count") - 1) / 2).alias("c")
        ).first()
        return int(row["c"] or 0) if row is not None else 0


def session(
    *, master: str | None = "local[2]", memory: str = "2g", shuffle_partitions: int = 8
) -> SparkSession:
    """A SparkSession for this process: local mode by default; `master=None` under spark-submit
    (the master, memory and executors then come from spark-submit's options)."""
    from pyspark.sql import SparkSession

    builder: Any = SparkSession.builder
    if master is not None:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        builder = builder.master(master).config("spark.driver.memory", memory)
    return (  # type: ignore[no-any-return]
        builder.appName("pilkada-ganda")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def read_roll(spark: SparkSession, path: str) -> DataFrame:
    """The pseudonymous roll from parquet (a file or a directory of parts) or CSV."""
    from pyspark.sql import functions as F  # noqa: N812

    if path.endswith(".csv"):
        df = spark.read.option("header", True).csv(path)
        df = df.withColumn("id", F.col("id").cast("long")).withColumn("lahir", F.to_date("lahir"))
    else:
        df = spark.read.parquet(path)
    return df.select(*ROLL_COLUMNS)


def _to_frame(pairs: list[tuple[int, int, float]]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {
            "id_a": pd.Series([p[0] for p in pairs], dtype="int64"),
            "id_b": pd.Series([p[1] for p in pairs], dtype="int64"),
            "skor": pd.Series([p[2] for p in pairs], dtype="float64"),
        }
    )


def _partition_scorer(
    cutoff: float,
) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """One partition, sorted by block key, in Arrow batches -> the pairs of its blocks.

    A block may straddle two batches: the last block of a batch is carried into the next,
    so `score_sorted_blocks` always sees whole blocks (a block never spans partitions: the
    partitioning is by the block key).
    """

    def score(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        import pandas as pd

        carry: pd.DataFrame | None = None
        for batch in batches:
            pdf = batch if carry is None else pd.concat([carry, batch], ignore_index=True)
            if pdf.empty:
                continue
            keys = pdf["blok"].tolist()
            last = len(keys) - 1
            while last > 0 and keys[last - 1] == keys[-1]:
                last -= 1
            carry = pdf.iloc[last:]
            yield _score(pdf.iloc[:last], cutoff)
        if carry is not None:
            yield _score(carry, cutoff)

    return score


def _score(pdf: pd.DataFrame, cutoff: float) -> pd.DataFrame:
    found = score_sorted_blocks(
        pdf["blok"].tolist(),
        pdf["id"].tolist(),
        pdf["nama"].tolist(),
        pdf["tempat"].tolist(),
        pdf["nik_hash"].tolist(),
        cutoff=cutoff,
    )
    return _to_frame(found.pairs)


def find_pairs(
    roll: DataFrame, *, cutoff: float = CUTOFF, partitions: int | None = None
) -> SparkFound:
    """Probable pairs (the shared block scorer per (birth date, sex)) and exact-NIK pairs."""
    from pyspark.sql import functions as F  # noqa: N812

    keyed = roll.select(
        F.concat_ws("|", F.unix_date("lahir").cast("string"), F.col("jk")).alias("blok"),
        "id",
        "nama",
        "tempat",
        "nik_hash",
    )
    n = partitions or int(roll.sparkSession.conf.get("spark.sql.shuffle.partitions") or 8)
    # Every block whole in one partition (hash of the block key), its records together.
    blocks = keyed.repartition(n, "blok").sortWithinPartitions("blok")
    probable = blocks.mapInPandas(_partition_scorer(cutoff), schema=PAIR_SCHEMA)
    groups = (
        roll.groupBy("nik_hash")
        .agg(F.sort_array(F.collect_list("id")).alias("ids"))
        .where(F.size("ids") > 1)
    )
    nik = groups.select(
        F.col("ids")[0].alias("id_a"),
        F.explode(F.slice("ids", 2, F.size("ids") - 1)).alias("id_b"),
    )
    return SparkFound(probable, nik, keyed.groupBy("blok").count())


def main(argv: list[str] | None = None) -> int:
    """`spark-submit pilkada/voters/linkage_spark.py --roll R --out O`: pairs to parquet."""
    import argparse

    parser = argparse.ArgumentParser(description="Cari pemilih ganda (provinsi/nasional) di Spark")
    parser.add_argument("--roll", required=True, help="parquet/CSV dengan kolom ROLL_COLUMNS")
    parser.add_argument("--out", required=True, help="direktori keluaran (parquet)")
    parser.add_argument("--cutoff", type=float, default=CUTOFF)
    parser.add_argument("--partitions", type=int, default=200)
    parser.add_argument("--master", default=None, help="mis. local[2]; kosong di spark-submit")
    args = parser.parse_args(argv)
    spark = session(master=args.master, shuffle_partitions=args.partitions)
    found = find_pairs(read_roll(spark, args.roll), cutoff=args.cutoff, partitions=args.partitions)
    found.probable.write.mode("overwrite").parquet(f"{args.out}/mirip")
    found.nik.write.mode("overwrite").parquet(f"{args.out}/nik")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
