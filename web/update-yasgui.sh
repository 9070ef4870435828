#!/usr/bin/env bash
# Copy the pinned YASGUI build (web/package.json) into kg/static/yasgui.
set -euo pipefail
cd "$(dirname "$0")"
version=$(python3 -c 'import json; print(json.load(open("package.json"))["dependencies"]["@zazuko/yasgui"])')
work=$(mktemp -d)
(cd "$work" && npm pack "@zazuko/yasgui@$version" >/dev/null && tar xzf zazuko-yasgui-*.tgz)
cp "$work/package/build/yasgui.min.js" "$work/package/build/yasgui.min.css" ../kg/static/yasgui/
rm -rf "$work"
echo "kg/static/yasgui now holds @zazuko/yasgui $version"
