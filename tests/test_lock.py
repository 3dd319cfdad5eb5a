"""The lock file that `make install` and CI install from holds every dependency, pinned with
its hashes."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def name(requirement):
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_dependency_is_pinned_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    lock = (ROOT / "requirements.lock").read_text()
    pins = dict(re.findall(r"^([a-z0-9._-]+)==(\S+) \\\n", lock, re.MULTILINE | re.IGNORECASE))
    pinned = {n.lower().replace("_", "-") for n in pins}
    assert wanted <= pinned, wanted - pinned
    entries = re.split(r"\n(?=[a-z0-9])", lock.split("\n", 1)[1], flags=re.IGNORECASE)
    assert all("--hash=sha256:" in e for e in entries if "==" in e)
