#!/usr/bin/env bash
# Fills DIR with the playground's scripts and styles, for `daleel --playground-assets DIR`
# on an instance without internet access. Run it where npm can reach the registry, then
# copy DIR to the server. With a second argument, copies from an existing node_modules
# (e.g. tests/node/node_modules) instead of downloading.
#
#   scripts/playground-assets.sh /srv/daleel/playground
#   scripts/playground-assets.sh /srv/daleel/playground tests/node/node_modules
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 DIR [NODE_MODULES]" >&2
    exit 2
fi
dir=$1
modules=${2:-}

if [[ -z $modules ]]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    # The versions the page is written for (the same ones unpkg serves by default).
    npm install --prefix "$work" --no-save --no-audit --no-fund --loglevel=error \
        graphiql@3.8.3 react@18.3.1 react-dom@18.3.1
    modules=$work/node_modules
fi

mkdir -p "$dir"
cp "$modules/graphiql/graphiql.min.js" \
   "$modules/graphiql/graphiql.min.css" \
   "$modules/react/umd/react.production.min.js" \
   "$modules/react-dom/umd/react-dom.production.min.js" \
   "$dir/"
echo "playground assets in $dir:"
ls -l "$dir"
