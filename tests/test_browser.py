"""A resident in a real Chromium: the home page opens and Chinese search finds items."""

from __future__ import annotations

from browser import chromium, static_server


def test_search_finds_an_item_by_a_two_character_word(demo_site):
    with static_server(demo_site) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base)
        page.wait_for_load_state("networkidle")  # the search index is loaded
        assert page.locator("h1").first.inner_text() == "文庙坪社区公告栏"
        page.locator(".md-search__input").first.click()
        # "碰口" (pipe tie-in) occurs only in the body of the urgent water-cut notice.
        page.locator(".md-search__input").fill("碰口")
        page.keyboard.press("End")
        result = page.locator(".md-search-result__item a").first
        result.wait_for(timeout=15000)
        assert "announcements/2026-11-water-cut/" in result.get_attribute("href")
        assert page.locator(".md-search-result__item").count() == 1


def test_reading_works_without_javascript(demo_site):
    with static_server(demo_site) as base, chromium() as browser:
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto(base + "notices/2026-11-wenming-family/")
        text = page.locator("article").first.inner_text()
        assert "公示期：2026年11月18日至2026年11月24日" in text
        assert "139****8826" in text
