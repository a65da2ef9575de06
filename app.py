#!/usr/bin/env python3
"""CDK entry point of the AWS host: reads the context, builds the stack, runs cdk-nag. No resources here.

    npx cdk synth                      # or: make synth (offline: no lookups, no Docker)
    npx cdk deploy -c msds:stage=prod -c msds:a2i_workteam_arn=arn:aws:sagemaker:...:workteam/private-crowd/x

See infra/README.md for the context parameters and what each costs.
"""

from __future__ import annotations

import os

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

from infra.app import build_app

if __name__ == "__main__":
    # Under the CDK CLI the output folder comes from CDK_OUTDIR; run directly, write where the CLI would.
    build_app(outdir=None if "CDK_OUTDIR" in os.environ else "cdk.out").synth()
