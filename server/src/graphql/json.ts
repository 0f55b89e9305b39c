/**
 * The JSON scalar (graphql-scalars), for values whose shape is the row they describe: the
 * before/after of an audit event. Typed fields are preferred everywhere else.
 */
export { GraphQLJSON } from 'graphql-scalars';
