"""The import contracts of pyproject.toml: the core imports no area app, and an area app
reaches another only through its declared interface (kompetens/interface.py)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(config):
    return subprocess.run(
        [LINT_IMPORTS, "--config", config, "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_the_contracts_are_kept():
    result = lint_imports("pyproject.toml")
    assert result.returncode == 0, result.stdout
    assert "2 kept, 0 broken" in result.stdout


def test_reading_promotion_uses_only_competences_interface(tmp_path):
    """Without the interface's exception, reading promotion's use of kompetens breaks the
    independence contract: the contract does look at those imports, and finds no others."""
    config = (ROOT / "pyproject.toml").read_text()
    config = config.replace('ignore_imports = ["lasframjande.** -> kompetens.interface"]', "")
    (tmp_path / "contracts.toml").write_text(config)
    result = lint_imports(tmp_path / "contracts.toml")
    assert result.returncode == 1
    assert "lasframjande is not allowed to import kompetens" in result.stdout
    imports = [line for line in result.stdout.splitlines() if line.startswith("- lasframjande")]
    assert imports and all("-> kompetens.interface" in line for line in imports)
