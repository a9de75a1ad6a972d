"""The example site's pages are exactly the checked-in golden copies in tests/golden/."""

from __future__ import annotations

import pytest

from update_golden import GOLDEN, UPDATE_COMMAND, built_pages, golden_pages, page_differences


def test_golden_copies_of_the_example_site_are_checked_in():
    assert (GOLDEN / "index.html").is_file(), f"No golden pages yet: run {UPDATE_COMMAND}"


def test_every_built_page_matches_its_golden_copy(tmp_path):
    diff = page_differences(golden_pages(), built_pages(tmp_path / "site"))
    if diff:
        pytest.fail(f"The built example site differs from tests/golden/example-group/:\n{diff}\n"
                    f"If the change is intended, run {UPDATE_COMMAND} and commit tests/golden/.",
                    pytrace=False)
