#!/usr/bin/env bash
# Installs the test-only tools: Debian's Chromium for the browser tests (apt pins it), and the npm
# tools (Azurite) exactly as package-lock.json pins them.
# Idempotent and cheap when nothing changed: `npm ci` runs only when Azurite is missing or the
# lock file differs from the one last installed. The Azure Table tests call this themselves
# when Azurite is missing, so `dotnet test` works from a fresh clone with Node.js present.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Two test runs starting at once must not run `npm ci` over each other.
if command -v flock >/dev/null 2>&1; then
  lock="${TMPDIR:-/tmp}/intercoop-install-test-deps-$(printf '%s' "$root" | sha256sum | cut -c1-16).lock"
  exec 9>"$lock"
  flock 9
fi

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot be used).
if [[ ! -x /usr/bin/chromium ]]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: installing chromium (Debian package)..."
    sudo_cmd=""
    [[ "$(id -u)" != 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "install-test-deps: chromium is missing and apt-get is not available; install Chromium at /usr/bin/chromium." >&2
  fi
fi

stamp="node_modules/.intercoop-lock.sha256"
wanted="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ -x node_modules/.bin/azurite-table && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "install-test-deps: npm (Node.js 20 or later) is needed to install Azurite for the storage tests." >&2
  exit 1
fi

echo "install-test-deps: installing Azurite from package-lock.json (npm ci)..."
npm ci --no-audit --no-fund --loglevel=error
echo "$wanted" > "$stamp"
