"""`make run` gives its web and worker processes one metrics directory, emptied of an earlier
run's files before any of them starts, and leaves a directory the operator chose alone."""

from __future__ import annotations

from pathlib import Path

from shopnest.devstack.__main__ import django_environment


def test_make_run_shares_a_fresh_metrics_directory(tmp_path):
    stale = tmp_path / "metrics" / "counter_host-41.db"
    stale.parent.mkdir()
    stale.write_bytes(b"old run")

    env = django_environment({"SECRET_KEY": "k" * 60}, tmp_path)

    directory = Path(env["PROMETHEUS_MULTIPROC_DIR"])
    assert directory == tmp_path / "metrics"
    assert directory.is_dir() and list(directory.iterdir()) == []


def test_a_metrics_directory_set_by_the_operator_is_kept_as_it_is(tmp_path):
    chosen = tmp_path / "mine"
    chosen.mkdir()
    (chosen / "counter_host-7.db").write_bytes(b"kept")

    env = django_environment({"SECRET_KEY": "k" * 60, "PROMETHEUS_MULTIPROC_DIR": str(chosen)},
                             tmp_path)

    assert env["PROMETHEUS_MULTIPROC_DIR"] == str(chosen)
    assert (chosen / "counter_host-7.db").read_bytes() == b"kept"
