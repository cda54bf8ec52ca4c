"""The layout's promises, checked on the source: no import cycle between the project's
modules (lazy imports included), and dependencies one way only (models <- solver <- cli)."""

from __future__ import annotations

import ast
from pathlib import Path

from paths import ROOT

PACKAGES = {"models": "maillage.models", "solver": "maillage.solver", "cli": "maillage.cli"}


def _modules() -> dict[str, Path]:
    found = {}
    for folder, package in PACKAGES.items():
        for path in (ROOT / folder).rglob("*.py"):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join((package, *parts))] = path
    return found


def _imports(path: Path, known: set[str]) -> set[str]:
    """The project's modules a file imports, lazily (inside a function) or not: a lazy
    import hides a cycle, it does not remove it. Not those under `if TYPE_CHECKING:`."""
    out: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                out.add(name if name in known else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {m for m in out if m in known}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(path, known) - {name} for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def test_the_graph_is_read_from_the_source() -> None:
    graph = _graph()
    assert "maillage.solver.search.pipeline" in graph["maillage.solver.search.run"]
    assert "maillage.solver.prepare" in graph["maillage.solver.solve"]


def test_no_import_cycle() -> None:
    assert _cycle(_graph()) is None


def test_a_cycle_would_be_found() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_dependencies_go_one_way() -> None:
    for module, imported in _graph().items():
        for target in imported:
            if module.startswith("maillage.models"):
                assert not target.startswith(("maillage.solver", "maillage.cli")), module
            if module.startswith("maillage.solver"):
                assert not target.startswith("maillage.cli"), (module, target)


def test_test_modules_have_unique_names() -> None:
    """tests/ has no packages, so two test files of one name cannot both be collected."""
    names = [p.name for p in (ROOT / "tests").rglob("test_*.py")]
    assert sorted({n for n in names if names.count(n) > 1}) == []
