"""Every module's job can be named from its first line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "storage", "scheduler", "templates", "localslack", "tests")
MODULES = sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))
OTHERS = [p for p in MODULES if p != Path(__file__).resolve()]  # this one names the document to find it


def test_the_packages_are_found() -> None:
    assert len(MODULES) > 100


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_starts_with_a_docstring_naming_its_job(path: Path) -> None:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert docstring, "no module docstring"
    first = docstring.splitlines()[0]
    assert len(first.split()) >= 3, f"first line too short to name a job: {first!r}"


@pytest.mark.parametrize("path", OTHERS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_points_at_a_document_outside_the_repository(path: Path) -> None:
    assert "DESIGN.md" not in path.read_text(encoding="utf-8")
