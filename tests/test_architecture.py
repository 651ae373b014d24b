"""The package's shape: layers without import cycles, small modules, a stub API."""

import ast
import subprocess
import sys
from pathlib import Path

import mne_attention

PACKAGE = Path(mne_attention.__file__).parent
MAX_LINES = 400
MAX_TOP_LEVEL_MODULES = 6
# Higher layers import lower ones, never the reverse.
# viz draws MNE objects and arrays and knows no container (as in
# mne-connectivity), so the containers' plot methods can call it.
LAYERS = {
    "utils": 0,
    "model": 1,
    "datasets": 2,
    "viz": 1,
    "source": 1,
    "containers": 2,
    "attention": 3,
    "evaluate": 4,
    "commands": 5,
}


def _module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules():
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _imports(name, path):
    """Yield (module, imported name) for every package import in ``path``.

    Imports inside functions count: they are edges all the same.
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("mne_attention"):
                    yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("mne_attention"):
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                if submodule in MODULES:
                    yield submodule, None
                else:
                    yield target, alias.name


def _graph():
    return {
        name: sorted({target for target, _ in _imports(name, path)} - {name})
        for name, path in MODULES.items()
    }


def _find_cycle(graph):
    """Return one import cycle as a list of modules, or None."""
    state = {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for target in graph.get(node, ()):
            if state.get(target) == "open":
                return stack[stack.index(target) :] + [target]
            if target not in state:
                cycle = visit(target, stack)
                if cycle:
                    return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in graph:
        if node not in state:
            cycle = visit(node, [])
            if cycle:
                return cycle
    return None


def test_cycle_finder_finds_a_cycle():
    assert _find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": ["b"], "b": ["c"], "c": []}) is None


def test_no_import_cycles():
    assert _find_cycle(_graph()) is None


def _layer(module):
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_layers_import_downwards_only():
    upward = [
        (name, target)
        for name, targets in _graph().items()
        for target in targets
        if _layer(name) is not None
        and _layer(target) is not None
        and _layer(target) > _layer(name)
    ]
    assert upward == []


def test_no_private_names_cross_modules():
    crossing = [
        f"{name} imports {imported} from {target}"
        for name, path in MODULES.items()
        for target, imported in _imports(name, path)
        if imported and imported.startswith("_") and imported != "__version__"
    ]
    assert crossing == []


def test_modules_are_small():
    too_long = {
        name: n_lines
        for name, path in MODULES.items()
        if (n_lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert too_long == {}


def test_few_modules_at_the_top_level():
    top_level = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top_level) <= MAX_TOP_LEVEL_MODULES, top_level


def test_every_module_names_its_concern():
    missing = [
        name
        for name, path in MODULES.items()
        if not ast.get_docstring(ast.parse(path.read_text()))
    ]
    assert missing == []


def test_stub_is_the_public_api():
    stub = ast.parse((PACKAGE / "__init__.pyi").read_text())
    (declared,) = [node.value for node in stub.body if isinstance(node, ast.Assign)]
    names = sorted(ast.literal_eval(declared))
    assert names == sorted(mne_attention.__all__)
    for name in names:
        assert getattr(mne_attention, name) is not None


def test_each_module_imports_first():
    """Each module imports in an interpreter where no other module is loaded yet."""
    modules = [name for name in sorted(MODULES) if name != "mne_attention.__main__"]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    for loaded in [m for m in sys.modules if m.startswith('mne_attention')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
