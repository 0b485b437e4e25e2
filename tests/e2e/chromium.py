"""Whether the browser tests can run: skipped without Chromium on a workstation, failed in CI."""

import os
from pathlib import Path

import pytest


def require_chromium(path: str, environ=os.environ) -> None:
    """Skip the calling test (with the reason) when Chromium is missing; fail when CI is set.

    CI (`.ci/run` sets CI=true, as hosted CI services do) must run every browser test, so
    there a missing browser is an error rather than a quiet skip.
    """
    if Path(path).exists():
        return
    reason = f"the browser tests need Chromium at {path} (apt-get install chromium)"
    if environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI is set and {reason}", pytrace=False)
    pytest.skip(reason)
