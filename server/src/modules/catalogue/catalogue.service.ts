import type { RequestContext } from '../../context/context';
import { whereInScope } from '../../db/scoped';
import { getPlan } from '../plan/plan.service';
import { CatalogueEntry } from './catalogue.entity';

/**
 * The project-training catalogue (急需紧缺职业（工种）目录) of a plan, in the document's order.
 * The plan must be readable (else NOT_FOUND); entries are read within the viewer's districts.
 */
export async function catalogueOfPlan(ctx: RequestContext, planId: string): Promise<CatalogueEntry[]> {
  const plan = await getPlan(ctx, planId);
  const qb = ctx.db
    .getRepository(CatalogueEntry)
    .createQueryBuilder('c')
    .where('c.planId = :planId', { planId: plan.id });
  return whereInScope(qb, 'c.districtId', ctx.scope).orderBy('c.seq').getMany();
}
