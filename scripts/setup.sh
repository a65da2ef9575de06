#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine (root) into .venv.
# Idempotent: a second run only checks what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: the browser tests run the web app's pages in Debian's headless Chromium (Playwright drives it;
# Playwright's own browser download is never used).
APT_PACKAGES=(
  tesseract-ocr libtesseract-dev libleptonica-dev pkg-config
  tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-spa tesseract-ocr-ita
  tesseract-ocr-nld tesseract-ocr-por tesseract-ocr-pol tesseract-ocr-kor tesseract-ocr-jpn
  apertium apertium-eng-spa apertium-fr-es apertium-es-pt apertium-spa-ita cg3
  fonts-dejavu-core libcairo2
  chromium
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The project's Python is the one the Lambda functions run (scripts/find_python.sh finds or builds it), so
# every test runs on the interpreter production runs. PYTHON=/path/to/python3.X overrides the search.
PY=${PYTHON:-$(bash scripts/find_python.sh)}
want_version=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ -x .venv/bin/python ] && [ "$(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$want_version" ]; then
  echo "setup: .venv runs another Python than $want_version; making it again"
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# requirements.lock pins every package of .venv; the Lambda layer is built under the same pins.
stamp=.venv/.requirements.sha256
want=$(cat requirements.txt requirements-dev.txt requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements.txt -r requirements-dev.txt -c requirements.lock
  .venv/bin/python -m pip install -q --no-deps -e .
  echo "$want" > "$stamp"
fi

# Training the vision model needs PyTorch, whose CPU build exists here for Python 3.11 only (any other Python
# would take a CUDA build of several GB): training and its tests have their own environment, .venv-train.
# The model it writes is plain ONNX, read by onnxruntime in .venv.
TRAIN_PY=${PYTHON_TRAIN:-python3.11}
if [ ! -x .venv-train/bin/python ]; then
  "$TRAIN_PY" -m venv .venv-train
fi
train_stamp=.venv-train/.requirements.sha256
train_want=$(cat requirements.txt requirements-train.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$train_stamp" ] || [ "$(cat "$train_stamp")" != "$train_want" ]; then
  echo "setup: installing the training packages into .venv-train"
  .venv-train/bin/python -m pip install -q --upgrade pip
  .venv-train/bin/python -m pip install -q -r requirements-train.txt
  .venv-train/bin/python -m pip install -q --no-deps -e .
  echo "$train_want" > "$train_stamp"
fi
echo "setup: ready (.venv on Python $want_version, .venv-train)"

# The pinned AWS CDK CLI (package.json / package-lock.json) for `make synth` and deployments.
if command -v npm >/dev/null 2>&1; then
  npm_want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -x node_modules/.bin/cdk ] || [ "$(cat node_modules/.msds-lock.sha256 2>/dev/null)" != "$npm_want" ]; then
    echo "setup: installing the AWS CDK CLI (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$npm_want" > node_modules/.msds-lock.sha256
  fi
else
  echo "setup: npm not found; the CDK CLI is not installed (make synth runs python app.py instead)"
fi
