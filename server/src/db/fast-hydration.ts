import { SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';

/**
 * Faster `getMany()` / `getOne()` for the plain reads of the API (issue 8).
 *
 * TypeORM turns the raw rows of a query builder into entities through a general transformer that
 * groups rows by primary key for joined relations, relation ids and counts: the largest share of a
 * list's CPU in the profiles, though the API's reads select one entity and join nothing into it
 * (related rows come from DataLoaders). For such a query builder — the main alias selected alone,
 * no joined selections, no relation ids or counts, no embedded columns, no `@AfterLoad` listeners,
 * no subscribers — the rows are hydrated column by column with the driver's own value conversion
 * (`prepareHydratedValue`: dates, numerics, column transformers), from the same SQL run the same
 * way (`getRawMany`, the builder's query runner and transaction). Anything else takes TypeORM's path.
 */

type Mapping = { alias: string; column: ColumnMetadata }[];
const mappings = new WeakMap<EntityMetadata, Map<string, Mapping>>();

function mappingOf(qb: SelectQueryBuilder<ObjectLiteral>, metadata: EntityMetadata, alias: string): Mapping {
  let byAlias = mappings.get(metadata);
  if (!byAlias) mappings.set(metadata, (byAlias = new Map()));
  let mapping = byAlias.get(alias);
  if (!mapping) {
    mapping = metadata.columns
      // As TypeORM's transformer: every real column (a foreign key declared as a column included).
      .filter(
        (column) =>
          !column.isVirtual && !metadata.childEntityMetadatas.some((child) => child.target === column.target),
      )
      .map((column) => ({
        alias: DriverUtils.buildAlias(qb.connection.driver, undefined, alias, column.databaseName),
        column,
      }));
    byAlias.set(alias, mapping);
  }
  return mapping;
}

/** Whether `qb` is a plain read of one entity that {@link hydrate} reproduces exactly. */
function isPlain(qb: SelectQueryBuilder<ObjectLiteral>): boolean {
  const map = qb.expressionMap;
  const main = map.mainAlias;
  if (!main?.hasMetadata || map.lockMode === 'optimistic') return false;
  const metadata = main.metadata;
  return (
    map.selects.length === 1 &&
    map.selects[0]!.selection === main.name &&
    map.joinAttributes.every((join) => !join.isSelected) &&
    map.relationIdAttributes.length === 0 &&
    metadata.embeddeds.length === 0 &&
    metadata.relationIds.length === 0 &&
    metadata.afterLoadListeners.length === 0 &&
    metadata.eagerRelations.length === 0 &&
    qb.connection.subscribers.length === 0
  );
}

async function hydrate<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<T[]> {
  const metadata = qb.expressionMap.mainAlias!.metadata;
  const mapping = mappingOf(
    qb as SelectQueryBuilder<ObjectLiteral>,
    metadata,
    qb.expressionMap.mainAlias!.name,
  );
  const driver = qb.connection.driver;
  const rows = await qb.getRawMany<Record<string, unknown>>();
  const entities: T[] = [];
  const seen = qb.expressionMap.joinAttributes.length > 0 ? new Set<string>() : null;
  for (const row of rows) {
    const entity = metadata.create(undefined, { fromDeserializer: true }) as T;
    let hasData = false;
    for (const { alias, column } of mapping) {
      const value = row[alias];
      if (value === undefined) continue;
      column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
      if (value !== null && !column.isVirtualProperty) hasData = true;
    }
    if (!hasData) continue;
    // A join (not selected) can repeat a row: TypeORM returns each entity once, so do we.
    if (seen) {
      const key = metadata.primaryColumns.map((c) => String(c.getEntityValue(entity))).join('\u0000');
      if (seen.has(key)) continue;
      seen.add(key);
    }
    entities.push(entity);
  }
  return entities;
}

let installed = false;

/** Routes plain reads through {@link hydrate}; idempotent. Called where data sources are made. */
export function installFastHydration(): void {
  if (installed) return;
  installed = true;
  const proto = SelectQueryBuilder.prototype as SelectQueryBuilder<ObjectLiteral>;
  const getMany = proto.getMany;
  const getOne = proto.getOne;
  proto.getMany = function (this: SelectQueryBuilder<ObjectLiteral>) {
    return isPlain(this) ? hydrate(this) : getMany.call(this);
  };
  proto.getOne = async function (this: SelectQueryBuilder<ObjectLiteral>) {
    if (!isPlain(this) || this.expressionMap.lockVersion !== undefined) return getOne.call(this);
    const [first] = await hydrate(this);
    return first ?? null;
  };
}
