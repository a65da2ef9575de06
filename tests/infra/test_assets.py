"""Lambda packaging without Docker: the code folder, the layer's requirements, what the layer leaves out."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from infra import assets


def test_the_layer_requirements_leave_out_the_cdk_the_local_engines_and_the_runtime_sdk(
    tmp_path: Path,
) -> None:
    # Given a requirements file like the project's
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(
        "# comment\npydantic==2.14.3\nboto3>=1.35\naws-lambda-powertools==3.37.0\naws-cdk-lib==2.275.0\n"
        "constructs==10.8.1\ntesserocr==2.13.0\nlingua-language-detector==2.1.1\nonnxruntime==1.31.1\n"
        "opencv-python-headless==5.0.0.93\nnumpy>=2.1  # arrays\n-e .\n"
    )

    # When the layer's requirements are derived from it
    lines = assets.lambda_requirements(requirements)

    # Then only what the functions import remains, with Powertools' tracer extra
    assert lines == ["pydantic==2.14.3", "aws-lambda-powertools[tracer]==3.37.0", "numpy>=2.1"]


def test_a_layer_built_for_other_requirements_is_stale(tmp_path: Path) -> None:
    # Given a layer folder stamped with the digest of other requirements
    (tmp_path / assets.LAYER_STAMP).write_text(assets.requirements_digest(["pydantic==1.0"]) + "\n")

    # When it is checked against the project's requirements
    current = assets.layer_is_built(tmp_path)

    # Then it is stale (and an unbuilt folder is not built either)
    assert current is False
    assert assets.layer_is_built(tmp_path / "missing") is False


def test_the_code_folder_holds_the_three_packages_without_caches(tmp_path: Path) -> None:
    # Given a project tree with compiled files beside its sources, and no lambdas/ yet
    root = tmp_path / "project"
    (root / "msds" / "data" / "vision").mkdir(parents=True)
    (root / "msds" / "data" / "vision" / "model.onnx").write_bytes(b"\0")
    for package in ("msds", "models"):
        (root / package / "__pycache__").mkdir(parents=True)
        (root / package / "__init__.py").write_text("")
        (root / package / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (root / "tests").mkdir()
    (root / "tests" / "test_x.py").write_text("")

    # When the code is staged
    folder = assets.stage_code(tmp_path / "code", root)

    # Then it holds msds/ and models/ sources only (not the vision model the endpoint serves)
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert files == ["models/__init__.py", "msds/__init__.py"]


def test_every_handler_module_imports_without_the_packages_left_out_of_the_layer() -> None:
    # Given a Python that refuses to import what the layer leaves out (CDK, Tesseract, lingua, OpenCV...)
    script = textwrap.dedent(
        f"""
        import importlib, importlib.abc, pkgutil, sys
        BLOCKED = {assets.NOT_IN_LAMBDA_MODULES!r}
        class Block(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in BLOCKED:
                    raise ImportError(f"{{name}} is not in the Lambda layer")
        sys.meta_path.insert(0, Block())
        import lambdas
        for module in pkgutil.iter_modules(lambdas.__path__):
            importlib.import_module("lambdas." + module.name)
        print("ok")
        """
    )

    # When every module of lambdas/ is imported there
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=assets.PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )

    # Then all import (the local engines are imported lazily, only by the local host)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")
