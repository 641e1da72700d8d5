#!/bin/sh
# Stand-in for Prisma's native schema-engine binary, which cannot be downloaded offline.
# The CLI only checks that PRISMA_SCHEMA_ENGINE_BINARY points at an executable before `generate`;
# generation itself runs in wasm. Migrations go through @prisma/schema-engine-wasm instead.
echo "schema-engine-stub: the native schema engine is not available; use npm run migrate:create -w prisma" >&2
exit 1
