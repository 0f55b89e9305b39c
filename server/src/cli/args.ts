/**
 * A command's arguments as its script receives them. `pnpm run create-admin -- --username x` (the
 * form README documents) hands the script a leading `--`, which node:util parseArgs reads as "end
 * of options" and would then refuse `--username` as a stray positional.
 */
export function cliArguments(argv: readonly string[]): string[] {
  return argv[0] === '--' ? argv.slice(1) : [...argv];
}
