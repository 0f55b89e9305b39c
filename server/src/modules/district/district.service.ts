import type { RequestContext } from '../../context/context';
import { District } from './district.entity';

/**
 * The district list, in the order of the city documents. Shared reference data: every signed-in
 * user reads all districts (names, kinds, rural-revitalisation level), whatever their grants.
 */
export function listDistricts(ctx: RequestContext): Promise<District[]> {
  return ctx.db.getRepository(District).find({ order: { sortOrder: 'ASC', code: 'ASC' } });
}
