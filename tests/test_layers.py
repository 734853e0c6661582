"""The package's layers import only downward, and no module imports itself in a circle:

    cli → commands → editor → site, print, publish → render → content → errors, paths, fingerprint

`site`, `print` and `publish` are side by side and never import each other; whatever they
need (Markdown, sanitising, Jinja filters, worker processes) lives in `render`. The editor
(编辑台) sits above them: it shows the site and the print of a draft."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator"
LAYERS = {
    "cli": 6,
    "commands": 5,
    "editor": 4,
    "site": 3,
    "print": 3,
    "publish": 3,
    "render": 2,
    "content": 1,
    "errors": 0,
    "paths": 0,
    "fingerprint": 0,
    "__init__": 0,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The generator modules `path` imports, wherever in the file (lazy imports too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            target = (
                f"{base}.{node.module}"
                if node.level and node.module
                else (base if node.level else node.module or "")
            )
            if target.startswith("generator"):
                found.add(target)
                found.update(
                    f"{target}.{a.name}"
                    for a in node.names
                    if (ROOT / (target + "." + a.name).replace(".", "/"))
                    .with_suffix(".py")
                    .is_file()
                )
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("generator"))
    return found - {name}


def layer_of(module: str) -> str:
    return module.split(".")[1] if "." in module else "__init__"


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_top_level_part_of_the_package_has_a_layer():
    parts = {
        p.stem if p.is_file() else p.name
        for p in PACKAGE.iterdir()
        if p.suffix == ".py" or (p / "__init__.py").is_file()
    }
    assert parts <= set(LAYERS), parts - set(LAYERS)


def test_layers_import_only_downward():
    wrong = []
    for module, targets in graph().items():
        here = layer_of(module)
        for target in targets:
            there = layer_of(target)
            if there != here and LAYERS[there] >= LAYERS[here]:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_no_module_imports_itself_in_a_circle():
    modules = graph()
    edges = {module: targets & set(modules) for module, targets in modules.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                cycles.append(" → ".join(trail[trail.index(target) :] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_layer_test_sees_a_wrong_import(tmp_path):
    """The checker itself: a content module importing the site layer is caught."""
    bad = PACKAGE / "content" / "_layer_probe.py"
    bad.write_text("from ..site import plan\n", encoding="utf-8")
    try:
        assert "generator.site.plan" in imports_of(bad)
        assert LAYERS[layer_of("generator.site.plan")] >= LAYERS["content"]
    finally:
        bad.unlink()


def test_each_kind_folder_is_named_in_the_registry_only():
    """The folders `announcements`, `notices` … (alone or starting a path) are spelled in
    one module: content/kinds.py. Everything else reads them from the registry. A key
    looked up in a mapping (MkDocs' `context["pages"]`) is not a folder."""
    from generator.content.kinds import KINDS

    folders = {k.folder for k in KINDS}
    named: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        keys = {id(n.slice) for n in ast.walk(tree) if isinstance(n, ast.Subscript)}
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in keys
            ):
                for folder in folders:
                    if node.value == folder or node.value.startswith(folder + "/"):
                        named.setdefault(folder, set()).add(path.relative_to(PACKAGE).as_posix())
    assert named == {folder: {"content/kinds.py"} for folder in folders}
