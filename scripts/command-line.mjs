// The command line of a script, read with node:util's parseArgs: `--help` (-h) prints the
// usage and exits 0; an unknown option, a missing value or what `interpret` rejects prints
// what is wrong and the usage, and exits 2.
import { parseArgs } from 'node:util';

/**
 * Parses `args` (default: this process's) against `options` (parseArgs' format; `help` is
 * added) and returns `interpret({ values, positionals })`, which may check and convert the
 * values and throw an Error saying what was expected.
 */
export function readCommandLine({ usage, options = {}, allowPositionals = false, interpret = (parsed) => parsed, args = process.argv.slice(2) }) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h', default: false } }, allowPositionals, strict: true });
  } catch (error) {
    exitWithUsage(error, usage);
  }
  if (parsed.values.help) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return interpret(parsed);
  } catch (error) {
    exitWithUsage(error, usage);
  }
}

function exitWithUsage(error, usage) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}
