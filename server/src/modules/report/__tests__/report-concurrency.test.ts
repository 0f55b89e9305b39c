import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { seedTenants, type Tenants } from '../../../../test/support/fixtures';
import { SEEDED_TEMPLATE } from '../../../../test/support/templates';
import { fixedClock } from '../../../clock';
import { createDataSource } from '../../../db/data-source';
import { appUrlFrom } from '../../../db/roles';
import { ensureAllPlanPeriods } from '../period.service';

/**
 * Optimistic concurrency under load: 50 writers save ONE report at once, each from its own pooled
 * connection (a pool of 50 on the application role), each naming the version it read, and on
 * CONFLICT retrying from the version the error reports. For every version exactly one save wins;
 * the final report is the last winner's; the history has one row per version, no gaps.
 */
const WRITERS = 50;
const SAVE = `mutation($input: SaveReportInput!) { saveReportDraft(input: $input) { id version value narrative } }`;

describe('50 concurrent saves of one report', () => {
  let db: TestDatabase;
  let t: Tenants;
  let wide: DataSource;
  let api: TestApi;
  let reportId: string;
  const clock = fixedClock('2021-04-05T10:00:00+08:00');

  beforeAll(async () => {
    db = await createTestDatabase(SEEDED_TEMPLATE);
    t = await seedTenants(db.dataSource);
    await ensureAllPlanPeriods(db.dataSource.manager);
    wide = createDataSource(appUrlFrom(db.url), { poolSize: WRITERS });
    await wide.initialize();
    api = await createTestApi(wide, t.viewerOf(t.users.wulongHrHead), { clock });
    const [row] = (await db.dataSource.query(
      `SELECT d.id AS duty_id, p.id AS period_id FROM duty d
         JOIN duty_assignment a ON a.duty_id = d.id AND a.role = 'LEAD' AND a.organisation_id = $1
         JOIN reporting_period p ON p.plan_id = d.plan_id AND p.year = 2021 AND p.number = 3
        WHERE EXISTS (SELECT 1 FROM duty_target x WHERE x.duty_id = d.id) ORDER BY d.sort_order LIMIT 1`,
      [t.organisations.wulongHr.id],
    )) as { duty_id: string; period_id: string }[];
    const created = await api.query<{ saveReportDraft: { id: string; version: number } }>(SAVE, {
      input: { dutyId: row!.duty_id, periodId: row!.period_id, value: 0, narrative: 'start' },
    });
    expect(created.errors).toBeUndefined();
    reportId = created.data!.saveReportDraft.id;
  });
  afterAll(async () => {
    if (wide?.isInitialized) await wide.destroy();
    await db?.drop();
  });

  it('lets exactly one save win per version, the rest get CONFLICT with the current version', async () => {
    const started = process.hrtime.bigint();
    let attempts = 0;
    let conflicts = 0;
    const others: string[] = [];
    const backends = new Set<number>();
    /** Writer w: saves value w based on the version it last read, until it wins once. */
    const writer = async (w: number) => {
      let expected = 1;
      for (let tries = 0; tries < WRITERS * 4; tries++) {
        attempts++;
        const result = await api.query<{ saveReportDraft: { version: number } }>(SAVE, {
          input: { reportId, expectedVersion: expected, value: w, narrative: `writer ${w}` },
        });
        const error = result.errors?.[0];
        if (!error) return { writer: w, based: expected, became: result.data!.saveReportDraft.version };
        if (error.extensions?.code !== 'CONFLICT') {
          others.push(`${error.extensions?.code}: ${error.message}`);
          return null;
        }
        conflicts++;
        expect(error.extensions.currentVersion).toBeGreaterThan(expected);
        expected = error.extensions.currentVersion as number;
      }
      return null;
    };
    const sampler = setInterval(() => {
      void db.dataSource
        .query(`SELECT pid FROM pg_stat_activity WHERE usename = current_user OR usename LIKE 'skills_app%'`)
        .then((rows: { pid: number }[]) => rows.forEach((r) => backends.add(r.pid)))
        .catch(() => undefined);
    }, 20);
    const wins = await Promise.all(Array.from({ length: WRITERS }, (_, i) => writer(i + 1)));
    clearInterval(sampler);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(
      `[concurrency] ${WRITERS} writers, ${attempts} saves, ${conflicts} CONFLICT, ${ms.toFixed(0)} ms`,
    );

    expect(others).toEqual([]);
    expect(wins.every((w) => w !== null)).toBe(true);
    // Every version from 1 to 50 was the base of exactly one winning save.
    const based = wins.map((w) => w!.based).sort((a, b) => a - b);
    expect(based).toEqual(Array.from({ length: WRITERS }, (_, i) => i + 1));
    expect(wins.every((w) => w!.became === w!.based + 1)).toBe(true);
    // The first round alone: 50 saves based on version 1, one winner, 49 conflicts at least.
    expect(conflicts).toBeGreaterThanOrEqual(WRITERS - 1);
    expect(attempts).toBe(WRITERS + conflicts);

    const last = wins.find((w) => w!.based === WRITERS)!;
    const [final] = (await db.dataSource.query(
      `SELECT version, value, narrative FROM progress_report WHERE id = $1`,
      [reportId],
    )) as { version: number; value: string; narrative: string }[];
    expect(final).toEqual({
      version: WRITERS + 1,
      value: String(last.writer),
      narrative: `writer ${last.writer}`,
    });

    const history = (await db.dataSource.query(
      `SELECT version, snapshot->>'value' AS value FROM progress_report_event WHERE report_id = $1 ORDER BY version`,
      [reportId],
    )) as { version: number; value: string }[];
    expect(history.map((h) => h.version)).toEqual(Array.from({ length: WRITERS + 1 }, (_, i) => i + 1));
    // Each history row holds what its winner wrote.
    for (const win of wins) expect(history[win!.became - 1]!.value).toBe(String(win!.writer));
    // Audit: one event per successful save (the creation included), none for a conflict.
    const [audit] = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE entity_type = 'PROGRESS_REPORT' AND entity_id = $1`,
      [reportId],
    )) as { n: number }[];
    expect(audit!.n).toBe(WRITERS + 1);
    expect(backends.size).toBeGreaterThan(4); // more connections than the default test pool of 4
  }, 600_000);
});
