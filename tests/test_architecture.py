"""The house's rooms stay apart: who may import whom in ``app/``, and no import cycles.

Every import counts, also one inside a function (a lazy import still ties two modules
together). The layers, lowest first: ``core`` < ``backends`` < ``services`` < ``owner`` <
the front ends ``cli`` and ``ui`` (and ``mcp``) < ``entry`` / ``self_test``, which choose
between them. See docs/architecture.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"

# module prefix -> prefixes it must never import
FORBIDDEN = {
    "app.core": ("app.backends", "app.services", "app.owner", "app.cli", "app.ui", "app.mcp",
                 "app.entry", "app.self_test"),
    "app.backends": ("app.services", "app.owner", "app.cli", "app.ui", "app.mcp",
                     "app.entry", "app.self_test"),
    "app.services": ("app.owner", "app.cli", "app.ui", "app.mcp", "app.entry"),
    "app.model_choice": ("app.owner", "app.cli", "app.ui", "app.mcp", "app.entry"),
    "app.owner": ("app.backends", "app.cli", "app.ui", "app.mcp", "app.entry", "app.self_test"),
    "app.cli": ("app.backends", "app.ui", "app.mcp", "app.entry", "app.self_test"),
    "app.ui": ("app.backends", "app.cli", "app.mcp", "app.entry", "app.self_test"),
    "app.mcp": ("app.backends", "app.cli", "app.ui", "app.entry", "app.self_test"),
}  # backends are chosen and built in app.services only
# Modules that use the core as a client: they see only ``app.core``'s surface (its __all__).
FRONT_ENDS = ("app.cli", "app.ui", "app.mcp", "app.owner", "app.entry", "app.self_test",
              "app.logs", "app.resources", "app.model_files", "app.model_download")
CORE = APP / "core"
DOMAINS = sorted(p.name for p in CORE.iterdir() if (p / "__init__.py").is_file())


def module_name(path: Path, root: Path = APP) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = APP) -> dict[str, set[str]]:
    """Module -> the ``app`` modules it imports anywhere in its body."""
    modules = {module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {_known(a.name, modules) for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(node, package)
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.add(sub if sub in modules else _known(base, modules))
        graph[name] = {t for t in targets if t and t != name}
    return graph


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    base = package.split(".")[: len(package.split(".")) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _known(name: str, modules: dict) -> str:
    """The longest prefix of ``name`` that is a module of the tree ('' for outside ones)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in modules:
            return ".".join(parts[:end])
    return ""


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_app_has_no_import_cycles():
    assert cycles(import_graph()) == []


def test_layers_import_only_downwards():
    offences = []
    for module, targets in import_graph().items():
        for layer, banned in FORBIDDEN.items():
            if _within(module, layer):
                offences += [f"{module} -> {t}" for t in sorted(targets)
                             if any(_within(t, b) for b in banned)]
    assert offences == []


def _domain(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["app", "core"] and parts[2] in DOMAINS \
        else None


def test_core_is_domain_packages():
    assert {"answers", "files", "indexing", "ingest", "meetings", "search", "storage",
            "text"} <= set(DOMAINS)
    flat = sorted(p.stem for p in CORE.glob("*.py") if p.stem != "__init__")
    assert len(flat) <= 12, flat  # the shared modules and the Library, not a corridor


def test_domains_reach_each_other_only_through_their_surface():
    """``app.core.search.retrieval`` may import ``app.core.text``, never ``app.core.text.x``."""
    offences = []
    for module, targets in import_graph().items():
        if module == "app.core":
            continue  # the surface itself names where each of its names is defined
        for target in sorted(targets):
            domain = _domain(target)
            if domain and _domain(module) != domain and target != f"app.core.{domain}":
                offences.append(f"{module} -> {target}")
    assert offences == []


def test_front_ends_import_only_the_public_surface():
    import app.core

    offences = []
    for path in APP.rglob("*.py"):
        module = module_name(path)
        if not any(_within(module, f) for f in FRONT_ENDS):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("app.core"):
                if node.module != "app.core":
                    offences.append(f"{module}:{node.lineno} {node.module}")
                offences += [f"{module}:{node.lineno} {a.name} not in app.core.__all__"
                             for a in node.names if a.name not in app.core.__all__]
            elif isinstance(node, ast.Import):
                offences += [f"{module}:{node.lineno} {a.name}" for a in node.names
                             if a.name.startswith("app.core")]
    assert offences == []


def _surfaces() -> list[Path]:
    return [CORE / "__init__.py"] + [CORE / d / "__init__.py" for d in DOMAINS]


def test_each_surface_offers_what_it_names_and_types_it():
    """Every name in a package's __all__ resolves; the names imported for the type checker
    are the same names from the same modules; no name hides a submodule."""
    import importlib

    for init in _surfaces():
        package = module_name(init)
        surface = importlib.import_module(package)
        typed: dict[str, str] = {}
        for node in ast.parse(init.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
                for imp in node.body:
                    assert isinstance(imp, ast.ImportFrom) and imp.module
                    typed |= {a.name: imp.module for a in imp.names}
        assert sorted(typed) == surface.__all__, package
        submodules = {p.stem for p in init.parent.glob("*.py")} | {
            p.name for p in init.parent.iterdir() if (p / "__init__.py").is_file()}
        for name in surface.__all__:
            value = getattr(surface, name)
            assert getattr(importlib.import_module(typed[name]), name) is value, name
            assert name not in submodules, f"{package}.{name} hides a submodule"


def test_the_core_surface_costs_nothing_until_used():
    import subprocess
    import sys

    code = ("import sys, app.core; app.core.load_settings; "
            "print(sorted(m for m in sys.modules if m.startswith('app.core.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    assert "app.core.settings" in loaded and "app.core.search" not in loaded


def test_front_ends_reach_the_core_through_the_library(tmp_path):
    """No front end touches a Library's parts (``.parts``, or the older ``.registry``,
    ``.indexer``, ``.store``); ruff's SLF001 keeps them off the private attributes."""
    offences = []
    front = [p for f in FRONT_ENDS for p in APP.glob(f.removeprefix("app.").replace(".", "/"))]
    paths = [p for f in front for p in ([f] if f.is_file() else f.rglob("*.py"))]
    paths += [APP / f"{f.removeprefix('app.')}.py" for f in FRONT_ENDS
              if (APP / f"{f.removeprefix('app.')}.py").is_file()]
    assert len(paths) >= 30  # the cli, ui, mcp and owner packages and the entry modules
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name | ast.Attribute)
                    and (node.attr in ("registry", "indexer", "store")
                         or node.attr == "parts" and "lib" in ast.unparse(node.value))):
                offences.append(f"{path.relative_to(APP)}:{node.lineno} .{node.attr}")
    assert offences == []


def test_the_checks_see_a_cycle_and_a_lazy_import(tmp_path):
    pkg = tmp_path / "app"
    (pkg / "ui").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "ui" / "__init__.py").write_text("")
    (pkg / "cli.py").write_text("def main():\n    from app.ui import window\n")
    (pkg / "ui" / "window.py").write_text("from app import cli\n")
    graph = import_graph(pkg)
    assert graph["app.ui.window"] == {"app.cli"} and graph["app.cli"] == {"app.ui.window"}
    assert cycles(graph) == [["app.cli", "app.ui.window"]]


def test_the_light_lane_refuses_compiled_libraries():
    """``make test-light`` proves the core and the owner need no compiled library: in that
    lane importing one raises (checked here in a child, whatever lane runs this)."""
    import subprocess
    import sys

    code = ("from tests.support.light import install_if_asked; install_if_asked()\n"
            "try:\n    import numpy\nexcept ImportError as e:\n    print('refused', e)\n"
            "import app.core.library, app.owner.dispatch\nprint('core ok')")
    env = dict(__import__("os").environ, HEARTH_TEST_LIGHT="1")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=APP.parent, check=True).stdout
    assert "refused numpy is not available in the light lane" in out and "core ok" in out
