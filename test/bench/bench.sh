#!/bin/sh
# `pnpm bench [options]`: builds the server, then runs test/bench/main.ts on Node >= 22 (type
# stripping, and PostGraphile v5 needs it). The server itself runs on the Node that runs this script
# (BENCH_SERVER_NODE overrides). Options: `pnpm bench --help`.
set -eu
cd "$(dirname "$0")/../.."
export PATH="$PWD/node_modules/.bin:$PATH" # pnpm (root devDependency) for turbo, when run directly
turbo run build --filter=@skills/server... --output-logs=errors-only >&2
server_node="${BENCH_SERVER_NODE:-$(command -v node)}"
if node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 22 ? 0 : 1)'; then
  bench_node=$(command -v node)
else
  bench_node=$(npx -y -p node@22 -c 'command -v node')
fi
exec env BENCH_SERVER_NODE="$server_node" "$bench_node" --disable-warning=ExperimentalWarning test/bench/main.ts "$@"
