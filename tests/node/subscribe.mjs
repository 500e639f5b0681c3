// Subscribes with the graphql-ws client (graphql-transport-ws protocol) and prints one
// JSON line per message: {"ready":true} once the connection is acknowledged and the
// subscription sent, then {"next": <result>} for each event, {"closed": {code, reason}}
// when the server closes, {"error": ...} for a subscription error.
//
// usage: node subscribe.mjs <ws-url> <events-to-wait-for> <timeout-ms> [key] [query]
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, count = '1', timeoutMs = '20000', key = '', query] = process.argv.slice(2);
const document =
  query || 'subscription { recordChanged { action id type version record { id } } }';
const print = (value) => process.stdout.write(JSON.stringify(value) + '\n');

let received = 0;
let finished = false;
const finish = (code) => {
  if (finished) return;
  finished = true;
  client.dispose();
  // Let stdout drain before exiting.
  setTimeout(() => process.exit(code), 50);
};

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: key ? { authorization: `Bearer ${key}` } : {},
  retryAttempts: 0,
  lazy: false,
  on: {
    connected: () => print({ ready: true }),
    closed: (event) => {
      print({ closed: { code: event.code, reason: event.reason } });
      finish(0);
    },
  },
});

client.subscribe(
  { query: document },
  {
    next: (result) => {
      print({ next: result });
      received += 1;
      if (received >= Number(count)) finish(0);
    },
    error: (error) => {
      print({ error: error instanceof Error ? error.message : error });
      finish(0);
    },
    complete: () => finish(0),
  },
);

setTimeout(() => {
  print({ timeout: true });
  finish(0);
}, Number(timeoutMs));
