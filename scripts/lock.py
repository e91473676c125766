"""Keep requirements.lock and requirements-test.lock in step with the dependencies in pyproject.toml.

    python scripts/lock.py check   exit 1, naming `make lock`, when a lock was made from other
                                   dependency declarations than pyproject.toml holds now
    python scripts/lock.py stamp   record the current declarations' digest in both locks (`make lock`)

The digest covers build-system.requires (the locks hold setuptools too, so that installing the project
itself needs no unpinned build environment), requires-python, dependencies and optional-dependencies
only, so editing tool settings in pyproject.toml does not invalidate the locks.
"""

import hashlib
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = [ROOT / "requirements.lock", ROOT / "requirements-test.lock"]
MARK = "# pyproject.toml dependencies sha256: "


def digest() -> str:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    declared = {
        "build-system.requires": pyproject.get("build-system", {}).get("requires", []),
        "requires-python": project.get("requires-python"),
        "dependencies": project.get("dependencies", []),
        "optional-dependencies": project.get("optional-dependencies", {}),
    }
    return hashlib.sha256(json.dumps(declared, sort_keys=True).encode()).hexdigest()


def recorded(lock: Path) -> str | None:
    for line in lock.read_text(encoding="utf-8").splitlines():
        if line.startswith(MARK):
            return line[len(MARK) :].strip()
    return None


def check() -> int:
    current = digest()
    stale = [lock.name for lock in LOCKS if not lock.exists() or recorded(lock) != current]
    if stale:
        print(
            f"{', '.join(stale)} no longer match the dependencies in pyproject.toml.\n"
            "Run `make lock` and commit the lock files with pyproject.toml.",
            file=sys.stderr,
        )
        return 1
    return 0


def stamp() -> int:
    line = MARK + digest()
    for lock in LOCKS:
        lines = [x for x in lock.read_text(encoding="utf-8").splitlines() if not x.startswith(MARK)]
        lock.write_text("\n".join([line, *lines]) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    commands = {"check": check, "stamp": stamp}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    sys.exit(commands[sys.argv[1]]())
