/**
 * Every TypeORM entity of the server. A new module adds its entities here (README: "Adding a module").
 * Listed explicitly rather than globbed so the same list works compiled, under vitest and in the CLI.
 */
export const entities: Function[] = [];
