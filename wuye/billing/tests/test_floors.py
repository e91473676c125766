"""Billing is floor 5 (docs: STYLE.md "Floors"): other apps post into it through its services, it
imports none of them. The cashier's daily close reads gate cash and non-resident rent as billing
payments (issue 9), not from parking's tables."""

import ast
from pathlib import Path

import wuye.billing

#: the apps on floors 6 to 8: billing may name their models by string, never import their code
HIGHER = (
    "keys",
    "parking",
    "handover",
    "renovation",
    "frontdesk",
    "quality",
    "archives",
    "community",
    "apartments",
    "reports",
    "portal",
    "demo",
)


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
            if node.module == "wuye":  # from wuye import parking
                names += [f"wuye.{alias.name}" for alias in node.names]
    return names


def test_billing_imports_no_app_of_a_higher_floor():
    root = Path(wuye.billing.__file__).parent
    files = sorted(root.rglob("*.py"))
    assert root / "selectors.py" in files and len(files) > 20
    upward = [
        f"{path.relative_to(root)}: {name}"
        for path in files
        for name in imported_modules(path)
        if name.split(".")[:2] in (["wuye", app] for app in HIGHER)
    ]
    assert upward == []


def test_the_check_sees_an_upward_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from wuye.parking.models import Session\n    from wuye import parking\n")
    assert imported_modules(sample) == ["wuye.parking.models", "wuye", "wuye.parking"]
