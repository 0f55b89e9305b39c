import http from 'node:http';
import type { GraphQLRequest, SqlRequest } from './operations.ts';
import { pg, type PgPool } from './pg.ts';

/** One request of one operation against one target; rejects on an error answer. */
export type Send = () => Promise<unknown>;

/** A GraphQL endpoint on loopback, over keep-alive HTTP/1.1 connections (one per concurrent caller). */
export class GraphQLClient {
  private agent: http.Agent;
  private url: URL;
  private token: string | null;
  private sockets: number;

  constructor(url: string, token: string | null, sockets: number) {
    this.url = new URL(url);
    this.token = token;
    this.sockets = sockets;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  /**
   * Closes the idle keep-alive connections: a cell starts on fresh connections, never on one the
   * server is about to close after its keep-alive timeout while other targets ran.
   */
  resetConnections(): void {
    this.agent.destroy();
    this.agent = new http.Agent({ keepAlive: true, maxSockets: this.sockets });
  }

  /** Sends and returns the parsed body; rejects on HTTP errors and GraphQL errors. */
  async request(request: GraphQLRequest): Promise<{ data?: unknown; errors?: { message: string }[] }> {
    try {
      return await this.send(request);
    } catch (error) {
      // A reused keep-alive socket closed by the server just before our write (Node's documented
      // race): retry once on a new connection.
      if ((error as { reusedSocket?: boolean }).reusedSocket) return this.send(request);
      throw error;
    }
  }

  private send(request: GraphQLRequest): Promise<{ data?: unknown; errors?: { message: string }[] }> {
    const body = JSON.stringify({ query: request.query, variables: request.variables ?? {} });
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      accept: 'application/json',
      'content-length': Buffer.byteLength(body),
    };
    if (request.signedIn && this.token) headers.authorization = `Bearer ${this.token}`;
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          path: this.url.pathname,
          method: 'POST',
          agent: this.agent,
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: { data?: unknown; errors?: { message: string }[] };
            try {
              parsed = JSON.parse(text) as typeof parsed;
            } catch {
              reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
              return;
            }
            if (res.statusCode !== 200 || parsed.errors?.length) {
              reject(
                new Error(`HTTP ${res.statusCode}: ${JSON.stringify(parsed.errors ?? parsed).slice(0, 500)}`),
              );
            } else resolve(parsed);
          });
          res.on('error', reject);
        },
      );
      req.on('error', (error) => {
        const code = (error as NodeJS.ErrnoException).code;
        if (req.reusedSocket && (code === 'ECONNRESET' || error.message === 'socket hang up')) {
          Object.assign(error, { reusedSocket: true });
        }
        reject(error);
      });
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * The raw-SQL floor: one hand-written statement per operation through `pg`. As the application
 * role it runs inside a scoped read-only transaction like the server's (server/src/db/tenant.ts):
 * BEGIN READ ONLY and the set_config calls in one round trip, the statement, COMMIT.
 */
export class FloorClient {
  private pool: PgPool;
  private scopeSql: string | null;

  constructor(url: string, scope: Record<string, string> | null, size: number) {
    this.pool = new pg.Pool({ connectionString: url, max: size });
    this.pool.on('error', () => undefined); // idle connections dropped at shutdown
    this.scopeSql = scope
      ? `BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED READ ONLY; SELECT ${Object.entries(scope)
          .map(([k, v]) => `set_config('${k}', '${v.replace(/'/g, "''")}', true)`)
          .join(', ')}`
      : null;
  }

  async warm(connections: number): Promise<void> {
    const clients = await Promise.all(Array.from({ length: connections }, () => this.pool.connect()));
    for (const c of clients) c.release();
  }

  async request(request: SqlRequest): Promise<unknown> {
    const client = await this.pool.connect();
    try {
      if (!this.scopeSql) {
        const { rows } = await client.query<{ result: unknown }>(request.sql, request.params);
        return rows[0]?.result ?? null;
      }
      await client.query(this.scopeSql);
      try {
        const { rows } = await client.query<{ result: unknown }>(request.sql, request.params);
        await client.query('COMMIT');
        return rows[0]?.result ?? null;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
