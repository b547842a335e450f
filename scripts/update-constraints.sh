#!/usr/bin/env bash
# Re-resolve every dependency (runtime, postgres, test) to its newest release allowed by
# pyproject.toml and write them, pinned, to constraints.txt. Run it on purpose, run the tests, and
# commit constraints.txt with what changed; .ci/run and the README's commands install from it.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .venv-constraints
python3 -m venv .venv-constraints
.venv-constraints/bin/python -m pip install -q --upgrade pip
.venv-constraints/bin/python -m pip install -q -e ".[test,postgres]"
{
  echo "# Every package the app, the server and the tests install, pinned. Made by"
  echo "# scripts/update-constraints.sh on $(date -u +%Y-%m-%d) with $(.venv-constraints/bin/python -V);"
  echo "# used as: pip install -c constraints.txt -e \".[test]\". Edit by rerunning that script"
  echo "# (setuptools, which builds this project in pip's isolated build, is pinned in pyproject.toml's build-system)."
  .venv-constraints/bin/python -m pip freeze --all --exclude-editable | grep -v '^-e ' | grep -v '^setuptools==' | LC_ALL=C sort -f
} > constraints.txt
rm -rf .venv-constraints
echo "constraints.txt: $(grep -vc '^#' constraints.txt) packages pinned"
