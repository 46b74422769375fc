#!/usr/bin/env bash
# Until the first release, the schema lives in one migration (0001_schema.sql): regenerate it after editing
# src/db/schema.ts. After a release, use `npm run db:generate` to add a new migration instead.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f drizzle/0001_schema.sql drizzle/meta/0001_snapshot.json
node -e '
const fs=require("fs");const p="drizzle/meta/_journal.json";const j=JSON.parse(fs.readFileSync(p));
j.entries=j.entries.filter(e=>e.idx<1);fs.writeFileSync(p,JSON.stringify(j,null,2));'
npx drizzle-kit generate --name schema
