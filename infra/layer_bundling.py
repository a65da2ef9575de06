"""The dependencies layer as a CDK asset that the deploy builds itself, without Docker.

``layer_code`` is ``Code.from_asset`` with bundling whose ``local`` bundler (``LocalLayerBundler``) runs in
this process: it copies the ``make assets`` build when that is current for the requirements (its stamp),
and otherwise runs the same ``pip install --target ... --platform ... --only-binary=:all:`` as
``scripts/build_assets.py`` into the folder CDK hands it. It always bundles (returns True), so the Docker
image of the bundling options is never pulled: CDK requires one, hence ``NO_DOCKER_IMAGE``.

The asset hash is the requirements digest (requirements, Python version, platforms): an unchanged layer is
bundled once per ``cdk.out`` and not uploaded again. With bundling skipped for the stack (CDK context
``aws:cdk:bundling-stacks``, as ``cdk deploy OtherStack`` or the offline tests do), CDK stages the source
folder (the requirements file) instead, with the same hash, and runs nothing.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jsii
from aws_cdk import AssetHashType, BundlingOptions, DockerImage, ILocalBundling
from aws_cdk import aws_lambda as lambda_

from infra import assets

# Never run: the local bundler always bundles (CDK needs an image in the options all the same).
NO_DOCKER_IMAGE = "msds-layer-bundled-locally-without-docker"
REQUIREMENTS_NAME = "requirements.txt"

LayerBuilder = Callable[[Path, list[str]], Path]


@jsii.implements(ILocalBundling)
class LocalLayerBundler:
    """Builds the layer into CDK's output folder, or copies a current prebuilt one there."""

    def __init__(
        self,
        requirements: list[str],
        prebuilt: Path | None = None,
        pip_args: Sequence[str] = (),
        build: LayerBuilder | None = None,
    ) -> None:
        self.requirements = requirements
        self.prebuilt = prebuilt
        self.pip_args = tuple(pip_args)
        self._build = build or self._pip_install

    # CDK calls this with the bundling options as keyword arguments; none of them matters here.
    def try_bundle(self, output_dir: str, *_: Any, **__: Any) -> bool:
        self.bundle(Path(output_dir))
        return True

    def bundle(self, output_dir: Path) -> Path:
        if self.prebuilt is not None and assets.layer_is_built(self.prebuilt, self.requirements):
            return assets.copy_layer(self.prebuilt, output_dir)
        return self._build(output_dir, self.requirements)

    def _pip_install(self, output_dir: Path, requirements: list[str]) -> Path:
        return assets.build_layer(output_dir, requirements, pip_args=self.pip_args)


def layer_code(prebuilt: Path | None = None, requirements: list[str] | None = None) -> lambda_.Code:
    """The layer's code asset (see the module docstring)."""
    requirements = assets.lambda_requirements() if requirements is None else requirements
    source = Path(tempfile.mkdtemp(prefix="msds-lambda-layer-"))
    (source / REQUIREMENTS_NAME).write_text("\n".join(requirements) + "\n")
    return lambda_.Code.from_asset(
        str(source),
        asset_hash_type=AssetHashType.CUSTOM,
        asset_hash=assets.requirements_digest(requirements),
        bundling=BundlingOptions(
            image=DockerImage.from_registry(NO_DOCKER_IMAGE),
            local=LocalLayerBundler(requirements, prebuilt),
        ),
    )
