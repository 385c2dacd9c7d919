"""End-to-end fixtures: the real server (gunicorn, as ``make run`` starts it) and headless chromium.

- ``server``: a fresh SQLite data dir, migrated, with the demo person, served by
  ``python -m kneecoach.web.serve`` on a free loopback port (session-scoped; yields its base URL).
- ``phone``: a chromium page at 390x844 (an iPhone-sized viewport), touch, English.
- ``desktop``: the same at 1280x800.
- ``look(page, name)``: saves ``test-output/screenshots/<name>.png``, runs axe-core and fails on
  any serious or critical violation, and fails on any Content-Security-Policy violation or
  script error the page has logged so far.

Every test under tests/e2e is marked ``browser``; all skip with the reason when playwright or
/usr/bin/chromium is missing (``make test`` installs both where it can).
"""

from __future__ import annotations

import itertools
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _missing() -> str | None:
    try:
        import axe_playwright_python  # noqa: F401
        import playwright  # noqa: F401
    except ImportError:
        return "playwright / axe-playwright-python not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    return None


@pytest.fixture(scope="session", autouse=True)
def _browser_tools() -> None:
    reason = _missing()
    if reason:
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


CLIENT_ADDRESSES = (f"10.77.{n // 250}.{n % 250 + 1}" for n in itertools.count())
"""One documentation-style private address per browser context (see ``server``)."""


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("kneecoach-e2e")
    port = free_port()
    from kneecoach.web.serve import start_local

    # Each browser context is its own client (an X-Forwarded-For address of its own, trusted
    # from the loopback), as people are: one address for every test's sign-up would run into
    # the per-address sign-up limit (KNEECOACH_SIGNUP_LIMIT) after twenty of them.
    process = start_local(data_dir, port, extra_env={"KNEECOACH_TRUSTED_PROXIES": "127.0.0.1"})
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=15)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        yield browser
        browser.close()


def _page(chromium: Any, server: str, viewport: dict[str, int], mobile: bool) -> Iterator[Any]:
    context = chromium.new_context(
        base_url=server,
        viewport=viewport,
        device_scale_factor=2 if mobile else 1,
        is_mobile=mobile,
        has_touch=mobile,
        locale="en-GB",
        extra_http_headers={"X-Forwarded-For": next(CLIENT_ADDRESSES)},
    )
    page = context.new_page()
    page.problems = []  # CSP violations, script errors, missing files: checked by look()
    page.on("console", lambda message: _console_problem(page, message))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("response", lambda response: _resource_problem(page, response))
    yield page
    context.close()


def _console_problem(page: Any, message: Any) -> None:
    # A failed load is reported by _resource_problem with its URL; a page's own 404 is fine.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        page.problems.append(message.text)


def _resource_problem(page: Any, response: Any) -> None:
    if response.request.resource_type != "document" and response.status >= 400:
        page.problems.append(f"{response.status} for {response.url}")


@pytest.fixture
def phone(chromium: Any, server: str) -> Iterator[Any]:
    yield from _page(chromium, server, PHONE, mobile=True)


@pytest.fixture
def desktop(chromium: Any, server: str) -> Iterator[Any]:
    yield from _page(chromium, server, DESKTOP, mobile=False)


def _axe_failures(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v.get("impact") in BLOCKING_IMPACTS
    ]


@pytest.fixture(scope="session")
def look() -> Callable[[Any, str], Path]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def look(page: Any, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        failures = _axe_failures(page)
        assert not failures, f"{name}: axe-core found\n" + "\n".join(failures)
        assert not page.problems, f"{name}: the browser logged {page.problems}"
        return path

    return look
