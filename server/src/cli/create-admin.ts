import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { cliArguments } from './args';
import type { DataSource } from 'typeorm';
import { hashPassword, passwordProblem } from '../auth/password';
import { ConfigError, loadConfig } from '../config/env';
import { createDataSource, migrate } from '../db/data-source';
import { locateDatabase, type DatabaseLocation } from '../db/database';
import { createLogger } from '../logging/logger';
import { normaliseUsername, usernameProblem } from '../modules/user/accounts';

const USAGE = `用法: pnpm run create-admin -- --username 用户名 [--display-name 显示名称]

创建（或重置）一个市级管理员账号（CITY_ADMIN）。密码取自环境变量 ADMIN_PASSWORD；未设置时
生成一个随机密码并只显示这一次。用户已存在时：更新其密码并确保其持有市级管理员授权。

数据库: DATABASE_URL（所有者角色），未设置时使用嵌入式 PostgreSQL（PG_DATA_DIR；服务器正在运行时直接连接它的数据库，否则临时启动）。`;

export interface CreatedAdmin {
  userId: string;
  username: string;
  created: boolean;
}

/**
 * Creates the city admin `username` (or, when it exists, sets its password, activates it and adds
 * the CITY_ADMIN grant it lacks) through the owner connection, in one transaction.
 * @throws Error with a Chinese message for a bad username or a password the policy refuses.
 */
export async function createCityAdmin(
  dataSource: DataSource,
  input: { username: string; displayName: string; password: string },
): Promise<CreatedAdmin> {
  const username = normaliseUsername(input.username);
  const problem = usernameProblem(username) ?? passwordProblem(input.password, username);
  if (problem) throw new Error(problem);
  const hash = await hashPassword(input.password);
  return dataSource.transaction(async (db) => {
    const [row] = (await db.query(
      `INSERT INTO app_user (username, display_name, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT (username) DO UPDATE
         SET password_hash = EXCLUDED.password_hash, active = true,
             password_changed_at = now(), updated_at = now()
       RETURNING id, (xmax = 0) AS created`,
      [username, input.displayName.trim() || '市级管理员', hash],
    )) as { id: string; created: boolean }[];
    await db.query(
      `INSERT INTO user_grant (user_id, role)
       SELECT $1, 'CITY_ADMIN' WHERE NOT EXISTS
         (SELECT 1 FROM user_grant WHERE user_id = $1 AND role = 'CITY_ADMIN')`,
      [row!.id],
    );
    return { userId: row!.id, username, created: row!.created };
  });
}

/**
 * `pnpm run create-admin -- --username …`: 0 when the admin was created or updated, 1 on a
 * problem (printed on one line), 2 on a usage or configuration problem. Beside a running server
 * it uses the server's embedded PostgreSQL as it is (db/embedded.ts), never stops it.
 */
export async function runCreateAdmin(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: cliArguments(argv),
    options: { username: { type: 'string' }, 'display-name': { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help || !values.username) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`create-admin: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, false);
  const generated = !process.env.ADMIN_PASSWORD;
  const password =
    process.env.ADMIN_PASSWORD ?? `${randomBytes(12).toString('base64url')}-${new Date().getFullYear()}`;
  let location: DatabaseLocation | undefined;
  let dataSource: DataSource | undefined;
  try {
    location = await locateDatabase(config, log);
    dataSource = createDataSource(location.ownerUrl, { poolSize: 2, applicationName: 'skills-create-admin' });
    await dataSource.initialize();
    await migrate(dataSource);
    const admin = await createCityAdmin(dataSource, {
      username: values.username,
      displayName: values['display-name'] ?? '市级管理员',
      password,
    });
    console.log(`${admin.created ? '已创建' : '已更新'}市级管理员 ${admin.username}`);
    if (generated) console.log(`密码（只显示这一次，请登录后修改）：${password}`);
    return 0;
  } catch (error) {
    console.error(`create-admin: ${(error as Error).message}`);
    return 1;
  } finally {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await location?.embedded?.stop();
  }
}

if (require.main === module)
  void runCreateAdmin(process.argv.slice(2)).then((code) => {
    // Not process.exit(): the log lines still buffered are written before the process ends.
    process.exitCode = code;
  });
