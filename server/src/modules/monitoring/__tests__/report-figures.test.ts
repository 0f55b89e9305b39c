import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { scopeOf } from '../../../auth/viewer';
import { openTenantTransaction } from '../../../db/tenant';
import type { RequestContext } from '../../../context/context';
import { districtDutySums, dutyFigures, sumDuties } from '../scoring.service';
import { insertReport, seedMonitoringFixture, type MonitoringFixture } from './monitoring-fixture';

/**
 * report_figure (migration ReportFigures) is derived from the reports by triggers. After every kind
 * of change — new revisions, status changes, checklist items written and cleared, a report
 * deleted, a bulk insert — it must equal what the reports say, computed here in TypeScript from
 * the raw rows (an oracle independent of the SQL). It is readable within the district scope like
 * the reports, never writable by the application, and concurrent approvals of one assignment's
 * reports both end up in it.
 */

interface FigureRow {
  assignment_id: string;
  year: number;
  district_id: string;
  actual: number | null;
  items_done: number;
  /** Due dates (YYYY-MM-DD) of the periods above that belong to the duty's plan, ascending. */
  submitted_due_on: string[];
  on_time_due_on: string[];
}

let db: TestDatabase;
let f: MonitoringFixture;
let items: string[]; // three checklist items of duty d1

beforeAll(async () => {
  db = await createTestDatabase();
  f = await seedMonitoringFixture(db.dataSource);
  const rows: { id: string }[] = await db.dataSource.query(
    `INSERT INTO responsibility_item (duty_id, district_id, seq, text)
     SELECT $1, $2, 100 + n, '事项' || n FROM generate_series(1, 3) n RETURNING id`,
    [f.duties.d1.id, f.districts.wulong.id],
  );
  items = rows.map((r) => r.id);
});
afterAll(async () => {
  await db.drop();
});

/** What report_figure should hold, worked out from the raw reports and items. */
async function expected(): Promise<FigureRow[]> {
  const reports: {
    id: string;
    assignment_id: string;
    organisation_id: string;
    period_id: string;
    revision: number;
    status: string;
    value: string | null;
    late: boolean;
    year: number;
    district_id: string;
    due_on: string;
    own_plan: boolean;
  }[] = await db.dataSource.query(
    `SELECT r.id, r.assignment_id, r.organisation_id, r.period_id, r.revision, r.status, r.value, r.late,
            rp.year, a.district_id, to_char(rp.due_on, 'YYYY-MM-DD') AS due_on,
            rp.plan_id = d.plan_id AS own_plan
       FROM progress_report r JOIN reporting_period rp ON rp.id = r.period_id
       JOIN duty_assignment a ON a.id = r.assignment_id JOIN duty d ON d.id = a.duty_id`,
  );
  const done: { report_id: string; responsibility_item_id: string; narrative: string }[] =
    await db.dataSource.query(
      `SELECT report_id, responsibility_item_id, narrative FROM progress_report_item`,
    );
  const groups = new Map<string, typeof reports>();
  for (const r of reports) {
    if (r.status === 'DRAFT') continue;
    const key = `${r.assignment_id}/${r.year}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: FigureRow[] = [];
  for (const rows of groups.values()) {
    const latest = new Map<string, (typeof rows)[number]>();
    for (const r of rows.filter((x) => x.status === 'APPROVED')) {
      const key = `${r.organisation_id}/${r.period_id}`;
      if (!latest.has(key) || latest.get(key)!.revision < r.revision) latest.set(key, r);
    }
    const values = [...latest.values()].filter((r) => r.value !== null).map((r) => Number(r.value));
    const periods = [...new Set(rows.map((r) => r.period_id))].sort();
    const latestIds = new Set([...latest.values()].map((r) => r.id));
    const itemsDone = new Set(
      done
        .filter((d) => latestIds.has(d.report_id) && d.narrative.trim() !== '')
        .map((d) => d.responsibility_item_id),
    );
    const onTime = periods.filter((p) => rows.some((r) => r.period_id === p && !r.late));
    const dueDates = (ids: string[]) =>
      ids
        .map((id) => rows.find((r) => r.period_id === id)!)
        .filter((r) => r.own_plan)
        .map((r) => r.due_on)
        .sort();
    out.push({
      assignment_id: rows[0]!.assignment_id,
      year: rows[0]!.year,
      district_id: rows[0]!.district_id,
      actual: values.length ? values.reduce((a, b) => a + b, 0) : null,
      items_done: itemsDone.size,
      submitted_due_on: dueDates(periods),
      on_time_due_on: dueDates(onTime),
    });
  }
  return out.sort((a, b) => a.assignment_id.localeCompare(b.assignment_id) || a.year - b.year);
}

async function actual(): Promise<FigureRow[]> {
  const rows: FigureRow[] = await db.dataSource.query(
    `SELECT assignment_id, year, district_id, actual, items_done, submitted_due_on::text[] AS submitted_due_on, on_time_due_on::text[] AS on_time_due_on
       FROM report_figure ORDER BY assignment_id, year`,
  );
  return rows.sort((a, b) => a.assignment_id.localeCompare(b.assignment_id) || a.year - b.year);
}

const report = (over: Partial<Parameters<typeof insertReport>[1]> & { periodIndex?: number }) =>
  insertReport(db.dataSource, {
    districtId: f.districts.wulong.id,
    periodId: f.periods[over.periodIndex ?? 0]!,
    dutyId: f.duties.d1.id,
    assignmentId: f.assignments.d1Lead,
    organisationId: f.orgs.hr.id,
    value: 0,
    ...over,
  });

describe('report_figure', () => {
  it('follows every change to the reports and their checklist items', async () => {
    const check = async (step: string) => expect(await actual(), step).toEqual(await expected());
    await check('empty');

    const q1 = await report({ value: 100 });
    await check('one approved report');
    await db.dataSource.query(
      `INSERT INTO progress_report_item (report_id, responsibility_item_id, district_id, narrative)
       VALUES ($1, $2, $4, '已完成'), ($1, $3, $4, '   ')`,
      [q1, items[0], items[1], f.districts.wulong.id],
    );
    await check('items: one written, one blank');

    const q1r2 = await report({ value: 150, revision: 2 });
    await check('a second approved revision replaces the first');
    await db.dataSource.query(
      `INSERT INTO progress_report_item (report_id, responsibility_item_id, district_id, narrative)
       VALUES ($1, $2, $4, '完成'), ($1, $3, $4, '完成')`,
      [q1r2, items[1], items[2], f.districts.wulong.id],
    );
    await check('items of the latest revision count');

    const q2 = await report({ periodIndex: 1, value: 50, status: 'SUBMITTED', late: true });
    await report({ periodIndex: 2, value: 70, status: 'DRAFT' });
    await report({ assignmentId: f.assignments.d1Coop, organisationId: f.orgs.edu.id, value: 999 });
    await report({
      dutyId: f.duties.d2.id,
      assignmentId: f.assignments.d2Lead,
      organisationId: f.orgs.econ.id,
      value: 30,
      status: 'RETURNED',
    });
    await check('submitted late, a draft, a cooperating unit, a returned report');

    await db.dataSource.query(`UPDATE progress_report SET status = 'APPROVED' WHERE id = $1`, [q2]);
    await db.dataSource.query(`UPDATE progress_report SET status = 'RETURNED', revision = 3 WHERE id = $1`, [
      q1r2,
    ]);
    await check('approved, and the latest revision returned');

    await db.dataSource.query(`UPDATE progress_report_item SET narrative = '' WHERE report_id = $1`, [q1]);
    await db.dataSource.query(`DELETE FROM progress_report WHERE id = $1`, [q2]);
    await check('items cleared, a report deleted');

    // A bulk insert of many reports in one statement (as an import or the benchmark's scaler).
    await db.dataSource.query(
      `INSERT INTO progress_report (district_id, period_id, duty_id, assignment_id, organisation_id, revision, status, value, late)
       SELECT $1, p, $2, $3, $4, 10, 'APPROVED', 10, p = $5 FROM unnest($6::uuid[]) AS p`,
      [f.districts.wulong.id, f.duties.d2.id, f.assignments.d2Lead, f.orgs.econ.id, f.periods[3], f.periods],
    );
    await check('bulk insert');
    expect((await actual()).length).toBeGreaterThanOrEqual(3);

    // The plan's due days change: the unlocked periods' due dates move (period.service.ts).
    await db.dataSource.query(`UPDATE reporting_period SET due_on = due_on + 3 WHERE id = ANY ($1::uuid[])`, [
      f.periods.slice(0, 2),
    ]);
    await check('due dates moved');
    await db.dataSource.query(`UPDATE reporting_period SET locked_at = now() WHERE id = $1`, [f.periods[0]]);
    await check('a period locked (no due date changed)');
    await db.dataSource.query(`UPDATE reporting_period SET locked_at = NULL WHERE id = $1`, [f.periods[0]]);
  });

  it('is read within the district scope and never written by the application role', async () => {
    const read = async (viewer: typeof f.users.city) => {
      const tx = await openTenantTransaction(db.appDataSource, scopeOf(viewer), viewer.userId, false);
      try {
        const rows: { district_id: string }[] = await tx.manager.query(
          `SELECT district_id FROM report_figure`,
        );
        const updated: unknown[] = await tx.manager.query(
          `UPDATE report_figure SET items_done = items_done + 100 RETURNING 1`,
        );
        const deleted: unknown[] = await tx.manager.query(`DELETE FROM report_figure RETURNING 1`);
        let inserted: unknown = null;
        await tx.manager
          .query(
            `INSERT INTO report_figure (assignment_id, year, district_id, items_done)
             VALUES ($1, 1999, $2, 0)`,
            [f.assignments.d1Lead, f.districts.wulong.id],
          )
          .catch((e: Error) => (inserted = e.message));
        // TypeORM answers an UPDATE or DELETE with [rows, affected].
        const affected = (r: unknown[]) => (typeof r[1] === 'number' ? r[1] : r.length);
        return {
          districts: [...new Set(rows.map((r) => r.district_id))],
          updated: affected(updated),
          deleted: affected(deleted),
          inserted,
        };
      } finally {
        await tx.rollback();
      }
    };
    const wulong = await read(f.users.wulongAdmin);
    expect(wulong.districts).toEqual([f.districts.wulong.id]);
    expect(wulong.updated).toBe(0);
    expect(wulong.deleted).toBe(0);
    expect(wulong.inserted).toMatch(/row-level security/);
    const beibei = await read(f.users.beibeiAdmin);
    expect(beibei.districts).toEqual([]);
    expect(beibei.inserted).toMatch(/row-level security/);
    expect((await read(f.users.city)).districts).toEqual([f.districts.wulong.id]);
  });

  it('counts both of two concurrent approvals of one assignment’s reports', async () => {
    const a = await report({ periodIndex: 2, value: 5, status: 'SUBMITTED', revision: 20 });
    const b = await report({ periodIndex: 3, value: 7, status: 'SUBMITTED', revision: 20 });
    const connect = async () => {
      const c = new Client({ connectionString: db.url });
      await c.connect();
      return c;
    };
    const [c1, c2] = [await connect(), await connect()];
    try {
      await c1.query('BEGIN');
      await c2.query('BEGIN');
      await c1.query(`UPDATE progress_report SET status = 'APPROVED' WHERE id = $1`, [a]);
      // The second waits for the first's turn on the assignment, then recomputes with its approval.
      const second = c2.query(`UPDATE progress_report SET status = 'APPROVED' WHERE id = $1`, [b]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await c1.query('COMMIT');
      await second;
      await c2.query('COMMIT');
    } finally {
      await Promise.all([c1.end(), c2.end()]);
    }
    expect(await actual()).toEqual(await expected());
    const [row] = (await actual()).filter((r) => r.assignment_id === f.assignments.d1Lead);
    const dueOn = (await db.dataSource.query(
      `SELECT to_char(due_on, 'YYYY-MM-DD') AS d FROM reporting_period WHERE id = ANY ($1::uuid[])`,
      [[f.periods[2], f.periods[3]]],
    )) as { d: string }[];
    expect(row?.submitted_due_on).toEqual(expect.arrayContaining(dueOn.map((r) => r.d)));
  });

  it('gives the city ranking the same per-district sums as the duty figures, on any day', async () => {
    const ctx = { db: db.dataSource.manager } as RequestContext;
    const districts = [f.districts.wulong.id, f.districts.beibei.id];
    let compared = 0;
    for (const today of ['2021-03-01', '2021-07-11', '2021-10-11', '2022-02-01']) {
      for (const ids of [districts, null]) {
        const figures = await dutyFigures(ctx, ids, 2021, today);
        const sums = await districtDutySums(ctx, ids, 2021, today);
        // Periods reported (on time) that were due before today, from the raw reports.
        const oracle = await expected();
        const dueBefore = (dates: string[] | undefined) => (dates ?? []).filter((d) => d < today).length;
        for (const row of figures) {
          const o = oracle.find((x) => x.assignment_id === row.assignment_id && x.year === 2021);
          expect(row.on_time, `${today} on time`).toBe(dueBefore(o?.on_time_due_on));
          expect(row.missed, `${today} missed`).toBe(row.due - dueBefore(o?.submitted_due_on));
        }
        for (const district of districts) {
          const mine = figures.filter((r) => r.district_id === district);
          const expected = sumDuties(mine);
          const got = sums.find((s) => s.district_id === district);
          expect(got ?? null, `${today} ${district}`).toEqual(
            mine.length
              ? {
                  district_id: district,
                  due: expected.due,
                  on_time: expected.onTime,
                  items: expected.items,
                  items_done: expected.itemsDone,
                }
              : null,
          );
          if (mine.length) compared += 1;
        }
      }
    }
    expect(compared).toBe(8); // 武隆区 has lead assignments; 北碚区 none
    // By the end of the year every period is due and some were reported on time (the sums compared
    // above are not all zeros).
    const [wulong] = await districtDutySums(ctx, [f.districts.wulong.id], 2021, '2022-02-01');
    console.log('武隆区 duty sums at the end of 2021', wulong);
    expect(wulong!.due).toBeGreaterThan(0);
    expect(wulong!.on_time).toBeGreaterThan(0);
  });
});
