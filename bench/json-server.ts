// A small JSON server for the HTTP benchmark, in its own process so that it does not share
// the client's event loop. Prints its port, then serves until killed.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = JSON.stringify({ id: 42, name: 'bulwark', tags: ['a', 'b', 'c'] });
const server = createServer((_request, response) => {
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
});
server.listen(0, '127.0.0.1', () => {
  console.log((server.address() as AddressInfo).port);
});
