// Consoles for the lead-routing bench, in a worker thread of the bench process: each is a real
// socket.io client signed in as one agent, receiving the hub's pokes like a console does. Running
// them beside the hub's thread (not on it) keeps their decoding work from stalling the hub's event
// loop, as consoles on other computers would. Plain JavaScript: a worker does not inherit tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { io } from 'socket.io-client';

const { url, tokens } = workerData;
const sockets = [];
let pokes = 0;
let changes = 0;

function connect(token) {
  const socket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  socket.on('sync:poke', (poke) => {
    pokes++;
    changes += poke?.batch?.changes?.length ?? 0;
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
}

try {
  for (let i = 0; i < tokens.length; i += 20) await Promise.all(tokens.slice(i, i + 20).map(connect));
  parentPort.postMessage({ kind: 'ready', connected: sockets.filter((s) => s.connected).length });
} catch (error) {
  parentPort.postMessage({ kind: 'error', message: String(error?.message ?? error) });
}

parentPort.on('message', (message) => {
  if (message !== 'close') return;
  const connected = sockets.filter((s) => s.connected).length;
  for (const s of sockets) s.close();
  parentPort.postMessage({ kind: 'closed', pokes, changes, connected });
});
