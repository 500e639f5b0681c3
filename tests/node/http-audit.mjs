// Runs the graphql-http server audit suite (the GraphQL-over-HTTP specification's
// reference checks) against a live daleel and prints every result as one JSON line:
// {"id", "name", "status": "ok" | "warn" | "error", "reason"}.
// "error" is a failed MUST, "warn" a failed SHOULD. Usage: node http-audit.mjs URL
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node http-audit.mjs http://127.0.0.1:PORT/graphql');
  process.exit(2);
}

const results = await auditServer({ url });
for (const result of results) {
  console.log(JSON.stringify({
    id: result.id,
    name: result.name,
    status: result.status,
    reason: result.status === 'ok' ? undefined : result.reason,
  }));
}
