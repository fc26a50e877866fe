"""Build Vision Desktop for this operating system: freeze, smoke-test, make the installer.

    python packaging/build.py                 # everything
    python packaging/build.py --no-installer  # the frozen app only (dist/vision-desktop/)

1. PyInstaller, one-folder build (packaging/vision-desktop.spec) into dist/.
2. Checks of the frozen app: the late-imported modules (keyring's backend for this OS, pillow_heif, truststore,
   ...) and the resources are in the bundle; ``--smoke-test`` starts it offscreen, builds the main window and
   exits: it must exit 0 within 10 s, print nothing on stderr and log no warning.
3. The installer: Linux .deb (dpkg-deb), Windows per-user setup (Inno Setup's iscc), macOS .dmg (hdiutil).

One version everywhere: ``vision_desktop.__version__``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DIST = ROOT / "dist"
BUILD = ROOT / "build"
sys.path.insert(0, str(ROOT))

from vision_desktop import __version__  # noqa: E402

# PyInstaller copies most of these libraries into the bundle from the build machine; what the frozen app still
# loads from the system (ldd over the bundle) is libc, libGL/libEGL (glvnd) and libxcb with libXau/libXdmcp.
# The list stays complete so the app also runs when a bundled copy is dropped from the spec later.
DEB_DEPENDS = (
    "libc6 (>= 2.34), libglib2.0-0, libgl1, libegl1, libfontconfig1, libfreetype6, libxkbcommon0, "
    "libxkbcommon-x11-0, libdbus-1-3, libxcb1, libx11-xcb1, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, "
    "libxcb-image0, libxcb-render-util0, libxcb-shape0, libxcb-xkb1, libxcb-randr0, libxcb-xfixes0, "
    "libxcb-sync1, libxcb-render0, libxcb-shm0"
)
DEB_RECOMMENDS = "gnome-keyring | kwalletmanager"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def run(cmd: list[str], **kw: object) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)  # type: ignore[call-overload]


def frozen_executable() -> Path:
    if sys.platform == "darwin":
        return DIST / "Vision Desktop.app" / "Contents" / "MacOS" / "vision-desktop"
    return DIST / "vision-desktop" / ("vision-desktop.exe" if sys.platform == "win32" else "vision-desktop")


def freeze() -> None:
    started = time.monotonic()
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            str(DIST),
            "--workpath",
            str(BUILD),
            str(PACKAGING / "vision-desktop.spec"),
        ]
    )
    print(f"froze the app in {time.monotonic() - started:.0f} s", flush=True)


# Modules that are imported late or found through entry points, so a missing one would only show when a user
# first saves a key or opens a HEIC photo: check they are in the bundle before making the installer.
REQUIRED_MODULES = {
    "any": (
        "vision_desktop.ui.main_window",
        "vision_desktop.app",
        "httpx",
        "truststore",
        "platformdirs",
        "PIL.Image",
        "pillow_heif",
        "pypdfium2",
        "pypdfium2_raw",
        "vision_desktop.images.pdf",
        "sqlite3",
        "keyring.backends.chainer",
    ),
    "linux": ("keyring.backends.SecretService", "secretstorage", "jeepney"),
    "win32": ("keyring.backends.Windows", "win32ctypes.core"),
    "darwin": ("keyring.backends.macOS", "keyring.backends.macOS.api"),
}
# Modules the spec leaves out on purpose: if one comes back, the bundle grew.
EXCLUDED_MODULES = ("PySide6.QtSvg", "PySide6.QtNetwork", "PySide6.QtQml", "tkinter", "pytest")


def check_bundle(executable: Path) -> None:
    """The frozen app holds the modules it needs (and not the ones left out), and its resources."""
    from PyInstaller.archive.readers import CArchiveReader

    modules = set(CArchiveReader(str(executable)).open_embedded_archive("PYZ.pyz").toc)
    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    wanted = REQUIRED_MODULES["any"] + REQUIRED_MODULES.get(platform, ())
    missing = [m for m in wanted if m not in modules]
    unwanted = [m for m in EXCLUDED_MODULES if m in modules]
    internal = executable.parent / "_internal"
    if sys.platform == "darwin":
        internal = executable.parent.parent / "Frameworks"
    icons = internal / "vision_desktop" / "resources" / "icons"
    if not (icons / "vision-desktop-256.png").is_file():
        missing.append(f"resources ({icons})")
    pdfium = {"win32": "pdfium.dll", "darwin": "libpdfium.dylib"}.get(sys.platform, "libpdfium.so")
    if not (internal / "pypdfium2_raw" / pdfium).is_file():
        missing.append(f"the PDF renderer ({internal / 'pypdfium2_raw' / pdfium})")
    if missing or unwanted:
        raise SystemExit(
            f"bundle check failed: missing {missing or 'nothing'}; left in by mistake {unwanted or 'nothing'}"
        )
    print(
        f"bundle check passed: {len(wanted)} required modules and the resources are in, {len(modules)} modules in all"
    )


def smoke_test(executable: Path) -> None:
    """Start the frozen app offscreen, build the window, exit: 0 within 10 s, nothing on stderr, and no warning
    or error in its log (the app routes Qt's own warnings, such as a plugin that fails to load, to the log)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as home:
        env["VISION_DESKTOP_HOME"] = home
        started = time.monotonic()
        proc = subprocess.run(
            [str(executable), "--smoke-test"], env=env, capture_output=True, text=True, timeout=10
        )
        took = time.monotonic() - started
        log = Path(home) / "logs" / "vision-desktop.log"
        log_problems = [
            line
            for line in (
                log.read_text(encoding="utf-8", errors="replace").splitlines() if log.is_file() else []
            )
            if any(f" {level} " in line for level in ("WARNING", "ERROR", "CRITICAL"))
        ]
    problems = []
    if proc.returncode != 0:
        problems.append(f"exit status {proc.returncode}")
    if proc.stderr.strip():
        problems.append(f"error output:\n{proc.stderr.strip()}")
    if log_problems:
        problems.append("warnings in the log:\n" + "\n".join(log_problems[:20]))
    if problems:
        raise SystemExit(f"smoke test of {executable} failed: " + "; ".join(problems))
    print(f"smoke test passed in {took:.1f} s", flush=True)


def deb() -> Path:
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    out = DIST / f"vision-desktop_{__version__}_{arch}.deb"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "root"
        shutil.copytree(DIST / "vision-desktop", root / "opt" / "vision-desktop", symlinks=True)
        (root / "usr" / "bin").mkdir(parents=True)
        (root / "usr" / "bin" / "vision-desktop").symlink_to("/opt/vision-desktop/vision-desktop")
        apps = root / "usr" / "share" / "applications"
        apps.mkdir(parents=True)
        shutil.copy(PACKAGING / "linux" / "vision-desktop.desktop", apps / "vision-desktop.desktop")
        icons = ROOT / "resources" / "icons"
        for size in ICON_SIZES:
            target = root / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps"
            target.mkdir(parents=True)
            shutil.copy(icons / f"vision-desktop-{size}.png", target / "vision-desktop.png")
        scalable = root / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps"
        scalable.mkdir(parents=True)
        shutil.copy(icons / "vision-desktop.svg", scalable / "vision-desktop.svg")
        size_kb = sum(f.stat().st_size for f in root.rglob("*") if f.is_file() and not f.is_symlink()) // 1024
        control = (
            (PACKAGING / "linux" / "control.in")
            .read_text()
            .format(
                version=__version__, arch=arch, depends=DEB_DEPENDS, recommends=DEB_RECOMMENDS, size=size_kb
            )
        )
        (root / "DEBIAN").mkdir()
        (root / "DEBIAN" / "control").write_text(control)
        for script in ("postinst", "postrm"):
            path = root / "DEBIAN" / script
            shutil.copy(PACKAGING / "linux" / script, path)
            path.chmod(0o755)
        if shutil.which("desktop-file-validate"):
            run(["desktop-file-validate", str(apps / "vision-desktop.desktop")])
        out.unlink(missing_ok=True)
        run(["dpkg-deb", "--root-owner-group", "-Zzstd", "--build", str(root), str(out)])
    return out


def windows_installer() -> Path:
    iscc = shutil.which("iscc") or r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe"
    run(
        [
            iscc,
            f"/DAppVersion={__version__}",
            f"/DSourceDir={DIST / 'vision-desktop'}",
            f"/O{DIST}",
            str(PACKAGING / "windows" / "vision-desktop.iss"),
        ]
    )
    return DIST / f"VisionDesktop-{__version__}-setup.exe"


def dmg() -> Path:
    out = DIST / f"VisionDesktop-{__version__}.dmg"
    out.unlink(missing_ok=True)
    cmd = ["hdiutil", "create", "-volname", "Vision Desktop", "-srcfolder", str(DIST / "Vision Desktop.app")]
    cmd += ["-ov", "-format", "UDZO", str(out)]
    # hdiutil on the hosted macOS runners now and then fails with "Resource busy": try again a few times.
    for attempt in range(1, 4):
        try:
            run(cmd)
            break
        except subprocess.CalledProcessError:
            if attempt == 3:
                raise
            time.sleep(5 * attempt)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-installer", action="store_true", help="stop after the smoke test")
    parser.add_argument("--skip-freeze", action="store_true", help="reuse dist/ from an earlier build")
    args = parser.parse_args()
    if not args.skip_freeze:
        freeze()
    check_bundle(frozen_executable())
    smoke_test(frozen_executable())
    if args.no_installer:
        return 0
    if sys.platform.startswith("linux"):
        installer = deb()
    elif sys.platform == "win32":
        installer = windows_installer()
    elif sys.platform == "darwin":
        installer = dmg()
    else:
        raise SystemExit(f"no installer recipe for {sys.platform}")
    print(f"installer: {installer} ({installer.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
