"""The engine's layers (ARCHITECTURE.md): read every module's imports with `ast`, those inside functions and
under TYPE_CHECKING too, and fail on an import cycle, on the engine importing the API, on a lower layer
importing a higher one, and on an import of one engine module inside a function of another."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

ENGINE = ROOT / "engine"

# lower never imports higher; layers of the same rank (inputs, outputs) never import each other
LAYERS: dict[str, int] = {
    "core": 0,
    "standards": 1,
    "rulebook": 2,
    "facts": 3,
    "check": 4,
    "inputs": 5,
    "outputs": 5,
    "store": 5,  # the review desk's store (issue 30): keeps checks, above check, beside inputs and outputs
    "tools": 6,
    "cli": 7,
}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, dotted
    target: str  # the module imported (the most specific one found), or the top-level name outside the engine
    line: int
    in_function: bool


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def engine_modules(root: Path = ENGINE) -> dict[str, Path]:
    return {module_name(p, root.parent): p for p in sorted(root.rglob("*.py"))}


def _resolve(name: str, known: Iterable[str]) -> str:
    """The longest prefix of `name` that is a known module (`engine.facts.FindingFacts` -> `engine.facts`)."""
    known = set(known)
    parts = name.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in known:
            return ".".join(parts[:n])
    return parts[0]


def imports_of(source: str, tree: ast.AST, known: Iterable[str], is_package: bool = False) -> list[Import]:
    """Every import in a module's syntax tree: top level, in functions, under `if TYPE_CHECKING`."""
    known = set(known)
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    found.append(Import(source, _resolve(alias.name, known), child.lineno, in_function))
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    package = source if is_package else source.rpartition(".")[0]
                    for _ in range(child.level - 1):
                        package = package.rpartition(".")[0]
                    base = f"{package}.{base}".strip(".")
                for alias in child.names:
                    full = f"{base}.{alias.name}"
                    target = full if full in known else _resolve(base, known)
                    found.append(Import(source, target, child.lineno, in_function))
            visit(child, inner)

    visit(tree, False)
    return found


def all_imports(root: Path = ENGINE) -> list[Import]:
    modules = engine_modules(root)
    out: list[Import] = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        out += imports_of(name, tree, modules, is_package=path.name == "__init__.py")
    return out


def graph_of(imports: Iterable[Import]) -> dict[str, set[str]]:
    """Module -> the engine modules it imports (anything imported by any path counts)."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        graph.setdefault(imp.source, set())
        if imp.target.split(".")[0] == "engine" and imp.target != imp.source:
            graph[imp.source].add(imp.target)
            graph.setdefault(imp.target, set())
    return graph


def find_cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Each strongly connected component of more than one module (or a module importing itself), as a path
    round it: Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in set(graph.get(node, ())):
                    cycles.append(sorted(component))
    return cycles


def layer_of(module: str) -> str | None:
    """`engine.standards.model` -> `standards`; `engine.cli` -> `cli`; the package root `engine` -> None
    (it holds only `__version__`, below every layer)."""
    parts = module.split(".")
    if len(parts) == 1:
        return None
    return parts[1]


def layer_violations(imports: Iterable[Import]) -> list[str]:
    out = []
    for imp in imports:
        if imp.target.split(".")[0] != "engine":
            continue
        src, dst = layer_of(imp.source), layer_of(imp.target)
        if dst is None or src == dst:
            continue
        if src is None:
            out.append(f"{imp.source}:{imp.line}: the package root imports {imp.target}")
            continue
        if src not in LAYERS or dst not in LAYERS:
            out.append(f"{imp.source}:{imp.line}: {src if src not in LAYERS else dst} is not a known layer")
            continue
        if LAYERS[src] <= LAYERS[dst]:
            why = "a peer layer" if LAYERS[src] == LAYERS[dst] else "a higher layer"
            out.append(f"{imp.source}:{imp.line}: {src} imports {imp.target}, {why}")
    return out


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return all_imports()


def test_the_cycle_detector_finds_a_crafted_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}, "f": set()}
    assert find_cycles(graph) == [["a", "b", "c"], ["e"]]
    assert find_cycles({"a": {"b"}, "b": set(), "c": {"b"}}) == []


def test_the_import_reader_sees_function_and_type_checking_imports() -> None:
    code = (
        "from typing import TYPE_CHECKING\n"
        "from engine.core import models\n"
        "if TYPE_CHECKING:\n"
        "    from engine.facts import FindingFacts\n"
        "def f():\n"
        "    from engine.check.engine import Engine\n"
        "    import api.server\n"
    )
    known = {"engine", "engine.core", "engine.core.models", "engine.facts", "engine.check", "engine.check.engine"}
    found = imports_of("engine.rulebook.x", ast.parse(code), known)
    got = {(i.target, i.in_function) for i in found}
    assert got == {
        ("typing", False),
        ("engine.core.models", False),
        ("engine.facts", False),
        ("engine.check.engine", True),
        ("api", True),
    }
    violations = layer_violations(found)
    assert any("rulebook imports engine.facts" in v for v in violations)
    assert any("rulebook imports engine.check.engine" in v for v in violations)
    assert find_cycles(graph_of([*found, Import("engine.facts", "engine.rulebook.x", 1, False)]))


def test_no_import_cycle(imports: list[Import]) -> None:
    assert find_cycles(graph_of(imports)) == []


def test_the_engine_never_imports_the_api(imports: list[Import]) -> None:
    assert [f"{i.source}:{i.line}" for i in imports if i.target.split(".")[0] == "api"] == []


def test_every_module_is_in_a_layer() -> None:
    assert [m for m in engine_modules() if m != "engine" and layer_of(m) not in LAYERS] == []


def test_no_layer_imports_a_higher_one(imports: list[Import]) -> None:
    assert layer_violations(imports) == []


# the command line is a door: each command imports what only it needs when it runs, so `ncaudit check` starts
# without the letter, the plan and the evaluation (start-up is benchmarked); those imports still count above,
# for cycles and layers, so none is hidden
DOORS = frozenset({"engine.cli"})


def test_no_engine_module_imports_another_inside_a_function(imports: list[Import]) -> None:
    inside = [
        f"{i.source}:{i.line}: {i.target}"
        for i in imports
        if i.in_function and i.target.split(".")[0] == "engine" and i.source not in DOORS
    ]
    assert inside == []


def test_subpackage_inits_import_nothing_eagerly() -> None:
    """Start-up is measured: a subpackage's `__init__` is its docstring (facts registers its facts: the exception)."""
    eager = []
    for path in sorted(ENGINE.glob("*/__init__.py")):
        if path.parent.name == "facts":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        body = [n for n in tree.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
        if body or ast.get_docstring(tree) is None:
            eager.append(str(path.relative_to(ROOT)))
    assert eager == []


_GRADE_WORDS = {"major", "minor", "ofi", "observation", "none", "ungraded"}
_VERDICT_WORDS = {"sound", "revise", "regrade", "withdraw", "none"}
_SEVERITY_WORDS = {"error", "warning", "info", "never"}


def vocabulary_tables(tree: ast.AST) -> list[tuple[int, list[str]]]:
    """Literal lists of three or more grade, verdict or severity words, and dicts ranking them (word -> int)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            elts = node.elts
        elif (
            isinstance(node, ast.Dict)
            and node.keys
            and all(isinstance(v, ast.Constant) and isinstance(v.value, int) for v in node.values)
        ):
            elts = [k for k in node.keys if k is not None]
        else:
            continue
        if len(elts) < 3 or not all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in elts):
            continue
        words = {e.value for e in elts if isinstance(e, ast.Constant)}
        if any(words <= kind for kind in (_GRADE_WORDS, _VERDICT_WORDS, _SEVERITY_WORDS)):
            found.append((node.lineno, sorted(words)))
    return found


def test_the_vocabulary_scan_finds_a_crafted_table() -> None:
    code = 'ORDER = {"none": 0, "ofi": 1, "minor": 2, "major": 3}\nX = ("sound", "revise", "withdraw")\nY = ("a", "b")'
    assert [line for line, _ in vocabulary_tables(ast.parse(code))] == [1, 2]


def test_grade_verdict_and_severity_words_are_written_once() -> None:
    """Their words and orders live in engine/core/vocabulary.py; everything else imports them."""
    tables = []
    for name, path in engine_modules().items():
        if name != "engine.core.vocabulary":
            tables += [f"{name}:{line}: {words}" for line, words in vocabulary_tables(ast.parse(path.read_text()))]
    assert tables == []
