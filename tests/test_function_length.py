"""No function under ``graphintel/`` is over 80 lines (issue 16), except those named in ``ALLOWED``."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "graphintel"
LIMIT = 80

# module (dotted, under graphintel) and qualified function name -> why it may be longer for now.
ALLOWED: dict[tuple[str, str], str] = {}  # none now; a data table may be named here, with why


def _functions(tree: ast.AST, prefix: str = ""):
    """(qualified name, node) of every function and method, nested ones included."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield prefix + node.name, node
            yield from _functions(node, prefix + node.name + ".")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, prefix + node.name + ".")
        else:
            yield from _functions(node, prefix)


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def long_functions(limit: int = LIMIT) -> dict[tuple[str, str], int]:
    """(module, function) -> lines, of every function over ``limit`` lines (decorators and docstring counted)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name, node in _functions(tree):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            lines = node.end_lineno - first + 1
            if lines > limit:
                found[(_module(path), name)] = lines
    return found


def test_no_function_is_over_80_lines():
    over = {key: n for key, n in long_functions().items() if key not in ALLOWED}
    assert not over, "functions over 80 lines: " + ", ".join(f"{m}.{f} ({n})" for (m, f), n in sorted(over.items()))


def test_the_allow_list_names_only_long_functions():
    """An entry that is no longer needed (split, renamed or gone) is removed from ``ALLOWED``."""
    stale = set(ALLOWED) - set(long_functions())
    assert not stale, "no longer over 80 lines, remove from ALLOWED: " + ", ".join(f"{m}.{f}" for m, f in sorted(stale))


def test_a_long_function_is_found(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(LIMIT))
    tree = ast.parse(f"class A:\n    def long(self):\n    {body.replace(chr(10), chr(10) + '    ')}\n")
    ((name, node),) = list(_functions(tree))
    assert name == "A.long" and node.end_lineno - node.lineno + 1 == LIMIT + 1
