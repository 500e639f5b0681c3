// Subscribes with the legacy `graphql-ws` subprotocol (subscriptions-transport-ws:
// connection_init, start, data) using the `ws` package directly, and prints one JSON
// line per message: {"ready":true} after connection_ack (once `start` is sent), then
// every later server message as received.
//
// usage: node legacy-subscribe.mjs <ws-url> <data-messages-to-wait-for> <timeout-ms> [key]
import WebSocket from 'ws';

const [url, count = '1', timeoutMs = '20000', key = ''] = process.argv.slice(2);
const print = (value) => process.stdout.write(JSON.stringify(value) + '\n');
const socket = new WebSocket(url, 'graphql-ws');
let received = 0;
const finish = () => {
  socket.close();
  setTimeout(() => process.exit(0), 50);
};

socket.on('open', () => {
  print({ protocol: socket.protocol });
  socket.send(JSON.stringify({
    type: 'connection_init',
    payload: key ? { authorization: `Bearer ${key}` } : {},
  }));
});
socket.on('message', (raw) => {
  const message = JSON.parse(raw.toString());
  if (message.type === 'connection_ack') {
    socket.send(JSON.stringify({
      id: '1',
      type: 'start',
      payload: { query: 'subscription { recordChanged { action id type version } }' },
    }));
    print({ ready: true });
    return;
  }
  print(message);
  if (message.type === 'data') {
    received += 1;
    if (received >= Number(count)) finish();
  }
  if (message.type === 'connection_error') finish();
});
socket.on('close', (code, reason) => {
  print({ closed: { code, reason: reason.toString() } });
  setTimeout(() => process.exit(0), 50);
});
socket.on('error', (error) => print({ error: error.message }));
setTimeout(() => {
  print({ timeout: true });
  finish();
}, Number(timeoutMs));
