// Composes daleel with a small partner subgraph and serves a query across both through
// a real Apollo Gateway, with the ecosystem's own tools.
//
//   node federation.mjs <daleel /graphql URL> <query> [variables JSON] [Authorization]
//
// With an Authorization value, the query is sent to the gateway with that header, and the
// gateway passes it on to daleel (as a deployment would), so daleel answers as that caller.
//
// 1. Starts the partner subgraph (@apollo/subgraph over node:http). It extends daleel's
//    `Facility @key(fields: "id")` with `partnerReports` (computed from the id, so the
//    caller can check it) and has a root field `flaggedFacilities(ids:)` returning
//    Facility references, which the gateway resolves through daleel's `_entities`.
// 2. Fetches daleel's federation SDL from `_service { sdl }`.
// 3. Composes both with @apollo/composition; any composition error fails the script.
// 4. Serves the supergraph with @apollo/gateway behind @apollo/server, runs the query
//    over HTTP and prints {"result": <response>, "hints": [...], "supergraph": <SDL>} as
//    JSON on stdout.
//
// Both subgraphs link Federation v2.9 (daleel's `@cost` and `@listSize` need it) and
// share the Relay `PageInfo` type (`@shareable` on both sides).

import http from 'node:http';

import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse } from 'graphql';

const [daleelUrl, query, variablesJson, authorization] = process.argv.slice(2);
if (!daleelUrl || !query) {
  console.error(
    'usage: node federation.mjs <daleel /graphql URL> <query> [variables JSON] [Authorization]',
  );
  process.exit(2);
}
const variables = variablesJson ? JSON.parse(variablesJson) : {};

// The partner's own figure for a facility: the number of decimal digits in its id.
function partnerReports(id) {
  return (id.match(/[0-9]/g) ?? []).length;
}

const partnerTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable"])

  type Facility @key(fields: "id") {
    id: ID!
    "How many reports the partner holds on this facility."
    partnerReports: Int!
  }

  "The partner pages its lists with the same Relay type as daleel."
  type PageInfo @shareable {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type Query {
    "Facilities the partner has flagged, by daleel id."
    flaggedFacilities(ids: [ID!]!): [Facility]!
    "The paging state of the partner's own report list."
    partnerPage: PageInfo!
  }
`);

const partnerSchema = buildSubgraphSchema({
  typeDefs: partnerTypeDefs,
  resolvers: {
    Query: {
      flaggedFacilities: (_, { ids }) => ids.map((id) => ({ __typename: 'Facility', id })),
      partnerPage: () => ({
        hasNextPage: false,
        hasPreviousPage: false,
        startCursor: null,
        endCursor: null,
      }),
    },
    Facility: {
      __resolveReference: ({ id }) => ({ id }),
      partnerReports: ({ id }) => partnerReports(id),
    },
  },
});

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${server.address().port}/graphql`;
}

const partner = http.createServer(async (req, res) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  let result;
  try {
    const request = JSON.parse(body);
    result = await graphql({
      schema: partnerSchema,
      source: request.query,
      variableValues: request.variables,
      operationName: request.operationName,
    });
  } catch (err) {
    result = { errors: [{ message: String(err) }] };
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(result));
});
const partnerUrl = await listen(partner);

let gatewayServer;
try {
  const service = await fetch(daleelUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  }).then((r) => r.json());
  const sdl = service?.data?._service?.sdl;
  if (!sdl) throw new Error(`daleel returned no SDL: ${JSON.stringify(service)}`);

  const composed = composeServices([
    { name: 'daleel', typeDefs: parse(sdl), url: daleelUrl },
    { name: 'partner', typeDefs: partnerTypeDefs, url: partnerUrl },
  ]);
  if (composed.errors?.length) {
    for (const error of composed.errors) console.error(`composition error: ${error.message}`);
    process.exitCode = 1;
  } else {
    const gateway = new ApolloGateway({
      supergraphSdl: composed.supergraphSdl,
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource({
          url,
          willSendRequest({ request, context }) {
            if (context.authorization) {
              request.http.headers.set('authorization', context.authorization);
            }
          },
        }),
    });
    gatewayServer = new ApolloServer({ gateway });
    const { url } = await startStandaloneServer(gatewayServer, {
      listen: { port: 0, host: '127.0.0.1' },
      context: async ({ req }) => ({ authorization: req.headers.authorization }),
    });
    const headers = { 'content-type': 'application/json' };
    if (authorization) headers.authorization = authorization;
    const result = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    }).then((r) => r.json());
    const hints = (composed.hints ?? []).map((hint) => hint.toString());
    // The supergraph, for its demand-control directives and what it hides.
    console.log(JSON.stringify({ result, hints, supergraph: composed.supergraphSdl }));
  }
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await gatewayServer?.stop();
  partner.close();
}
