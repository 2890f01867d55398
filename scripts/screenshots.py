"""Take the README screenshots from a running demo (`make run`), with Debian's chromium.

Usage: .venv/bin/python scripts/screenshots.py [BASE_URL]   (default http://127.0.0.1:8000)
Writes docs/screenshots/*.png. Demo logins only.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = [
    # (file, user or None, path, width)
    ("home", None, "/", 1280),
    ("home-phone", None, "/", 360),
    ("tahapan", None, "/tahapan/", 1280),
    ("home-kpu", "kpu", "/", 1280),
    ("kesiapan", "kpu", "/kesiapan/", 1280),
    ("tps-list-pps", "pps.sukadana", "/tps/", 1280),
    ("tps-detail", "pps.sukadana", "/tps/1807012001001/", 1280),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, user, path, width in PAGES:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            if user:
                page.goto(BASE + "/akun/masuk/")
                page.fill("#id_username", user)
                page.fill("#id_password", "pilkada2024")
                page.click("button[type=submit]")
            page.goto(BASE + path)
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=width < 500)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
