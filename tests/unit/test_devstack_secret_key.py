"""`make run` gives the desk a SECRET_KEY of its own, generated once and kept private under
`.data/`, and names the hosts it serves, unless the environment already says."""

from __future__ import annotations

import stat

import pytest

from shopnest.devstack.__main__ import django_environment
from shopnest.devstack.secret_key import load_or_create


def test_the_first_start_generates_a_long_random_key_readable_by_the_owner_only(tmp_path):
    path = tmp_path / ".data" / "secret-key"

    key = load_or_create(path)

    assert len(key) >= 50 and len(set(key)) >= 5  # what `check --deploy` asks of a key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().strip() == key


def test_later_starts_keep_the_same_key(tmp_path):
    path = tmp_path / "secret-key"
    first = load_or_create(path)

    assert load_or_create(path) == first


def test_two_desks_get_different_keys(tmp_path):
    assert load_or_create(tmp_path / "a") != load_or_create(tmp_path / "b")


def test_an_emptied_key_file_is_refused_rather_than_replaced_silently(tmp_path):
    path = tmp_path / "secret-key"
    path.write_text("\n")

    with pytest.raises(RuntimeError, match="secret-key is empty"):
        load_or_create(path)


def test_make_run_passes_the_kept_key_and_its_own_hosts_to_every_process(tmp_path):
    env = django_environment({"PATH": "/usr/bin"}, tmp_path)

    assert env["SECRET_KEY"] == (tmp_path / "secret-key").read_text().strip()
    assert env["ALLOWED_HOSTS"].split(",") == ["127.0.0.1", "localhost"]
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings"
    assert django_environment({}, tmp_path)["SECRET_KEY"] == env["SECRET_KEY"]


def test_a_key_and_hosts_given_in_the_environment_win_and_nothing_is_written(tmp_path):
    env = django_environment({"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "desk.example.com"},
                             tmp_path)

    assert (env["SECRET_KEY"], env["ALLOWED_HOSTS"]) == ("k" * 60, "desk.example.com")
    assert not (tmp_path / "secret-key").exists()
