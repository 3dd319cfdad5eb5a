import pytest

from ..builders import make_libraries


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def libraries(region, vasteras, koping):
    return make_libraries(region, vasteras, koping)
