"""The layers keep their order: a test reads the imports of every product module.

Between apps: `config` → `demo`, `bench` → `actionplans` → `inspections` → `agencies` → `ui`, never
the other way, and product code never imports `demo` or `bench`. Inside `actionplans`: `plans`
imports no sibling; `measures`, `reminders` and `documents` import only `plans` (`documents` may use
`measures` for its charts); `submission` and `api` may use `plans`, `measures` and `documents`;
`notifications` may use `plans` and `reminders` (whose outbox sends its emails); `queues` may use
`plans` and `measures` (the manager's dashboard). The app's own top-level modules (`models`,
`urls`, `admin`, `apps`, `tasks`) and its management commands gather the sub-packages and may
import any of them.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.settings import BASE_DIR

# Each of our apps and what it may import of ours (besides itself). Apps are listed top down.
APPS_MAY_IMPORT = {
    "config": {"demo", "bench", "actionplans", "inspections", "agencies", "ui"},
    "demo": {"actionplans", "inspections", "agencies", "ui"},
    "bench": {"actionplans", "inspections", "agencies", "ui"},
    "actionplans": {"inspections", "agencies", "ui"},
    "inspections": {"agencies", "ui"},
    "agencies": {"ui"},
    "ui": set(),
}
SUB_PACKAGES_MAY_IMPORT = {
    "plans": set(),
    "measures": {"plans"},
    "reminders": {"plans"},
    "documents": {"plans", "measures"},
    "submission": {"plans", "measures", "documents"},
    "api": {"plans", "measures", "documents"},
    "notifications": {"plans", "reminders"},
    "queues": {"plans", "measures"},
}
# `actionplans.models` re-exports every sub-package's models, so a sub-package that imported it
# would reach its siblings through it: inside a sub-package it counts as all of them.
GATHERING_MODULES = {"models", "urls", "admin", "apps", "tasks", "management"}


def product_modules() -> Iterator[tuple[str, Path]]:
    for app in APPS_MAY_IMPORT:
        for path in sorted((BASE_DIR / app).rglob("*.py")):
            relative = path.relative_to(BASE_DIR)
            if "migrations" in relative.parts:
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            yield ".".join(parts), path


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """Every module the file imports, as a dotted name: `from a.b import c` gives `a.b.c` when
    `c` is a module, else `a.b`; lazy imports inside functions count too."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                is_module = (BASE_DIR / candidate.replace(".", "/")).with_suffix(".py").exists()
                is_package = (BASE_DIR / candidate.replace(".", "/") / "__init__.py").exists()
                yield node.lineno, candidate if (is_module or is_package) else node.module


def forbidden_import(importer: str, imported: str) -> str | None:
    """Why `importer` may not import `imported`, or None when it may."""
    importer_app, imported_app = importer.split(".")[0], imported.split(".")[0]
    if imported_app not in APPS_MAY_IMPORT or imported_app == importer_app:
        if imported_app == importer_app == "actionplans":
            return forbidden_inside_actionplans(importer, imported)
        return None
    if imported_app not in APPS_MAY_IMPORT[importer_app]:
        return f"the app `{importer_app}` may not import `{imported_app}`"
    return None


def forbidden_inside_actionplans(importer: str, imported: str) -> str | None:
    importer_part = importer.split(".")[1] if importer.count(".") else None
    if importer_part is None or importer_part in GATHERING_MODULES:
        return None
    if importer_part not in SUB_PACKAGES_MAY_IMPORT:
        return f"`{importer}` is outside every sub-package of actionplans"
    imported_parts = imported.split(".")
    if len(imported_parts) == 1:
        return "a sub-package may not import the `actionplans` package itself"
    imported_part = imported_parts[1]
    if imported_part == importer_part:
        return None
    if imported_part in GATHERING_MODULES:
        return f"a sub-package may not import `actionplans.{imported_part}`, which gathers all"
    if imported_part not in SUB_PACKAGES_MAY_IMPORT[importer_part]:
        return f"`actionplans.{importer_part}` may not import `actionplans.{imported_part}`"
    return None


def all_violations() -> list[str]:
    found = []
    for module, path in product_modules():
        for line, imported in imported_modules(path):
            if reason := forbidden_import(module, imported):
                where = path.relative_to(BASE_DIR)
                found.append(f"{where}:{line} imports {imported}: {reason}")
    return found


def test_no_product_module_imports_against_the_layers() -> None:
    violations = all_violations()
    assert not violations, "Forbidden imports:\n" + "\n".join(violations)


def test_every_product_app_is_checked() -> None:
    modules = {name for name, _ in product_modules()}
    for sub_package in SUB_PACKAGES_MAY_IMPORT:
        assert f"actionplans.{sub_package}.models" in modules or any(
            m.startswith(f"actionplans.{sub_package}.") for m in modules
        )
    assert "ui.forms" in modules
    assert "demo.loader" in modules


@pytest.mark.parametrize(
    ("importer", "imported", "reason"),
    [
        ("agencies.views", "inspections.models", "the app `agencies` may not import `inspections`"),
        ("inspections.forms", "actionplans.plans.models", "may not import `actionplans`"),
        ("actionplans.plans.views.plans", "demo.loader", "may not import `demo`"),
        ("ui.forms", "agencies.models", "the app `ui` may not import `agencies`"),
        (
            "actionplans.plans.services",
            "actionplans.measures.models",
            "`actionplans.plans` may not import `actionplans.measures`",
        ),
        (
            "actionplans.measures.figures",
            "actionplans.reminders.due",
            "`actionplans.measures` may not import `actionplans.reminders`",
        ),
        (
            "actionplans.documents.plan",
            "actionplans.submission.models",
            "`actionplans.documents` may not import `actionplans.submission`",
        ),
        ("actionplans.reminders.due", "actionplans.models", "gathers all"),
    ],
)
def test_a_forbidden_import_is_named(importer: str, imported: str, reason: str) -> None:
    found = forbidden_import(importer, imported)
    assert found is not None
    assert reason in found


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("config.urls", "actionplans.urls"),
        ("demo.loader", "actionplans.submission.services"),
        ("actionplans.submission.services", "actionplans.documents.plan"),
        ("actionplans.documents.figures", "actionplans.measures.charts"),
        ("actionplans.models", "actionplans.reminders.models"),
        ("actionplans.plans.views.plans", "inspections.forms"),
        ("inspections.forms", "ui.forms"),
    ],
)
def test_an_allowed_import_passes(importer: str, imported: str) -> None:
    assert forbidden_import(importer, imported) is None


def test_a_forbidden_import_written_into_a_module_is_found(tmp_path: Path) -> None:
    """The reader finds imports wherever they are, lazy ones inside functions included."""
    module = tmp_path / "example.py"
    module.write_text(
        "import os\n\n\ndef later():\n    from actionplans.measures import figures\n"
        "    return figures\n"
    )
    assert list(imported_modules(module)) == [(1, "os"), (5, "actionplans.measures.figures")]
