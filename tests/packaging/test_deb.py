"""The installer a Linux user double-clicks: packaging/ci.sh builds the frozen app and the .deb, installs it
with apt, starts it from /usr/bin offscreen, removes it and checks nothing is left behind.

It changes the machine (installs and removes a package) and takes about a minute, so it runs in CI (``CI`` set)
or when asked (``VD_PACKAGING_TEST=1``), as root or with sudo, on Debian/Ubuntu.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

wanted = bool(os.environ.get("CI") or os.environ.get("VD_PACKAGING_TEST"))
can = (
    sys.platform.startswith("linux")
    and shutil.which("dpkg") is not None
    and (os.geteuid() == 0 or shutil.which("sudo") is not None)
)


@pytest.mark.skipif(not wanted, reason="installs a package: runs in CI, or with VD_PACKAGING_TEST=1")
@pytest.mark.skipif(not can, reason="needs Debian/Ubuntu (dpkg) and root or sudo")
def test_the_deb_installs_starts_and_uninstalls_cleanly() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VISION_DESKTOP_", "PYTEST_"))}
    proc = subprocess.run(
        ["bash", "packaging/ci.sh"], cwd=REPO, env=env, capture_output=True, text=True, timeout=900
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "packaging check passed" in proc.stdout
    assert not os.path.exists("/usr/bin/vision-desktop") and not os.path.exists("/opt/vision-desktop")
