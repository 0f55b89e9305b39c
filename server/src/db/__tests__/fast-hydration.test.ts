import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { SEEDED_TEMPLATE } from '../../../test/support/templates';
import { seedMonitoringFixture } from '../../modules/monitoring/__tests__/monitoring-fixture';
import { Duty } from '../../modules/duty/duty.entity';
import { Plan } from '../../modules/plan/plan.entity';

/**
 * The fast hydration of plain reads (db/fast-hydration.ts) must give exactly what TypeORM's own
 * transformer gives: compared for every entity over the seeded source documents plus the
 * monitoring fixture (reports, periods, dates, numerics), through `getRawAndEntities` (TypeORM's
 * path, not rerouted), and for a join that repeats rows.
 */
let db: TestDatabase; // the seeded source documents
let work: TestDatabase; // the monitoring fixture: periods (dates), reports, statistics

beforeAll(async () => {
  db = await createTestDatabase(SEEDED_TEMPLATE);
  work = await createTestDatabase();
  const f = await seedMonitoringFixture(work.dataSource);
  await work.dataSource.query(
    `INSERT INTO progress_report (district_id, period_id, duty_id, assignment_id, organisation_id, status, value, late)
     VALUES ($1, $2, $3, $4, $5, 'APPROVED', 120, true)`,
    [f.districts.wulong.id, f.periods[0], f.duties.d1.id, f.assignments.d1Lead, f.orgs.hr.id],
  );
});
afterAll(async () => {
  await Promise.all([db.drop(), work.drop()]);
});

describe('fast hydration', () => {
  it('hydrates every entity exactly as TypeORM does', async () => {
    let compared = 0;
    for (const [source, metadata] of [db, work].flatMap((d) =>
      d.dataSource.entityMetadatas.map((m) => [d.dataSource, m] as const),
    )) {
      const qb = () =>
        source
          .getRepository(metadata.target)
          .createQueryBuilder('x')
          .orderBy(metadata.primaryColumns.map((c) => `x.${c.propertyPath}`).join(', '));
      const typeorm = (await qb().getRawAndEntities()).entities;
      const fast = await qb().getMany();
      expect(fast, metadata.name).toEqual(typeorm);
      // Same classes (resolvers of type-graphql convert by prototype).
      if (fast.length)
        expect(Object.getPrototypeOf(fast[0]), metadata.name).toBe(Object.getPrototypeOf(typeorm[0]));
      compared += fast.length;
    }
    // The seeded documents alone hold hundreds of rows: the comparison is not of empty tables.
    expect(compared).toBeGreaterThan(1000);
  });

  it('returns an entity once when a join (not selected) repeats its row, as TypeORM does', async () => {
    const qb = () =>
      db.dataSource
        .getRepository(Plan)
        .createQueryBuilder('p')
        .innerJoin(Duty, 'd', 'd.planId = p.id')
        .orderBy('p.code');
    const typeorm = (await qb().getRawAndEntities()).entities;
    const raw = await qb().getRawMany();
    expect(raw.length).toBeGreaterThan(typeorm.length); // the join does repeat rows
    expect(await qb().getMany()).toEqual(typeorm);
    expect(await qb().getOne()).toEqual(typeorm[0]);
  });
});
