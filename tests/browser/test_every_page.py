"""Every page a person can reach by following links passes axe at WCAG 2.2 AA.

The navigation walk (``test_roles.py``) covers the pages in the menu; this crawl follows every
link from the start page, as the business unit (who can open nearly every page) and as an
agency lead (who sees the progress form rather than the full one, and their agency's drafts).
A page is visited once per shape of address (``/reviews/3/`` stands for every review), so a
new page is covered as soon as something links to it.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from .conftest import axe_check, sign_in

# Links that do not lead to a page: files, and signing out.
NOT_PAGES = re.compile(r"(/sign-out/|download|/csv/$|\.(csv|docx|pdf|xlsx|json)$|/static/)")
MOST_PAGES = 120


def shape(path: str) -> str:
    """``/reviews/12/incident/`` -> ``/reviews/<n>/incident/``; an indicator's code stands for
    every indicator (``/trends/indicators/referrals/`` -> ``/trends/indicators/<code>/``)."""
    path = re.sub(r"^(/trends/(?:indicators|catalogue))/[a-z][a-z0-9_]*(?=/)", r"\1/<code>", path)
    return re.sub(r"/\d+(?=/|$)", "/<n>", path)


def links_on(page: Page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or NOT_PAGES.search(parts.path):
            continue
        found.append(parts.path)
    return found


def crawl(page: Page, origin: str) -> tuple[list[str], list[str]]:
    """Visit every shape of page reachable from the start page; return the pages visited and
    the problems found (a status other than 200, not one <h1>, axe violations)."""
    seen: set[str] = set()
    queue = ["/"]
    visited: list[str] = []
    problems: list[str] = []
    while queue and len(visited) < MOST_PAGES:
        path = queue.pop(0)
        if shape(path) in seen:
            continue
        seen.add(shape(path))
        try:
            response = page.goto(path)
        except PlaywrightError as error:
            if "Download is starting" in error.message:
                continue  # a file, not a page
            raise
        visited.append(path)
        status = response.status if response is not None else None
        if status != 200:
            problems.append(f"{path}: status {status}")
            continue
        if page.locator("h1").count() != 1:
            problems.append(f"{path}: {page.locator('h1').count()} <h1> elements")
        try:
            axe_check(page)
        except AssertionError as error:
            problems.append(str(error))
        queue.extend(link for link in links_on(page, origin) if shape(link) not in seen)
    return visited, problems


@pytest.mark.parametrize("username", ["business", "lead.police"])
def test_every_page_reachable_by_links_passes_axe(demo: Any, page: Page, username: str) -> None:
    sign_in(page, username)
    visited, problems = crawl(page, demo.url)
    assert len(visited) >= 20, visited
    assert len(visited) < MOST_PAGES, "the crawl stopped early: raise MOST_PAGES"
    assert not problems, f"{len(problems)} problem(s) in {len(visited)} pages:\n" + "\n".join(
        problems
    )
