"""The domain package stays plain Python: the standard library and shopnest.messages only."""

import ast
import sys
from pathlib import Path

import tickets.domain

DOMAIN_DIR = Path(tickets.domain.__file__).parent
ALLOWED = {"shopnest.messages"}


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_the_domain_imports_nothing_outside_the_standard_library():
    foreign = {
        (path.name, module)
        for path in DOMAIN_DIR.glob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] not in sys.stdlib_module_names and module not in ALLOWED
    }

    assert foreign == set()
