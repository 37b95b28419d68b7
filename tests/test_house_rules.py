"""Rules of the house that a reviewer would otherwise have to check by eye."""

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "eventwire"


def test_no_function_in_coding_is_longer_than_40_lines():
    # Event coding is where rules pile up; small functions keep each rule findable and testable.
    long_ones = []
    for path in sorted((SOURCE / "coding").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 40:
                    long_ones.append(f"{path.name}:{node.name} ({length} lines)")
    assert long_ones == []


def test_nothing_imports_the_private_internals_of_re():
    # CPython's private regex modules change between versions without notice.
    offenders = [
        str(path.relative_to(SOURCE))
        for path in sorted(SOURCE.rglob("*.py"))
        if any(
            name in path.read_text(encoding="utf-8") for name in ("sre_parse", "sre_compile", "re._parser")
        )
    ]
    assert offenders == []
