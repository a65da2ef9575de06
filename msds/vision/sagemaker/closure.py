"""The first-party source files a script needs at run time, found by reading imports, and the third-party
distributions they import, pinned to the versions installed here.

SageMaker runs the project's code from a folder it unpacks (``code/`` of a model package, the source
directory of a training job). Instead of shipping the whole project, whose requirements (CDK, Tesseract)
have no place in an inference container, the archives carry exactly the modules reached from their entry
point, byte for byte the files the local host imports, and a ``requirements.txt`` for the rest.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path, PurePosixPath

from msds.errors import ConfigurationError

FIRST_PARTY = ("msds", "models")

# Import names whose distribution is not found by metadata (or is found under a different name).
_KNOWN_DISTRIBUTIONS = {"PIL": "pillow", "yaml": "PyYAML", "cv2": "opencv-python-headless"}


class ModuleNotInProject(ConfigurationError):
    """An entry point imports a first-party module that has no source file in the project."""

    code = "module_not_in_project"


class UnpinnableDependency(ConfigurationError):
    """A third-party module is imported but no installed distribution provides it."""

    code = "unpinnable_dependency"


@dataclass(frozen=True)
class SourceClosure:
    """Files under ``root`` (relative POSIX paths, sorted) and pinned third-party requirements."""

    root: Path
    files: tuple[PurePosixPath, ...]
    requirements: tuple[str, ...]
    third_party_modules: tuple[str, ...] = field(default=())

    def requirements_txt(self) -> str:
        return "".join(f"{line}\n" for line in self.requirements)


def project_root() -> Path:
    """The folder that holds the ``msds`` and ``models`` packages."""
    import msds

    return Path(msds.__file__).resolve().parent.parent


def source_closure(
    entry_points: Sequence[Path],
    root: Path | None = None,
    *,
    extra_modules: Iterable[str] = (),
    data_files: Iterable[str] = (),
    extra_requirements: Iterable[str] = (),
    exclude_requirements: Iterable[str] = (),
) -> SourceClosure:
    """Every first-party module imported (transitively, at any depth of the code) by ``entry_points``.

    Imports guarded by ``if TYPE_CHECKING:`` are ignored: they never run. The parent packages'
    ``__init__.py`` files are included (and followed) because importing a submodule runs them.
    ``extra_modules`` adds first-party modules by dotted name (for modules loaded dynamically),
    ``data_files`` glob patterns (relative to ``root``) of package data read at run time, and
    ``extra_requirements`` distributions found by name rather than imported.
    """
    root = (root or project_root()).resolve()
    seen: set[Path] = set()
    third_party: set[str] = set()
    pending: list[Path] = [Path(p).resolve() for p in entry_points]
    for name in extra_modules:
        pending.extend(_files_of(name, root))
    entry_set = set(pending[: len(entry_points)])
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        package = _package_of(path, root)
        for module in _imported_modules(path, package):
            top = module.split(".")[0]
            if top in FIRST_PARTY:
                pending.extend(_files_of(module, root))
            elif top not in sys.stdlib_module_names and top != "__future__":
                third_party.add(top)
    data = {path.resolve() for pattern in data_files for path in root.glob(pattern) if path.is_file()}
    files = sorted(
        PurePosixPath(p.relative_to(root).as_posix())
        for p in (seen - entry_set) | data
        if _under(p, root) and "__pycache__" not in p.parts
    )
    excluded = {name.lower() for name in exclude_requirements}
    pinned = {_pin(module) for module in third_party} | {_pin_distribution(n) for n in extra_requirements}
    requirements = sorted(pinned, key=str.lower)
    requirements = [line for line in requirements if line.split("==")[0].lower() not in excluded]
    return SourceClosure(root, tuple(files), tuple(requirements), tuple(sorted(third_party)))


def _under(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _package_of(path: Path, root: Path) -> str | None:
    """Dotted package a file belongs to (for relative imports), or None outside the project."""
    if not _under(path, root):
        return None
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    else:
        parts = parts[:-1]
    return ".".join(parts) or None


def _files_of(module: str, root: Path) -> list[Path]:
    """Source files run by ``import module``: the module itself and every parent package's __init__."""
    parts = module.split(".")
    files: list[Path] = []
    for depth in range(1, len(parts) + 1):
        base = root.joinpath(*parts[:depth])
        init, single = base / "__init__.py", base.with_suffix(".py")
        if init.is_file():
            files.append(init)
        elif single.is_file():
            files.append(single)
        elif depth == len(parts) and depth > 1:
            # ``from package import name`` where name is an attribute, not a module: nothing more to add.
            return files
        else:
            raise ModuleNotInProject(f"{module} is imported but {base} has no source file")
    return files


def _imported_modules(path: Path, package: str | None) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules: list[str] = []
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            if base is None:
                continue
            modules.append(base)
            # ``from msds.vision import processing`` may name a submodule.
            modules.extend(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return modules


def _absolute(node: ast.ImportFrom, package: str | None) -> str | None:
    if node.level == 0:
        return node.module
    if package is None:
        return None
    parts = package.split(".")
    if node.level > 1:
        parts = parts[: -(node.level - 1)]
    return ".".join([*parts, node.module] if node.module else parts)


def _runtime_nodes(tree: ast.AST) -> Iterable[ast.AST]:
    """Every node except the bodies of ``if TYPE_CHECKING:`` blocks."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


@cache
def _distributions() -> dict[str, list[str]]:
    return dict(metadata.packages_distributions())


def _pin(module: str) -> str:
    distributions = _distributions().get(module)
    name = distributions[0] if distributions else _KNOWN_DISTRIBUTIONS.get(module)
    if name is None:
        raise UnpinnableDependency(f"no installed distribution provides the module {module!r}")
    return _pin_distribution(name, module)


def _pin_distribution(name: str, module: str | None = None) -> str:
    try:
        version = metadata.version(name)
    except metadata.PackageNotFoundError as error:
        wanted = f" (for {module!r})" if module else ""
        raise UnpinnableDependency(f"{name}{wanted} is not installed here") from error
    return f"{metadata.metadata(name)['Name']}=={version}"
