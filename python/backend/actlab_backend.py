"""PEP 517 build backend for actlab: configures and builds the extension module with the project's
CMake and packs the wheel. Standard library only, so that `pip install --no-build-isolation .` works
without any package index.

The library is linked statically into the module (a position-independent static build of it):
the wheel is one self-contained extension plus Python files, with no libactlab.so beside it that
could be found instead of, or shadow, an installed one.

Settings: environment ACTLAB_CMAKE_ARGS (extra configure arguments, split on spaces),
ACTLAB_BUILD_DIR (default build/python-wheel in the source tree, reused between builds),
CMAKE_BUILD_PARALLEL_LEVEL (jobs); pip's --config-settings cmake-args=... likewise.
"""
from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import time
import zipfile
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

ROOT = Path(__file__).resolve().parents[2]
NAME = "actlab"


def _version() -> str:
    text = (ROOT / "CMakeLists.txt").read_text()
    match = re.search(r"project\(\s*actlab\s+VERSION\s+([0-9][0-9.]*)", text)
    if not match:
        raise RuntimeError("actlab_backend: no project(actlab VERSION ...) in CMakeLists.txt")
    return match.group(1)


def _project() -> dict:
    if tomllib is None:
        return {}
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def _tag() -> str:
    interpreter = f"cp{sys.version_info.major}{sys.version_info.minor}"
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"{interpreter}-{interpreter}-{platform}"


def _metadata(version: str) -> str:
    project = _project().get("project", {})
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {NAME}",
        f"Version: {version}",
        f"Summary: {project.get('description', '')}",
        f"Requires-Python: {project.get('requires-python', '>=3.9')}",
    ]
    for requirement in project.get("dependencies", []):
        lines.append(f"Requires-Dist: {requirement}")
    for extra, requirements in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        for requirement in requirements:
            lines.append(f'Requires-Dist: {requirement}; extra == "{extra}"')
    readme = ROOT / "docs" / "python.md"
    if readme.exists():
        lines.append("Description-Content-Type: text/markdown")
        return "\n".join(lines) + "\n\n" + readme.read_text()
    return "\n".join(lines) + "\n"


def _cmake_args(config_settings) -> list[str]:
    args = list(_project().get("tool", {}).get("actlab", {}).get("cmake-args", []))
    args += shlex.split(os.environ.get("ACTLAB_CMAKE_ARGS", ""))
    if config_settings:
        extra = config_settings.get("cmake-args")
        if isinstance(extra, str):
            args += shlex.split(extra)
        elif extra:
            args += list(extra)
    return args


def _build_module(config_settings) -> Path:
    """Configures and builds the module; returns the folder holding the package (module + .py)."""
    build = Path(os.environ.get("ACTLAB_BUILD_DIR", ROOT / "build" / "python-wheel"))
    generator = ["-G", "Ninja"] if shutil.which("ninja") else []
    if (build / "CMakeCache.txt").exists():
        generator = []  # keep the generator the folder was made with
    configure = [
        "cmake", "-S", str(ROOT), "-B", str(build), *generator,
        "-DCMAKE_BUILD_TYPE=Release",
        "-DACTLAB_BUILD_PYTHON=ON",
        "-DACTLAB_BUILD_TESTS=OFF",
        "-DACTLAB_BUILD_BENCH=OFF",
        "-DACTLAB_BUILD_FUZZ=OFF",
        "-DACTLAB_INSTALL=OFF",
        "-DBUILD_SHARED_LIBS=OFF",
        "-DCMAKE_POSITION_INDEPENDENT_CODE=ON",
        f"-DPython3_EXECUTABLE={sys.executable}",
        *_cmake_args(config_settings),
    ]
    print("actlab_backend:", " ".join(configure), file=sys.stderr, flush=True)
    subprocess.run(configure, check=True)
    command = ["cmake", "--build", str(build), "--target", "actlab_python"]
    jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL")
    command += ["-j", jobs or str(os.cpu_count() or 1)]
    print("actlab_backend:", " ".join(command), file=sys.stderr, flush=True)
    subprocess.run(command, check=True)
    return build / "python" / NAME


def _record_line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def _write_wheel(wheel_directory: str, package: Path, version: str) -> str:
    tag = _tag()
    name = f"{NAME}-{version}-{tag}.whl"
    dist_info = f"{NAME}-{version}.dist-info"
    files: list[tuple[str, bytes]] = []
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    found_module = False
    for path in sorted(package.iterdir()):
        if path.suffix in (".py", ".pyi") or path.name == "py.typed":
            files.append((f"{NAME}/{path.name}", path.read_bytes()))
        elif path.name == "_actlab" + suffix:
            files.append((f"{NAME}/{path.name}", path.read_bytes()))
            found_module = True
        elif path.name in ("libactlab_cairo.so", "libactlab_onednn.so"):  # loaded on first use
            files.append((f"{NAME}/{path.name}", path.read_bytes()))
    if not found_module:
        raise RuntimeError(f"actlab_backend: {package}/_actlab{suffix} was not built")
    files.append((f"{dist_info}/METADATA", _metadata(version).encode()))
    files.append((f"{dist_info}/WHEEL", (
        "Wheel-Version: 1.0\n"
        "Generator: actlab_backend\n"
        "Root-Is-Purelib: false\n"
        f"Tag: {tag}\n").encode()))
    files.append((f"{dist_info}/top_level.txt", f"{NAME}\n".encode()))
    record = "\n".join(_record_line(p, d) for p, d in files) + f"\n{dist_info}/RECORD,,\n"
    files.append((f"{dist_info}/RECORD", record.encode()))
    target = Path(wheel_directory) / name
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as wheel:
        for path, data in files:
            info = zipfile.ZipInfo(path, date_time=time.localtime(time.time())[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if path.endswith(suffix) else 0o644) << 16
            wheel.writestr(info, data)
    return name


# PEP 517 hooks.

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    version = _version()
    package = _build_module(config_settings)
    return _write_wheel(wheel_directory, package, version)


def build_sdist(sdist_directory, config_settings=None):
    """The files git tracks (or, outside a checkout, the tree without build outputs)."""
    version = _version()
    base = f"{NAME}-{version}"
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
        paths = [p for p in listed.decode().split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        skip = {"build", ".git", "out", "__pycache__"}
        paths = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
                 if p.is_file() and not skip.intersection(p.relative_to(ROOT).parts)]
    name = f"{base}.tar.gz"
    with tarfile.open(Path(sdist_directory) / name, "w:gz", format=tarfile.PAX_FORMAT) as sdist:
        for path in sorted(paths):
            if (ROOT / path).is_file():
                sdist.add(ROOT / path, arcname=f"{base}/{path}", recursive=False)
        pkg_info = _metadata(version).encode()
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        info.size = len(pkg_info)
        info.mtime = int(time.time())
        sdist.addfile(info, io.BytesIO(pkg_info))
    return name
