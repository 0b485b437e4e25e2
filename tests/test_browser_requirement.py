"""Browser tests explain themselves when Chromium is missing: a skip locally, a failure in CI."""

import pytest

from tests.e2e.chromium import require_chromium

MISSING = "/nonexistent/chromium"


def test_a_missing_chromium_skips_the_browser_tests_with_the_reason_locally():
    with pytest.raises(pytest.skip.Exception, match="need Chromium at /nonexistent/chromium"):
        require_chromium(MISSING, environ={})


@pytest.mark.parametrize("ci", ["true", "1"])
def test_a_missing_chromium_fails_the_browser_tests_in_ci(ci):
    with pytest.raises(pytest.fail.Exception, match="CI is set and the browser tests need"):
        require_chromium(MISSING, environ={"CI": ci})


def test_an_installed_chromium_lets_the_browser_tests_run(tmp_path):
    browser = tmp_path / "chromium"
    browser.touch()
    assert require_chromium(str(browser), environ={"CI": "true"}) is None
