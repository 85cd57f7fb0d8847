#!/usr/bin/env bash
# Rewrites core/tests/golden/**/*.expected from the current passes. Review the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build --target rose_tests >/dev/null
ROSE_REGEN_GOLDEN=1 ./build/rose_tests --gtest_filter='Files/Golden.*' >/dev/null
git status --short core/tests/golden
