"""Production static files: each address is the hashed file's, looked up once per process."""

import json

import pytest

from core.storage import StaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    manifest = {"paths": {"css/partnership.css": "css/partnership.0123456789ab.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_the_address_is_the_hashed_files_and_stays_so(storage):
    assert storage.url("css/partnership.css") == "/static/css/partnership.0123456789ab.css"
    storage.hashed_files.clear()  # were it looked up again, the manifest would no longer answer
    assert storage.url("css/partnership.css") == "/static/css/partnership.0123456789ab.css"


def test_a_file_missing_from_the_manifest_is_refused_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")
