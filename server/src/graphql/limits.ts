import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type ASTVisitor,
  type GraphQLNamedType,
  type GraphQLError,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { QueryTooComplexError } from './errors';
import { MAX_PAGE_SIZE } from './pagination';

/**
 * The limits every GraphQL request must keep (docs/limits.md). The admin client's deepest
 * legitimate operation stays well inside each (graphql/__tests__/limits.test.ts checks every
 * operation in client/src against them).
 */
export const LIMITS = {
  /** Bytes of the `query` string (checked on the HTTP body, before parsing). */
  maxDocumentBytes: 32 * 1024,
  /** Lexical tokens of a document (graphql-js stops parsing past it). */
  maxTokens: 3000,
  /** Nesting depth of fields (fragments followed). */
  maxDepth: 12,
  /** Aliased fields in one operation (`__typename` aliases do not count). */
  maxAliases: 20,
  /** Directives in one operation. */
  maxDirectives: 20,
  /** Estimated cost ({@link estimateCost}) of one operation. */
  maxCost: 25_000,
  /** Expected length of a list field that has no `first` argument (assignments, rows, cells…). */
  listFanOut: 20,
} as const;

/**
 * List fields whose length the domain bounds below {@link LIMITS.listFanOut}: counted at that
 * length, so that a dashboard's nested lists are not priced as if each held 20 entries.
 */
export const KNOWN_FAN_OUT: Readonly<Record<string, number>> = {
  /** One entry per source of actuals (REPORTS, OFFICIAL, CLASS_LEDGER). */
  'IndicatorProgress.sources': 3,
};

/**
 * Estimated cost of a selection set: every field the executor would resolve counts 1, times the
 * length of each list it lies in. A field with a `first` argument is a page of that length (a
 * variable counts as the largest page, {@link MAX_PAGE_SIZE}); the `nodes`/`edges` of a connection
 * are that page (not multiplied again); any other list field counts {@link LIMITS.listFanOut}.
 * So `duty { assignments { duty { assignments … } } }` grows 20× per level and 1,000 aliases of a
 * matrix cost 1,000 matrices. Linear in the multiplier, so a fragment's cost is computed once
 * (fragment "bombs" that spread a fragment twice per level stay cheap to estimate).
 */
export function estimateCost(
  context: ValidationContext,
  selectionSet: SelectionSetNode,
  parent: GraphQLNamedType,
): number {
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const variableDefaults = new Map<string, number>();

  const pageLength = (value: import('graphql').ValueNode): number => {
    if (value.kind === Kind.INT) return Math.max(1, Math.min(Number(value.value), 1_000_000));
    if (value.kind === Kind.VARIABLE) return variableDefaults.get(value.name.value) ?? MAX_PAGE_SIZE;
    return MAX_PAGE_SIZE;
  };

  const cost = (set: SelectionSetNode, type: GraphQLNamedType): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (total > LIMITS.maxCost * 1000) return total; // far over: stop estimating
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue; // __typename, introspection
        if (!isObjectType(type) && !isInterfaceType(type)) continue;
        const field = type.getFields()[name];
        if (!field) continue; // reported by the standard rules
        let factor = 1;
        const first = selection.arguments?.find((a) => a.name.value === 'first');
        const firstArg = field.args.find((a) => a.name === 'first');
        if (first) factor = pageLength(first.value);
        else if (firstArg)
          factor = typeof firstArg.defaultValue === 'number' ? firstArg.defaultValue : MAX_PAGE_SIZE;
        else if (isListType(getNullableType(field.type)) && !type.name.endsWith('Connection'))
          factor = KNOWN_FAN_OUT[`${type.name}.${name}`] ?? LIMITS.listFanOut;
        const child = selection.selectionSet ? cost(selection.selectionSet, getNamedType(field.type)) : 0;
        total += factor * (1 + child);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition
          ? context.getSchema().getType(selection.typeCondition.name.value)
          : type;
        if (condition) total += cost(selection.selectionSet, condition);
      } else {
        const name = selection.name.value;
        if (visiting.has(name)) continue; // a cycle: NoFragmentCycles reports it
        let fragmentCost = memo.get(name);
        if (fragmentCost === undefined) {
          const fragment = context.getFragment(name);
          const condition = fragment && context.getSchema().getType(fragment.typeCondition.name.value);
          visiting.add(name);
          fragmentCost = fragment && condition ? cost(fragment.selectionSet, condition) : 0;
          visiting.delete(name);
          memo.set(name, fragmentCost);
        }
        total += fragmentCost;
      }
    }
    return total;
  };

  const operation = context
    .getDocument()
    .definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && d.selectionSet === selectionSet);
  if (operation?.kind === Kind.OPERATION_DEFINITION) {
    for (const v of operation.variableDefinitions ?? []) {
      if (v.defaultValue?.kind === Kind.INT)
        variableDefaults.set(v.variable.name.value, Number(v.defaultValue.value));
    }
  }
  return cost(selectionSet, parent);
}

/** Validation rule: refuses an operation whose {@link estimateCost} passes {@link LIMITS.maxCost}. */
export const costLimitRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(node) {
    const schema = context.getSchema();
    const root =
      node.operation === 'query'
        ? schema.getQueryType()
        : node.operation === 'mutation'
          ? schema.getMutationType()
          : schema.getSubscriptionType();
    if (!root) return;
    const estimate = estimateCost(context, node.selectionSet, root);
    if (estimate > LIMITS.maxCost) {
      context.reportError(
        new QueryTooComplexError(
          `查询过于复杂：估算代价 ${Math.round(estimate).toLocaleString('en-US')} 超过上限 ${LIMITS.maxCost.toLocaleString('en-US')}，请减少嵌套的列表、别名或每页条数`,
          { limit: 'cost', max: LIMITS.maxCost },
        ),
      );
    }
  },
});

/** graphql-armor's refusals, re-raised as QUERY_TOO_COMPLEX with a message a person can act on. */
function refuse(limit: string, label: string) {
  return [
    (context: ValidationContext | null, error: GraphQLError) => {
      const found = /found (\d+)/.exec(error.message)?.[1];
      context?.reportError(
        new QueryTooComplexError(`查询过于复杂：${label}超过上限${found ? `（${found}）` : ''}`, { limit }),
      );
    },
  ];
}

/**
 * Validation rules and plugins of the limits: graphql-armor's depth, alias and directive limits
 * (and, in production, its masking of "Did you mean …?" suggestions, which would give back the
 * schema that disabled introspection hides), plus our own cost estimate (armor's cost limit counts
 * only `first` arguments, not the fan-out of plain list fields). Tokens are limited by the parser
 * (`parseOptions.maxTokens`) and the document size by the HTTP layer (http/limits.ts).
 */
export function requestLimits(production: boolean) {
  const armor = new ApolloArmor({
    costLimit: { enabled: false },
    maxTokens: { enabled: false }, // graphql-js's own parser limit, see apolloOptions
    maxDepth: {
      n: LIMITS.maxDepth,
      propagateOnRejection: false,
      onReject: refuse('depth', `嵌套层数（最多 ${LIMITS.maxDepth} 层）`),
    },
    maxAliases: {
      n: LIMITS.maxAliases,
      propagateOnRejection: false,
      onReject: refuse('aliases', `别名数量（最多 ${LIMITS.maxAliases} 个）`),
    },
    maxDirectives: {
      n: LIMITS.maxDirectives,
      propagateOnRejection: false,
      onReject: refuse('directives', `指令数量（最多 ${LIMITS.maxDirectives} 个）`),
    },
    blockFieldSuggestion: { enabled: production, mask: '' },
  }).protect();
  return {
    validationRules: [...armor.validationRules, costLimitRule],
    plugins: armor.plugins,
    parseOptions: { maxTokens: LIMITS.maxTokens },
  };
}
