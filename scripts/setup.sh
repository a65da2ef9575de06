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

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(cat requirements.txt requirements-dev.txt requirements-train.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements.txt -r requirements-dev.txt -r requirements-train.txt
  .venv/bin/python -m pip install -q --no-deps -e .
  echo "$want" > "$stamp"
fi
echo "setup: ready (.venv)"

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
