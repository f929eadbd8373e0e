#!/usr/bin/env bash
# CI: the library's DocC catalog (Sources/MailTLS/MailTLS.docc) builds offline, without
# warnings (a broken symbol link or a missing article is a warning). About half a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
swift package generate-documentation --target MailTLS --warnings-as-errors >/dev/null
echo "ci-docs: documentation archive built"
