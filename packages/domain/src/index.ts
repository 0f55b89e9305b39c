/**
 * @skills/domain: the pure domain rules of the platform, shared by the server and the client.
 * No runtime dependency, no Node or browser API.
 * @packageDocumentation
 */
export * from './numbers';
export * from './target-text';
export * from './names';
export * from './headers';
export * from './rules';
export * from './report';
export * from './reporting';
export * from './monitoring';
export * from './institution';
