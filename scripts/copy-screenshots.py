"""Copy the main browser-test screenshots (var/screenshots, written by `make test`) to
docs/screenshots for the README, smaller: the top of the page only (at most 1,400 px high) and
a 256-colour PNG.

Usage: .venv/bin/python scripts/copy-screenshots.py
"""

import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "var" / "screenshots"
TARGET = ROOT / "docs" / "screenshots"
MAX_HEIGHT = 1400
# var/screenshots name -> docs/screenshots name (1280 px wide unless the name says phone)
MAIN = {
    "c-hasil-temuan": "journey-c-hasil-entry",
    "c-hasil-terverifikasi": "journey-c-hasil-verified",
    "honorarium-kepala-desa": "journey-honorarium-cut",
    "lapor-form-phone": "journey-report-phone",
    "pengawasan-kasus-diteruskan": "journey-case-routed",
    "dpt-impor-ditolak": "journey-dpt-import-errors",
    "cek-dpt-ketemu-phone": "journey-cek-dpt-phone",
    "results-tps": "journey-results-tps-phone",
    "a11y-entri-c-hasil-phone": "journey-c-hasil-entry-phone",
    "a11y-kesiapan-phone": "kesiapan-phone",
}


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    missing = [n for n in MAIN if not (SOURCE / f"{n}.png").exists()]
    if missing:
        print("missing (run the browser tests first):", ", ".join(missing), file=sys.stderr)
        return 1
    for src, dst in MAIN.items():
        im = Image.open(SOURCE / f"{src}.png").convert("RGB")
        if im.height > MAX_HEIGHT:
            im = im.crop((0, 0, im.width, MAX_HEIGHT))
        out = TARGET / f"{dst}.png"
        im.quantize(colors=256).save(out, optimize=True)
        print(f"{out.relative_to(ROOT)} {im.width}x{im.height} {out.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
