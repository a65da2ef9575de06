"""The dependencies layer is bundled by the synth itself, without Docker: pip for the Lambda platform, or a
copy of a current `make assets` build. Offline: pip's command line is checked, not run against PyPI."""

from __future__ import annotations

import json
from pathlib import Path

from infra import assets
from infra.app import build_app
from infra.layer_bundling import LocalLayerBundler

REQUIREMENTS = ["pydantic==2.11.0", "numpy==2.2.0"]


def _prebuilt(folder: Path, requirements: list[str]) -> Path:
    (folder / "python" / "pydantic").mkdir(parents=True)
    (folder / "python" / "pydantic" / "__init__.py").write_text("# built\n")
    (folder / assets.LAYER_STAMP).write_text(assets.requirements_digest(requirements) + "\n")
    return folder


def test_pip_installs_binary_wheels_for_the_lambda_platform(tmp_path: Path) -> None:
    # Given a target folder and a requirements file
    target, requirements = tmp_path / "python", tmp_path / "requirements.txt"

    # When the layer's pip command is made, here from a local wheel folder
    command = assets.pip_install_command(
        target, requirements, python="python3", pip_args=["--no-index", "--find-links", "/wheels"]
    )

    # Then it installs into the layer's python/ folder, Lambda's Python and platforms, wheels only
    joined = " ".join(command)
    assert command[:4] == ["python3", "-m", "pip", "install"]
    assert f"--target {target}" in joined and f"-r {requirements}" in joined
    assert f"--python-version {assets.LAMBDA_PYTHON_VERSION}" in joined and "--only-binary=:all:" in command
    assert all(f"--platform {platform}" in joined for platform in assets.LAMBDA_PLATFORMS)
    assert "--no-index --find-links /wheels" in joined


def test_a_current_make_assets_build_is_copied_instead_of_installed(tmp_path: Path) -> None:
    # Given a layer built for the same requirements, and a builder that must not run
    prebuilt = _prebuilt(tmp_path / "build", REQUIREMENTS)

    def no_install(output: Path, requirements: list[str]) -> Path:
        raise AssertionError("pip ran although a current build exists")

    bundler = LocalLayerBundler(REQUIREMENTS, prebuilt, build=no_install)

    # When CDK asks the bundler for the asset
    done = bundler.try_bundle(str(tmp_path / "out"))

    # Then the built layer is in the output, and CDK does not fall back to Docker
    assert done is True
    assert (tmp_path / "out" / "python" / "pydantic" / "__init__.py").read_text() == "# built\n"


def test_a_stale_or_missing_build_is_installed_again(tmp_path: Path) -> None:
    # Given a layer built for other requirements
    prebuilt = _prebuilt(tmp_path / "build", ["pydantic==1.0"])
    installed: list[tuple[Path, list[str]]] = []

    def install(output: Path, requirements: list[str]) -> Path:
        installed.append((output, requirements))
        return output

    # When the bundler runs with it, and with no build at all
    LocalLayerBundler(REQUIREMENTS, prebuilt, build=install).try_bundle(str(tmp_path / "a"))
    LocalLayerBundler(REQUIREMENTS, tmp_path / "missing", build=install).try_bundle(str(tmp_path / "b"))

    # Then each installs the current requirements into CDK's output folder
    assert installed == [(tmp_path / "a", REQUIREMENTS), (tmp_path / "b", REQUIREMENTS)]


def test_the_synth_bundles_the_layer_into_its_asset(tmp_path: Path) -> None:
    # Given a current prebuilt layer (so that bundling needs no package index)
    prebuilt = _prebuilt(tmp_path / "layer", assets.lambda_requirements())

    # When the app is synthesised with bundling on
    out = tmp_path / "cdk.out"
    assembly = build_app({"msds:lambda_layer_dir": str(prebuilt), "msds:nag": False}, outdir=str(out)).synth()

    # Then the layer's asset folder holds the bundled layer, hashed by the requirements' digest
    stack = assembly.get_stack_by_name("Msds-dev")
    manifest = json.loads((out / "Msds-dev.assets.json").read_text())
    folders = [out / file["source"]["path"] for file in manifest["files"].values()]
    layers = [f for f in folders if (f / "python" / "pydantic" / "__init__.py").is_file()]
    assert len(layers) == 1
    assert (layers[0] / assets.LAYER_STAMP).read_text().strip() == assets.requirements_digest(
        assets.lambda_requirements()
    )
    assert not [m for m in stack.messages if str(getattr(m.level, "value", m.level)).upper() == "WARNING"]
