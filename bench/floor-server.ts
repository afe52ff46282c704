// The floor of the auth benchmark: a bare node:http server (same Node as the overlay) that reads
// the POST and answers 204 with no logic. Its own process, like the overlay, so each has a core's
// worth of event loop. Prints "PORT <n>" once listening; stops on SIGTERM.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const server = http.createServer((req, res) => {
  // Read the body to its end as the overlay must, then answer like an allowing overlay does.
  req.resume();
  req.on('end', () => {
    res.writeHead(204);
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`);
});
// The bench holds our stdin: if it dies without stopping us, EOF ends us too.
process.stdin.resume().once('end', () => process.exit(0));
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
