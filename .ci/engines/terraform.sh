#!/usr/bin/env bash
# Terraform for the integration tests of providers/terraform. It is not installed here: no
# registry this project reaches has it, and this kind of machine ships Terraform 1.11 in
# /usr/local/bin. This script only says whether it is there; it never fails. Without it the
# tests skip, or fail when INFRAKIT_REQUIRE_ENGINES=1 (as .ci/run sets).
set -uo pipefail
TF=/usr/local/bin/terraform
say() { echo ".ci/engines/terraform.sh: $*" >&2; }
if [ -x "$TF" ]; then
  say "$(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null "$TF" version 2>/dev/null | head -n 1) at $TF"
elif command -v terraform >/dev/null 2>&1; then
  say "$(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null terraform version 2>/dev/null | head -n 1) at $(command -v terraform)"
else
  say "no terraform at $TF nor on PATH: providers/terraform's tests will skip (or fail under INFRAKIT_REQUIRE_ENGINES=1)."
  say "Install Terraform from https://developer.hashicorp.com/terraform/install to run them."
fi
exit 0
