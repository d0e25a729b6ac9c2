"""The domain packages stay plain Python: the standard library and the kernel's pure modules.

tickets/domain, people/domain and the kernel's shopnest/domain may import the standard library,
`shopnest.messages` and `shopnest.domain.*`, nothing else: no Django, no event store, no API.
"""

import ast
import sys
from pathlib import Path

import pytest

import people.domain
import shopnest.domain
import tickets.domain

DOMAIN_DIRS = [Path(package.__file__).parent for package in (tickets.domain, people.domain,
                                                              shopnest.domain)]
ALLOWED = ("shopnest.messages", "shopnest.domain")


def domain_modules():
    return [path for directory in DOMAIN_DIRS for path in sorted(directory.rglob("*.py"))]


def imported_names(source):
    """Yield every absolute name `source` imports (`from a import b` yields `a.b`)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level > 1:
            # `from ..x import y` leaves the package: it may reach anything.
            yield f"{'.' * node.level}{node.module or ''}"


def is_allowed(name):
    return name.split(".")[0] in sys.stdlib_module_names or any(
        name == allowed or name.startswith(f"{allowed}.") for allowed in ALLOWED)


def foreign_imports(source):
    return {name for name in imported_names(source) if not is_allowed(name)}


def test_every_domain_package_is_checked():
    names = {(path.parent.parent.name, path.name) for path in domain_modules()}

    assert {("tickets", "decide.py"), ("people", "agents.py"), ("people", "companies.py"),
            ("people", "company_fields.py"), ("shopnest", "events.py")} <= names


def test_the_domain_imports_nothing_outside_the_standard_library_and_the_kernel():
    foreign = {
        (str(path.relative_to(path.parents[2])), name)
        for path in domain_modules()
        for name in foreign_imports(path.read_text())
    }

    assert foreign == set()


@pytest.mark.parametrize("source", [
    "import django",
    "from django.db import connection",
    "from shopnest.eventstore import store",
    "import shopnest.eventstore.store",
    "from shopnest import api",
    "from tickets.api.representation import ticket_json",
    "def later():\n    from rest_framework import exceptions",
    "from ..handlers import tickets",
])
def test_the_check_flags_a_foreign_import(source):
    assert foreign_imports(source) != set()


@pytest.mark.parametrize("source", [
    "from __future__ import annotations",
    "from dataclasses import dataclass, field",
    "import collections.abc",
    "from shopnest.messages import Command",
    "from shopnest import messages",
    "from shopnest.domain.errors import NotFound",
    "from shopnest.domain import storable",
    "from . import validation as valid",
])
def test_the_check_accepts_the_standard_library_and_the_kernel(source):
    assert foreign_imports(source) == set()


def test_no_domain_module_knows_about_http_statuses():
    # The API maps each kind of domain error to its HTTP answer (shopnest/api/errors.py).
    mentions = [str(path) for path in domain_modules() if "http_status" in path.read_text()]

    assert mentions == []
