#!/usr/bin/env bash
# Makes sure Debian's reference oracle (python3-torch, python3-sklearn with scipy, python3-pandas, python3-anndata with
# python3-h5py for the .h5ad round trips) is importable by
# Debian's own python3 (/usr/bin/python3, not a pyenv one). Installs the packages when missing
# (needs root and Debian's package registry); otherwise says exactly what to install.
set -euo pipefail
PY=/usr/bin/python3
if [ -x "$PY" ] && "$PY" -c 'import torch, sklearn, scipy, pandas, anndata, h5py' >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "sslheads: the reference oracle needs Debian's python3-torch, python3-sklearn, python3-pandas, python3-anndata and python3-h5py;" >&2
  echo "          install them with: sudo apt-get install -y python3-torch python3-sklearn python3-pandas python3-anndata python3-h5py" >&2
  exit 3
fi
echo "sslheads: installing Debian's python3-torch, python3-sklearn, python3-pandas, python3-anndata and python3-h5py (reference oracle) ..." >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-sklearn python3-pandas python3-anndata python3-h5py >&2
"$PY" -c 'import torch, sklearn, scipy, pandas, anndata, h5py'
