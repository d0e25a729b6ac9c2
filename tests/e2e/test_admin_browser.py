"""An agent works a ticket in the back office through a real headless Chromium.

The app is served by pytest-django's live server; projections run eagerly on commit (test
settings) with the periodic sweep as safety net, so no Celery worker is needed here. The test
touches the database only outside the Playwright block: Playwright's sync API runs an event
loop in this thread, and Django's ORM refuses to run (or opens a stray connection) under it.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect, sync_playwright

from shopnest.eventstore.store import read_stream
from tests.integration.admin.helpers import PASSWORD, BackgroundSweep, make_agent, open_ticket

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@contextmanager
def chromium_page():
    """A page of a fresh headless Chromium (Debian's build; Playwright drives it)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(20_000)
            yield page
        finally:
            browser.close()


@pytest.fixture
def sweep(clean_state, settings):
    """Celery beat's periodic sweep, as in production; pages wait up to 10 s for own writes."""
    settings.SHOPNEST_CONSISTENCY_WAIT = 10.0
    background = BackgroundSweep()
    background.start()
    yield background
    background.stop()


def test_an_agent_adds_a_private_note_from_the_ticket_page(live_server, sweep, tmp_path):
    agent = make_agent("Ada Agent")
    ticket_id = open_ticket("Lamp arrived broken")
    with chromium_page() as page:
        work_the_ticket(page, live_server.url, agent, ticket_id, tmp_path / "ticket-page.png")

    added = read_stream(f"ticket-{ticket_id}")[-1]
    assert (added.type, added.data["private"]) == ("NoteAdded", True)
    assert (added.metadata["via"], added.metadata["actor_id"]) == ("admin", agent.id)


def work_the_ticket(page, base_url: str, agent, ticket_id: int, screenshot) -> None:
    """Log in, open the ticket from the queue, add a private note, see it in the thread."""
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", agent.email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text("Ada")

    page.goto(f"{base_url}/admin/tickets/ticketview/")
    page.locator("#result_list").get_by_role("link", name="Lamp arrived broken").click()
    expect(page).to_have_url(re.compile(rf"/admin/tickets/ticketview/{ticket_id}/change/$"))

    note_form = page.locator("#note-form")
    note_form.locator("textarea[name=body]").fill("Customer sent photos of the broken base.")
    expect(note_form.locator("input[name=private]")).to_be_checked()
    note_form.locator("input[type=submit]").click()

    note = page.locator("#thread .message", has_text="Customer sent photos of the broken base.")
    expect(note).to_have_count(1)
    expect(note).to_have_class(re.compile(r"\bprivate-note\b"))
    expect(note.locator(".badge.private")).to_have_text("private")
    expect(page.locator(".messagelist")).to_contain_text("Note added.")

    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 0
