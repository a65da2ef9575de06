#!/usr/bin/env python3
"""Build the Lambda assets of the AWS host without Docker, and keep the deployed definitions current.

    python scripts/build_assets.py              # all of them into build/ (the layer needs PyPI)
    python scripts/build_assets.py code         # only the code folder (msds/, models/, lambdas/)
    python scripts/build_assets.py layer        # only the dependencies layer (skipped when it is current)
    python scripts/build_assets.py vision       # only the vision model package (the synth packs its own)
    python scripts/build_assets.py definitions  # rewrite infra/sql/001_tables.sql, infra/search/*.json

None of them is needed before a deploy: ``cdk synth`` bundles the layer itself (infra/layer_bundling.py) and
copies build/lambda/layer instead while it is built for the current requirements (a stamp file records their
digest); it stages the code and packs the shipped vision model on every synth.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infra import assets  # noqa: E402 - the project root must be importable first
from infra.definitions import write_definitions  # noqa: E402

BUILD = ROOT / "build" / "lambda"
LAMBDA_LAYER_LIMIT = 250 * 1024 * 1024  # unzipped, function and layers together


def build_code() -> None:
    started = time.perf_counter()
    folder = assets.stage_code(BUILD / "code")
    size = assets.folder_size(folder)
    print(f"code: {folder} ({size / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s)")


def build_layer(force: bool) -> None:
    layer = BUILD / "layer"
    if not force and assets.layer_is_built(layer):
        print(f"layer: {layer} is current")
        return
    started = time.perf_counter()
    requirements = assets.lambda_requirements()
    print("layer: pip install --target for the Lambda platform:", ", ".join(requirements))
    assets.build_layer(layer, requirements)
    size = assets.folder_size(layer)
    print(f"layer: {layer} ({size / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s)")
    if size > LAMBDA_LAYER_LIMIT:
        raise SystemExit(f"the layer is {size / 1e6:.0f} MB, over Lambda's 250 MB unzipped limit")


def build_model_package() -> None:
    """The vision model's SageMaker package, when trained artefacts exist (the endpoint deploys it)."""
    try:
        from msds.vision.sagemaker.package import ArtefactsMissing, build_model_package
    except ImportError as error:
        print(f"vision: skipped ({error})")
        return
    output = ROOT / "build" / "vision" / "model.tar.gz"
    try:
        manifest = build_model_package(output)
    except ArtefactsMissing as error:
        print(f"vision: skipped ({error.message})")
        return
    print(f"vision: {output} ({output.stat().st_size / 1e6:.1f} MB, {len(manifest.members)} files)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "what", nargs="?", choices=("all", "code", "layer", "vision", "definitions"), default="all"
    )
    parser.add_argument("--force", action="store_true", help="rebuild the layer even when it is current")
    args = parser.parse_args(argv)
    if args.what == "definitions":
        for path in write_definitions():
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    if args.what in ("all", "code"):
        build_code()
    if args.what in ("all", "layer"):
        build_layer(args.force)
    if args.what in ("all", "vision"):
        build_model_package()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
