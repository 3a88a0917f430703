"""Running argmap as an unprivileged user, for permission tests that root (who bypasses them) cannot make."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

AS_NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
can_drop_to_nobody = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root and setpriv to run as an unprivileged user")


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A temporary folder every user can enter (pytest's own tmp_path sits in a folder only root may)."""
    folder = Path(tempfile.mkdtemp(prefix="argmap-perm-", dir="/tmp"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                os.chmod(path, 0o755)
        shutil.rmtree(folder, ignore_errors=True)
