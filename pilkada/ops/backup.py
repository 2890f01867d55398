"""Backup and restore of the whole database, portable between SQLite and PostgreSQL.

A backup is two files: `<name>.jsonl.gz` (Django's JSON-lines serialisation of every model,
streamed) and `<name>.manifest.json` (SHA-256 of the data file, row count per model, the audit
chain's head). Restore refuses a data file whose hash does not match, loads everything in one
transaction into an empty database, then checks every count and recomputes the audit chain.

For very large PostgreSQL installations `pg_dump -Fc` is faster; see docs/deploy.md.
"""

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import models, transaction

from pilkada.audit.models import AuditHead
from pilkada.audit.selectors import audit_chain_verify
from pilkada.core import clock
from pilkada.core.exceptions import ValidationFailed

# Rebuilt by migrations or of no value in a restore.
SKIPPED_APPS = {"contenttypes", "sessions", "admin", "axes"}
SKIPPED_MODELS = {"auth.permission"}


def backed_up_models() -> list[type[models.Model]]:
    out = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in SKIPPED_APPS or label in SKIPPED_MODELS:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        out.append(model)
    # Parents before children so foreign keys resolve while loading.
    return serializers.sort_dependencies(
        [(apps.get_app_config(m._meta.app_label), [m]) for m in out]
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class BackupResult:
    data_path: Path
    manifest_path: Path
    rows: int


def backup_create(directory: Path, *, name: str | None = None) -> BackupResult:
    """Write the data file and its manifest; returns their paths and the number of rows."""
    directory.mkdir(parents=True, exist_ok=True)
    name = name or "pilkada-" + clock.now().strftime("%Y%m%dT%H%M%SZ")
    data_path = directory / f"{name}.jsonl.gz"
    counts: dict[str, int] = {}
    with transaction.atomic():  # one consistent snapshot (repeatable read on PostgreSQL)
        head = AuditHead.objects.filter(pk=1).first()
        with gzip.open(data_path, "wt", encoding="utf-8") as out:
            for model in backed_up_models():
                qs = model._default_manager.order_by("pk")
                counts[model._meta.label_lower] = qs.count()
                serializers.serialize("jsonl", qs.iterator(chunk_size=2000), stream=out)
    manifest = {
        "format": "pilkada-backup/1",
        "created_at": clock.now().isoformat(),
        "data_file": data_path.name,
        "sha256": _sha256(data_path),
        "rows": counts,
        "audit_head": {"seq": head.seq, "hash": head.hash} if head else None,
    }
    manifest_path = directory / f"{name}.manifest.json"
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return BackupResult(data_path, manifest_path, sum(counts.values()))


def backup_restore(manifest_path: Path) -> int:
    """Restore into an empty database; raise ValidationFailed on any integrity problem."""
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != "pilkada-backup/1":
        raise ValidationFailed("Berkas manifest bukan cadangan pilkada.", [("format", "salah")])
    data_path = manifest_path.parent / manifest["data_file"]
    if not data_path.exists():
        raise ValidationFailed(f"Berkas data {data_path.name} tidak ada.", [("data", "tidak ada")])
    if _sha256(data_path) != manifest["sha256"]:
        raise ValidationFailed(
            f"Berkas {data_path.name} rusak atau diubah: SHA-256 tidak cocok dengan manifest.",
            [(data_path.name, "hash tidak cocok")],
        )
    not_empty = [m._meta.label_lower for m in backed_up_models() if m._default_manager.exists()]
    if not_empty:
        raise ValidationFailed(
            "Basis data tujuan tidak kosong: " + ", ".join(not_empty[:5]),
            [(label, "sudah berisi data") for label in not_empty],
        )
    with transaction.atomic():
        call_command("loaddata", str(data_path), verbosity=0)
        for label, expected in manifest["rows"].items():
            actual = apps.get_model(label)._default_manager.count()
            if actual != expected:
                raise ValidationFailed(
                    f"Jumlah baris {label} setelah pemulihan {actual}, seharusnya {expected}.",
                    [(label, "jumlah baris berbeda")],
                )
        count, problem = audit_chain_verify()
        if problem is not None:
            raise ValidationFailed(
                f"Rantai audit rusak setelah pemulihan: {problem.reason}",
                [("audit", problem.reason)],
            )
        head = manifest.get("audit_head")
        if head and (count != head["seq"]):
            raise ValidationFailed(
                "Kepala rantai audit tidak cocok dengan manifest.",
                [("audit", "kepala tidak cocok")],
            )
    return sum(manifest["rows"].values())
