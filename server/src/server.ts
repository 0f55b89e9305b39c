import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './config/env';
import { createDataSource, migrate } from './db/data-source';
import { locateDatabase, type DatabaseLocation } from './db/database';
import { buildAppSchema } from './graphql/schema';
import { createHttpApp } from './http/app';
import { seedOnFirstStart } from './seed/seed';

export interface RunningServer {
  url: string;
  dataSource: DataSource;
  /** Drains HTTP, closes the pool, stops the embedded PostgreSQL if this process started it. */
  stop(): Promise<void>;
}

/** A start-up failure that a person can fix: printed as one line. */
export class StartupError extends Error {
  override name = 'StartupError';
}

async function connect(location: DatabaseLocation): Promise<DataSource> {
  const dataSource = createDataSource(location.ownerUrl);
  try {
    await dataSource.initialize();
  } catch (error) {
    const where = location.embedded ? 'the embedded PostgreSQL' : 'DATABASE_URL';
    throw new StartupError(`cannot connect to ${where}: ${(error as Error).message}`);
  }
  return dataSource;
}

/**
 * Starts the whole product: database (embedded unless DATABASE_URL), migrations, first-start seed
 * of the source documents, GraphQL API and the admin client.
 */
export async function startServer(config: AppConfig, log: Logger): Promise<RunningServer> {
  const location = await locateDatabase(config, log);
  let dataSource: DataSource | undefined;
  try {
    dataSource = await connect(location);
    const applied = await migrate(dataSource);
    if (applied.length) log.info({ applied }, 'migrations applied');
    if (config.SEED_ON_START) await seedOnFirstStart(dataSource, config, log);
    const schema = await buildAppSchema();
    const { httpServer, apollo } = await createHttpApp({ config, dataSource, log, schema });
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
    const ds = dataSource;
    return {
      url: `http://${host}:${port}`,
      dataSource: ds,
      stop: async () => {
        await apollo.stop(); // drains in-flight requests, then closes the HTTP server
        if (ds.isInitialized) await ds.destroy();
        await location.embedded?.stop();
      },
    };
  } catch (error) {
    await dataSource?.destroy().catch(() => undefined);
    await location.embedded?.stop().catch(() => undefined);
    throw error;
  }
}
