"""One settings table: `alkkg serve`'s flags and the server's `Settings` come from it."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from kg.config import SETTINGS, Settings, add_arguments


def parse(*argv: str) -> Settings:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return Settings.from_args(parser.parse_args(list(argv)), Path("store"))


def test_no_flags_give_the_settings_defaults() -> None:
    assert parse() == Settings(Path("store"))
    assert parse().worker_memory == 2 * 2**30 and parse().max_long is None


def test_every_setting_is_a_flag_in_its_unit() -> None:
    settings = parse("--worker-memory", "1024", "--max-long", "2", "--allow-update", "--port", "9")
    assert settings.worker_memory == 2**30  # MiB on the command line, bytes in the settings
    assert (settings.max_long, settings.allow_update, settings.port) == (2, True, 9)
    names = {field.name for field in dataclasses.fields(Settings)} - {"store_path"}
    assert {spec.name for spec in SETTINGS} == names


def test_help_says_each_default_once_from_the_table() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    text = " ".join(parser.format_help().split())
    assert "--timeout S seconds per query (default 30)" in text
    assert "in MiB (default 2048)" in text
    assert "(default: workers - 2, at least 1)" in text
    assert "--max-body N bytes of a POST body; a larger one gets 413 (default 65536)" in text


def test_the_page_size_of_the_named_queries_is_a_setting() -> None:
    assert parse().page_size == 100 and parse("--page-size", "25").page_size == 25
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    text = " ".join(parser.format_help().split())
    assert "--page-size N rows a page of a named query holds over HTTP" in text
    assert "(?limit=, up to --max-rows) (default 100)" in text
