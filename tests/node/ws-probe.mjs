// Speaks graphql-transport-ws with the `ws` package directly, to check what the server
// refuses: sends connection_init, then each given message in turn once acknowledged,
// and prints every server message as one JSON line, then {"closed": {...}} or
// {"quiet": true} after `quietMs` without messages.
//
// usage: node ws-probe.mjs <ws-url> <messages-json-array> [quietMs] [key] [acceptLanguage]
// With key `raw`, no connection_init is sent: the messages go as soon as the socket opens.
// With acceptLanguage, the upgrade request carries it as `Accept-Language`.
import WebSocket from 'ws';

const [url, messagesJson, quietMs = '1500', key = '', acceptLanguage = ''] = process.argv.slice(2);
const messages = JSON.parse(messagesJson);
const print = (value) => process.stdout.write(JSON.stringify(value) + '\n');
const socket = new WebSocket(url, 'graphql-transport-ws', {
  maxPayload: 1 << 26,
  headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {},
});
let quiet;
const stayQuiet = () => {
  clearTimeout(quiet);
  quiet = setTimeout(() => {
    print({ quiet: true });
    socket.close();
    setTimeout(() => process.exit(0), 50);
  }, Number(quietMs));
};

const sendAll = () => {
  for (const m of messages) socket.send(typeof m === 'string' ? m : JSON.stringify(m));
};
socket.on('open', () => {
  if (key === 'raw') {
    sendAll();
  } else {
    socket.send(JSON.stringify({
      type: 'connection_init',
      payload: key ? { authorization: `Bearer ${key}` } : {},
    }));
  }
  stayQuiet();
});
socket.on('message', (raw) => {
  const message = JSON.parse(raw.toString());
  print(message);
  if (message.type === 'connection_ack' && key !== 'raw') {
    sendAll();
  }
  stayQuiet();
});
socket.on('close', (code, reason) => {
  print({ closed: { code, reason: reason.toString() } });
  setTimeout(() => process.exit(0), 50);
});
socket.on('error', (error) => print({ error: error.message }));
