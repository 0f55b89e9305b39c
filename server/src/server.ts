import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './config/env';
import { createDataSource, migrate } from './db/data-source';
import { locateDatabase, type DatabaseLocation } from './db/database';
import { usePreparedStatements } from './db/prepared';
import type { EmbeddedPostgresHandle } from './db/embedded';
import { appUrlFrom, checkRowLevelSecurity, ensureAppRole } from './db/roles';
import { buildAppSchema } from './graphql/schema';
import { createHttpApp } from './http/app';
import type { DemoAccount } from './seed/demo-accounts';
import { seedOnFirstStart } from './seed/seed';

export interface RunningServer {
  url: string;
  /** Owner connection (migrations, seed). */
  dataSource: DataSource;
  /** Application-role connection that serves requests (row-level security applies). */
  appDataSource: DataSource;
  /** The embedded PostgreSQL this process started and watches (none with DATABASE_URL). */
  embedded?: EmbeddedPostgresHandle;
  /** Demo accounts of this start (empty in production). */
  demoAccounts: DemoAccount[];
  /** Drains HTTP, closes the pool, stops the embedded PostgreSQL if this process started it. */
  stop(): Promise<void>;
}

/** A start-up failure that a person can fix: printed as one line. */
export class StartupError extends Error {
  override name = 'StartupError';
}

async function connect(url: string, where: string, poolSize: number): Promise<DataSource> {
  const dataSource = createDataSource(url, { poolSize });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new StartupError(`cannot connect to ${where}: ${(error as Error).message}`);
  }
  return dataSource;
}

/**
 * Connects as the application role (creating it on a database the server manages) and refuses to
 * go on unless row-level security can hold (db/roles.ts).
 */
async function connectApplicationRole(config: AppConfig, owner: DataSource, location: DatabaseLocation) {
  const appUrl = config.DATABASE_APP_URL ?? appUrlFrom(location.ownerUrl);
  await ensureAppRole(owner, appUrl, !config.DATABASE_APP_URL);
  const app = await connect(
    appUrl,
    config.DATABASE_APP_URL ? 'DATABASE_APP_URL' : 'the application role',
    20,
  );
  // The loaders' reads run as prepared statements: planned once, not per request (db/prepared.ts).
  usePreparedStatements(app);
  const failed = (await checkRowLevelSecurity(app)).filter((check) => !check.holds);
  if (failed.length) {
    await app.destroy();
    throw new StartupError(
      `row-level security would not hold: ${failed.map((c) => c.fact).join('; ')} — refusing to start`,
    );
  }
  return app;
}

/**
 * Starts the whole product: database (embedded unless DATABASE_URL), migrations, first-start seed
 * of the source documents, GraphQL API and the admin client.
 */
export async function startServer(config: AppConfig, log: Logger): Promise<RunningServer> {
  const location = await locateDatabase(config, log);
  let dataSource: DataSource | undefined;
  let appDataSource: DataSource | undefined;
  try {
    dataSource = await connect(
      location.ownerUrl,
      location.embedded ? 'the embedded PostgreSQL' : 'DATABASE_URL',
      4,
    );
    const applied = await migrate(dataSource);
    if (applied.length) {
      log.info({ applied }, 'migrations applied');
      // New tables and indexes get statistics at once (the seed analyses again after loading).
      await dataSource.query('ANALYZE');
    }
    appDataSource = await connectApplicationRole(config, dataSource, location);
    const demoAccounts = config.SEED_ON_START ? await seedOnFirstStart(dataSource, config, log) : [];
    const schema = await buildAppSchema();
    const { httpServer, apollo } = await createHttpApp({
      config,
      dataSource: appDataSource,
      log,
      schema,
      databaseWatch: location.embedded,
    });
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new StartupError(
            error.code === 'EADDRINUSE'
              ? `port ${config.PORT} is already in use (set PORT to another port)`
              : `cannot listen on ${config.HOST}:${config.PORT}: ${error.message}`,
          ),
        ),
      );
      httpServer.listen(config.PORT, config.HOST, resolve);
    });
    const { port } = httpServer.address() as AddressInfo;
    const host = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
    const owner = dataSource;
    const app = appDataSource;
    return {
      url: `http://${host}:${port}`,
      dataSource: owner,
      appDataSource: app,
      embedded: location.embedded,
      demoAccounts,
      stop: async () => {
        await apollo.stop(); // drains in-flight requests, then closes the HTTP server
        for (const ds of [app, owner]) if (ds.isInitialized) await ds.destroy();
        await location.embedded?.stop();
      },
    };
  } catch (error) {
    await appDataSource?.destroy().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
    await location.embedded?.stop().catch(() => undefined);
    throw error;
  }
}
