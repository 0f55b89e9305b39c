import type { RequestContext } from '../../context/context';
import { dutyVisibleCondition, readAccess, whereInScope } from '../../db/scoped';
import { BadInputError } from '../../graphql/errors';
import type { Organisation } from '../organisation/organisation.entity';
import { getPlan } from '../plan/plan.service';
import { AssignmentRole, Duty, type DutyAssignment, type DutyListKind } from './duty.entity';
import type { ResponsibilityColumn, ResponsibilityMatrix, ResponsibilityRow } from './responsibility.types';

/** Loads many keys through a loader, failing on the first error. */
async function loadAll<K, V>(
  loader: { loadMany(keys: readonly K[]): Promise<(V | Error)[]> },
  keys: K[],
): Promise<V[]> {
  const values = await loader.loadMany(keys);
  for (const value of values) if (value instanceof Error) throw value;
  return values as V[];
}

/**
 * The responsibility matrix of a district plan's list: rows are the duties of the list the viewer
 * may read (an organisation role: only the duties of its organisation, as in `duties`), columns the
 * organisations and categories assigned to any of those rows, cells LEAD or COOPERATING.
 * A district plan outside the viewer's scope is NOT_FOUND; a city plan has no duties (BAD_USER_INPUT).
 *
 * Cost: a fixed number of statements whatever the number of duties: the plan, the duties, their
 * assignments (one batch), the assigned organisations (one batch); the rows' items and targets are
 * batched by the loaders when a client asks for them.
 */
export async function responsibilityMatrix(
  ctx: RequestContext,
  planId: string,
  listKind: DutyListKind,
): Promise<ResponsibilityMatrix> {
  const plan = await getPlan(ctx, planId);
  if (plan.districtId === null) {
    throw new BadInputError('市级计划没有责任矩阵，请选择区县计划', { argument: 'planId' });
  }
  const qb = ctx.db
    .getRepository(Duty)
    .createQueryBuilder('d')
    .where('d.planId = :planId AND d.listKind = :listKind', { planId: plan.id, listKind });
  whereInScope(qb, 'd.districtId', ctx.scope);
  qb.andWhere(...dutyVisibleCondition('d', readAccess(ctx)));
  const duties = await qb.orderBy('d.sortOrder').addOrderBy('d.id').getMany();
  // How many duties the list has, whether or not this viewer may read them, so that an empty matrix
  // can say "none you may see" rather than "none": a count within the viewer's own district scope.
  const countQb = ctx.db
    .getRepository(Duty)
    .createQueryBuilder('d')
    .where('d.planId = :planId AND d.listKind = :listKind', { planId: plan.id, listKind });
  whereInScope(countQb, 'd.districtId', ctx.scope);
  const totalDutyCount = await countQb.getCount();

  const assignments = await loadAll<string, DutyAssignment[]>(
    ctx.loaders.assignmentsOfDuty,
    duties.map((d) => d.id),
  );
  const organisationIds = [
    ...new Set(assignments.flat().flatMap((a) => (a.organisationId ? [a.organisationId] : []))),
  ];
  const organisations = await loadAll<string, Organisation | null>(
    ctx.loaders.organisationById,
    organisationIds,
  );
  const organisationById = new Map(organisations.flatMap((o) => (o ? [[o.id, o] as const] : [])));

  const columns = new Map<string, ResponsibilityColumn>();
  const rows: ResponsibilityRow[] = duties.map((duty, i) => {
    const cells = new Map<string, ResponsibilityRow['cells'][number]>();
    for (const assignment of assignments[i] ?? []) {
      const key = assignment.organisationId ?? `category:${assignment.category}`;
      const column =
        columns.get(key) ??
        columns
          .set(key, {
            key,
            organisation: assignment.organisationId
              ? (organisationById.get(assignment.organisationId) ?? null)
              : null,
            category: assignment.organisationId ? null : assignment.category,
            label: assignment.organisationId
              ? (organisationById.get(assignment.organisationId)?.name ?? assignment.assigneeText)
              : assignment.assigneeText,
            leadCount: 0,
            cooperatingCount: 0,
          })
          .get(key)!;
      // A unit named twice on one duty (as lead and as cooperating) counts once, as lead.
      const previous = cells.get(key);
      if (previous?.role === AssignmentRole.LEAD) continue;
      if (previous) column.cooperatingCount -= 1;
      cells.set(key, { columnKey: key, role: assignment.role, assigneeText: assignment.assigneeText });
      if (assignment.role === AssignmentRole.LEAD) column.leadCount += 1;
      else column.cooperatingCount += 1;
    }
    return { duty, cells: [...cells.values()] };
  });

  return { plan, listKind, columns: [...columns.values()], rows, totalDutyCount };
}
