"""`make run` installs what running needs; the test tools come with `make test` (dry runs of make)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def planned(target: str, venv: Path) -> str:
    """What `make <target>` would run on a machine whose environment is still to build."""
    return subprocess.run(
        ["make", "--dry-run", f"VENV={venv}", target], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def test_make_run_installs_the_runtime_dependencies_only(tmp_path):
    plan = planned("run", tmp_path / "venv")
    assert "--require-hashes -r requirements.txt" in plan
    assert "requirements-dev.txt" not in plan


def test_make_test_installs_the_dev_dependencies_over_them(tmp_path):
    plan = planned("test", tmp_path / "venv")
    assert "--require-hashes -r requirements.txt" in plan
    assert "--require-hashes -r requirements-dev.txt" in plan


def test_the_readme_says_how_to_change_the_port():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "PORT=" in readme
