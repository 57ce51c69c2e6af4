"""Take the README screenshot of a running demo (`make run` in another terminal).

.venv/bin/python tools/screenshot.py docs/img/network.png [--base-url http://127.0.0.1:8000]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--email", default="demo-requester@example.fi")  # no second factor
    parser.add_argument("--password", default="ot-demo-2026")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=ARGS
        )
        page = browser.new_page(viewport={"width": 1600, "height": 1400}, base_url=args.base_url)
        page.goto("/en/accounts/login/")
        page.get_by_label("Email").fill(args.email)
        page.get_by_label("Password").fill(args.password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/en/home/")
        page.goto("/en/network/sisa-suomi/map/")
        page.wait_for_selector(".mm-station")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.locator(".map-viewport").screenshot(path=str(args.out))
        browser.close()


if __name__ == "__main__":
    main()
