"""House rules that hold for the whole code base: lint, format, types and the layer boundaries."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; install the test extra: pip install -e '.[test]'")
    return found


def test_ruff_lint_is_clean() -> None:
    result = _run(_tool("ruff"), "check", "ecr_tui", "tests", "bench", "screenshots")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _run(_tool("ruff"), "format", "--check", "ecr_tui", "tests", "bench", "screenshots")
    assert result.returncode == 0, result.stdout + result.stderr


def test_types_check() -> None:
    result = _run(_tool("mypy"), "ecr_tui")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_hold() -> None:
    result = _run(_tool("lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("ecr_tui.policy", ["textual", "rich", "click", "boto3", "botocore"]),
        ("ecr_tui.aws", ["textual", "rich", "click"]),
        ("ecr_tui.service", ["textual", "rich", "click"]),
    ],
)
def test_layer_imports_nothing_forbidden_at_run_time(package: str, forbidden: list[str]) -> None:
    code = (
        "import importlib, json, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = _run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    assert not {name for name in loaded if name.split(".")[0] in forbidden}


def test_no_module_imports_one_that_imports_it_back() -> None:
    """No import circle, counting imports made inside functions or for type checking only."""
    import grimp

    graph = grimp.build_graph("ecr_tui")
    circles = sorted(
        f"{module} <-> {imported}"
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        if module < imported and graph.chain_exists(importer=imported, imported=module)
    )
    assert circles == []


def test_the_screenshot_script_imports_what_the_program_has() -> None:
    script = Path(__file__).resolve().parents[1] / "screenshots" / "make_screenshots.py"
    code = f"import runpy; runpy.run_path({str(script)!r}, run_name='not-main')"
    result = _run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr
