import net from 'node:net';

/**
 * A free TCP port on loopback (the product's HTTP server and PostgreSQL, the benchmark's). The
 * server's tests have the same helper (server/test/support/free-port.ts); this package cannot
 * import it: the benchmark runs as ES modules on Node's type stripping, and the server package is
 * CommonJS, whose .ts files Node then loads as CommonJS.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}
