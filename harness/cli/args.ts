import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../util/suggest.ts';

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with errors that name the flag and suggest the closest one. */
export function parse(argv: string[], options: Options, allowPositionals = false): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals, strict: true });
    return { values: values as Record<string, unknown>, positionals };
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
    if (unknown) {
      const flag = unknown[1]!.replace(/^-+/, '');
      const hint = didYouMean(flag, Object.keys(options));
      throw new UsageError(`unknown option ${unknown[1]}${hint ? ` (did you mean --${hint}?)` : ''}`);
    }
    throw new UsageError(message);
  }
}
