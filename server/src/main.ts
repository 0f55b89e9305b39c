// First: graphql-js in production mode (graphql/production-mode.ts).
import './graphql/production-mode';
import { ConfigError, loadConfig } from './config/env';
import { createLogger } from './logging/logger';
import { startServer, StartupError } from './server';

/** Entry point of `pnpm start`: validates configuration, starts, and shuts down on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`skills-server: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  let server;
  try {
    server = await startServer(config, log);
  } catch (error) {
    const message = error instanceof StartupError ? error.message : (error as Error).message || String(error);
    console.error(`skills-server: ${message}`);
    if (!(error instanceof StartupError)) log.debug({ err: error }, 'start-up failed');
    process.exit(1);
  }
  log.info(`GraphQL API:  ${server.url}/graphql`);
  log.info(`Admin client: ${server.url}/`);
  if (server.demoAccounts.length) {
    const names = server.demoAccounts.map((a) => a.username).join(', ');
    log.info(`Sign in at ${server.url}/ with a demo account (password demo-2026): ${names}`);
  }
  const running = server;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 15 s: exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    running.stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
