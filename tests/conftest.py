from __future__ import annotations

import pytest

from tests.built_site import Site, build


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The real content, built once with the development settings."""
    output = tmp_path_factory.mktemp("site") / "output"
    build(output)
    return Site(output)
