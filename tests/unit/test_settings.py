"""Settings: read from MSDS_* variables when asked (never at import), bad values refused by name."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from msds.settings import SUPPORTED_LANGUAGES, Settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_from_env_reads_every_kind_of_msds_variable(tmp_path: Path) -> None:
    # Given MSDS_* variables for a path, numbers, a comma list and a choice
    environ = {
        "MSDS_DATA_DIR": str(tmp_path / "data"),
        "MSDS_MAX_FILE_BYTES": "1048576",
        "MSDS_MAX_PAGES": "12",
        "MSDS_LANGUAGES": "de, fr ,EN,",
        "MSDS_OCR_DPI": "400",
        "MSDS_OCR_MIN_CONFIDENCE": "0.55",
        "MSDS_ACCEPT_CONFIDENCE": "0.9",
        "MSDS_REVISION_MAX_AGE_DAYS": "730",
        "MSDS_WORKERS": "3",
        "MSDS_TRANSLATOR": " Catalog-Only ",
    }
    # When settings are built from them
    settings = Settings.from_env(environ)
    # Then each value has its type, and the list and the choice are trimmed and lower-cased
    assert settings.data_dir == tmp_path / "data"
    assert settings.max_file_bytes == 1_048_576
    assert settings.max_pages == 12
    assert settings.languages == ("de", "fr", "en")
    assert settings.ocr_dpi == 400
    assert settings.ocr_min_confidence == pytest.approx(0.55)
    assert settings.accept_confidence == pytest.approx(0.9)
    assert settings.revision_max_age_days == 730
    assert settings.workers == 3
    assert settings.translator == "catalog-only"


def test_from_env_with_no_variables_gives_the_defaults() -> None:
    # Given an environment without MSDS_* variables
    environ = {"HOME": "/home/someone", "PATH": "/usr/bin"}
    # When settings are built from it
    settings = Settings.from_env(environ)
    # Then they equal the defaults
    assert settings == Settings()
    assert settings.languages == SUPPORTED_LANGUAGES
    assert settings.max_pages == 200


def test_unknown_variables_are_ignored() -> None:
    # Given one known variable and unknown ones, some of them with the MSDS_ prefix
    environ = {"MSDS_MAX_PAGES": "9", "MSDS_NOT_A_SETTING": "oops", "MSDS_max_pages": "1", "OTHER": "x"}
    # When settings are built from them
    settings = Settings.from_env(environ)
    # Then only the known variable counts, and the unknown ones appear nowhere
    assert settings.max_pages == 9
    assert "not_a_setting" not in settings.model_dump()
    assert settings.model_dump() == Settings(max_pages=9).model_dump()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MSDS_MAX_PAGES", "many"),
        ("MSDS_MAX_PAGES", "0"),
        ("MSDS_MAX_FILE_BYTES", "-1"),
        ("MSDS_MAX_FILE_BYTES", "50MB"),
        ("MSDS_OCR_DPI", "72"),
        ("MSDS_OCR_DPI", "1200"),
        ("MSDS_OCR_MIN_CONFIDENCE", "1.5"),
        ("MSDS_ACCEPT_CONFIDENCE", "-0.1"),
        ("MSDS_WORKERS", "0"),
        ("MSDS_REVISION_MAX_AGE_DAYS", "2.5"),
        ("MSDS_TRANSLATOR", "deepl"),
        ("MSDS_LANGUAGES", "de,xx"),
        ("MSDS_LANGUAGES", " , "),
    ],
)
def test_a_bad_value_is_refused_with_a_validation_error_naming_the_setting(name: str, value: str) -> None:
    # Given one MSDS_* variable with a bad value
    environ = {name: value}
    # When settings are built from it
    with pytest.raises(ValidationError) as raised:
        Settings.from_env(environ)
    # Then the error names the setting that is wrong
    field = name.removeprefix("MSDS_").lower()
    assert [error["loc"][0] for error in raised.value.errors()] == [field]


def test_from_env_without_a_mapping_reads_the_process_environment_when_called(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given MSDS_MAX_PAGES set in the process environment after the module was imported
    monkeypatch.setenv("MSDS_MAX_PAGES", "7")
    monkeypatch.setenv("MSDS_LANGUAGES", "pl,ja")
    # When settings are built directly and from the environment
    direct = Settings()
    from_env = Settings.from_env()
    # Then only from_env reads the environment
    assert direct.max_pages == 200
    assert from_env.max_pages == 7
    assert from_env.languages == ("pl", "ja")


def test_importing_the_settings_reads_nothing_from_the_environment() -> None:
    # Given an environment whose MSDS_* variables are all invalid
    environ = {key: value for key, value in os.environ.items() if not key.startswith("MSDS_")}
    environ.update({name: "not-valid" for name in Settings.environment_names()})
    # When a fresh interpreter imports the settings module and builds default settings
    script = "import msds.settings as s; print(s.Settings().max_pages)"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=30,
    )
    # Then the import succeeds and the defaults are untouched
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "200"


def test_every_setting_has_an_environment_name() -> None:
    # Given the settings model
    # When its environment names are listed
    names = Settings.environment_names()
    # Then there is one MSDS_ name per field
    assert len(names) == len(Settings.model_fields)
    assert {"MSDS_DATA_DIR", "MSDS_MAX_PAGES", "MSDS_MAX_FILE_BYTES", "MSDS_LANGUAGES"} <= set(names)


def test_the_local_default_translator_is_apertium() -> None:
    # Given no MSDS_* variable at all
    # When settings are built from the environment
    settings = Settings.from_env({})
    # Then free text goes to Apertium (where it is installed), as before the setting existed
    assert settings.translator == "apertium"


@pytest.mark.parametrize(
    ("switch", "translator"), [("false", "catalog-only"), ("0", "catalog-only"), ("true", "apertium")]
)
def test_the_retired_apertium_switch_still_chooses_the_engine_when_translator_is_not_set(
    switch: str, translator: str
) -> None:
    # Given an environment written for the old on/off switch only
    environ = {"MSDS_APERTIUM_ENABLED": switch}
    # When settings are built from it
    settings = Settings.from_env(environ)
    # Then the switch is read as the engine it meant
    assert settings.translator == translator


def test_the_translator_setting_wins_over_the_retired_apertium_switch() -> None:
    # Given both the old switch (off) and the new setting (Apertium)
    environ = {"MSDS_APERTIUM_ENABLED": "false", "MSDS_TRANSLATOR": "apertium"}
    # When settings are built from them
    settings = Settings.from_env(environ)
    # Then the new setting decides
    assert settings.translator == "apertium"


def test_a_retired_switch_value_that_is_not_a_switch_is_refused_as_a_translator() -> None:
    # Given the old switch with a value that is neither on nor off
    environ = {"MSDS_APERTIUM_ENABLED": "perhaps"}
    # When settings are built from it
    with pytest.raises(ValidationError) as raised:
        Settings.from_env(environ)
    # Then the error names the translator setting
    assert [error["loc"][0] for error in raised.value.errors()] == ["translator"]


def test_every_resource_limit_is_a_setting_with_a_default_and_an_environment_variable() -> None:
    # Given the limits a document may not exceed
    limits = {
        "MSDS_MAX_RENDER_PIXELS": "max_render_pixels",
        "MSDS_MAX_IMAGE_PIXELS": "max_image_pixels",
        "MSDS_MAX_STREAM_BYTES": "max_stream_bytes",
        "MSDS_MAX_PAGE_CHARS": "max_page_chars",
        "MSDS_MAX_DOCUMENT_CHARS": "max_document_chars",
        "MSDS_WORKER_MEMORY_MB": "worker_memory_mb",
        "MSDS_DOCUMENT_SECONDS": "document_seconds",
    }
    # When settings are read from an environment setting each of them to 1234567
    settings = Settings.from_env(dict.fromkeys(limits, "1234567"))
    # Then each has a positive default and takes its variable's value
    defaults = Settings()
    assert all(getattr(defaults, name) > 0 for name in limits.values())
    assert {name: getattr(settings, name) for name in limits.values()} == dict.fromkeys(
        limits.values(), 1234567
    )
