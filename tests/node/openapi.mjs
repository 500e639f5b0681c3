// Validates daleel's OpenAPI document for its REST endpoints against the OpenAPI 3.1
// schema, with @seriousme/openapi-schema-validator (the JSON Schemas of the OpenAPI
// Initiative).
//
//   node openapi.mjs <URL of /api/openapi.json>
//
// Prints {"valid": bool, "version": "3.1", "errors": [...]} as JSON on stdout.

import { Validator } from '@seriousme/openapi-schema-validator';

const [url] = process.argv.slice(2);
if (!url) {
  console.error('usage: node openapi.mjs <URL of /api/openapi.json>');
  process.exit(2);
}
const document = await fetch(url).then((r) => r.json());
const validator = new Validator();
const result = await validator.validate(document);
console.log(
  JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors ?? [] }),
);
