/**
 * Each command declared once: its name, summary, what it does, its options (description, how the
 * value is read, default, example) and examples. The help text, the parseArgs table, the checks
 * of every value (one line naming the flag and the fix) and "did you mean" for an unknown flag or
 * value all come from the declaration.
 */
import { parse, UsageError } from './args.ts';
import { didYouMean } from '../util/suggest.ts';

/** One option: how help shows it and how its value is read. */
export interface Option<T> {
  /** The value's placeholder in help (`FILE`, `N`, `[DIR]`); none for a flag. */
  value?: string;
  /** What it does; help wraps it. */
  description: string;
  /** The default as help shows it (none: no default is printed). */
  defaultText?: string;
  multiple?: boolean;
  /** The value a bare `--flag` (last, or before another flag) stands for. */
  bare?: string;
  /** The help section it is listed under (default `Options`). */
  section?: string;
  /** Required: why, as `CMD needs --NAME VALUE (why)` says when it is missing. */
  required?: string;
  /** From what parseArgs read (undefined when absent) to the typed value; throws UsageError naming the flag. */
  read: (raw: unknown, flag: string) => T;
}

export type Options = Record<string, Option<unknown>>;
/** The typed values of a command's options. */
export type Values<O extends Options> = { [K in keyof O]: O[K] extends Option<infer T> ? T : never };

/** A command: what `staircase NAME --help` prints and what `staircase NAME` runs. */
export interface CommandSpec<O extends Options> {
  name: string;
  /** One line for `staircase --help`. */
  summary: string;
  /** The synopsis after `staircase NAME` (default: the required options, then `[options]`). */
  usage?: string;
  /** Positionals, as the synopsis shows them (none: positionals are refused). */
  positionals?: string;
  /** What the command does, in paragraphs. */
  about: string;
  options: O;
  examples: string[];
  /** The heading of the examples (default `Examples`). */
  examplesTitle?: string;
  run: (values: Values<O>, positionals: string[]) => Promise<number>;
}

/** What `staircase` keeps of each command: its summary and its entry point. */
export interface Command {
  name: string;
  summary: string;
  internal?: boolean;
  main: (argv: string[]) => Promise<number>;
}

const WIDTH = 100;

/** Words of `text` in lines of at most `width` characters (explicit newlines kept). */
function wrap(text: string, width: number): string[] {
  return text.split('\n').flatMap((paragraph) => {
    const lines: string[] = [];
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    return [...lines, line];
  });
}

const label = (name: string, o: Option<unknown>): string => `--${name}${o.value ? ` ${o.value}` : ''}`;

/** The help lines of options, descriptions in one column (a long label puts its text on the next line). */
export function optionLines(options: Options): string[] {
  const entries = Object.entries(options);
  const column = Math.min(22, Math.max(...entries.map(([n, o]) => label(n, o).length))) + 4;
  return entries.flatMap(([name, o]) => {
    const text = `${o.description}${o.required !== undefined ? ' (required)' : ''}${o.defaultText !== undefined ? ` (default ${o.defaultText})` : ''}`;
    const body = wrap(text, WIDTH - column);
    const head = `  ${label(name, o)}`;
    const first = head.length + 2 <= column ? [`${head.padEnd(column)}${body.shift()}`] : [head];
    return [...first, ...body.map((l) => `${' '.repeat(column)}${l}`)];
  });
}

function synopsis(spec: CommandSpec<Options>): string {
  if (spec.usage !== undefined) return spec.usage;
  const required = Object.entries(spec.options).filter(([, o]) => o.required !== undefined);
  return [spec.positionals, ...required.map(([n, o]) => label(n, o)), '[options]'].filter(Boolean).join(' ');
}

/** The help of a command, from its declaration. */
export function helpText(spec: CommandSpec<Options>): string {
  const usage = synopsis(spec)
    .split('\n')
    .map((l, i) => (i === 0 ? `staircase ${spec.name} ${l}` : l))
    .join('\n');
  const parts = [usage, spec.about];
  const sections = new Map<string, Options>();
  for (const [n, o] of Object.entries(spec.options)) sections.set(o.section ?? 'Options', { ...sections.get(o.section ?? 'Options'), [n]: o });
  for (const [title, options] of sections) parts.push([`${title}:`, ...optionLines(options)].join('\n'));
  parts.push([`${spec.examplesTitle ?? 'Examples'}:`, ...spec.examples.map((e) => `  ${e}`)].join('\n'));
  return parts.join('\n\n');
}

/** `--baseline` given bare (last, or before another flag) becomes `--baseline=DEFAULT`. */
export function withBareValues(argv: readonly string[], options: Options): string[] {
  return argv.map((arg, i) => {
    const o = arg.startsWith('--') ? options[arg.slice(2)] : undefined;
    return o?.bare !== undefined && (i + 1 >= argv.length || argv[i + 1]!.startsWith('-')) ? `${arg}=${o.bare}` : arg;
  });
}

/** Read argv against the declaration: typed values, or a UsageError naming the flag and the fix. */
export function readOptions<O extends Options>(argv: readonly string[], options: O, allowPositionals: boolean): { values: Values<O>; positionals: string[]; help: boolean } {
  const table = Object.fromEntries(Object.entries(options).map(([n, o]) => [n, { type: o.value ? 'string' : 'boolean', ...(o.multiple ? { multiple: true } : {}) }])) as Parameters<typeof parse>[1];
  const { values: raw, positionals } = parse(withBareValues(argv, options), { ...table, help: { type: 'boolean', short: 'h' } }, allowPositionals);
  if (raw.help) return { values: {} as Values<O>, positionals, help: true };
  const values = Object.fromEntries(Object.entries(options).map(([n, o]) => [n, o.read(raw[n], n)])) as Values<O>;
  return { values, positionals, help: false };
}

/** The command `staircase` runs: --help prints the generated help, anything else is read, checked and run. */
export function defineCommand<O extends Options>(spec: CommandSpec<O>): Command & { spec: CommandSpec<O>; help: string } {
  const all = spec.options;
  const help = helpText(spec as unknown as CommandSpec<Options>);
  return {
    name: spec.name,
    summary: spec.summary,
    spec,
    help,
    main: async (argv) => {
      const { values, positionals, help: wantsHelp } = readOptions(argv, all, spec.positionals !== undefined);
      if (wantsHelp) {
        console.log(help);
        return 0;
      }
      for (const [n, o] of Object.entries(all)) {
        if (o.required !== undefined && values[n] === undefined) throw new UsageError(`${spec.name} needs ${label(n, o)} (${o.required})`);
      }
      return spec.run(values, positionals);
    },
  };
}

/** The same options, listed in help under `title`. */
export const inSection = <O extends Options>(title: string, options: O): O => Object.fromEntries(Object.entries(options).map(([n, o]) => [n, { ...o, section: title }])) as O;

// ---- option kinds --------------------------------------------------------------------------

interface Common {
  /** How help shows the default, when it is not the default value itself. */
  defaultText?: string;
}

/** A switch: true when given. */
export const flag = (description: string): Option<boolean> => ({ description, read: (raw) => raw === true });

/** A string; with `required`, a missing one is `CMD needs --NAME VALUE (required)`. */
export function text(value: string, description: string): Option<string | undefined>;
export function text(value: string, description: string, o: Common & { default: string }): Option<string>;
export function text(value: string, description: string, o: Common & { required: string }): Option<string>;
export function text(value: string, description: string, o: Common & { bare?: string }): Option<string | undefined>;
export function text(value: string, description: string, o: Common & { default?: string; required?: string; bare?: string } = {}): Option<string | undefined> {
  const extra = { ...(o.bare !== undefined ? { bare: o.bare } : {}), ...(o.required !== undefined ? { required: o.required } : {}) };
  return { value, description, ...shownDefault(o, o.default), ...extra, read: (raw) => (raw === undefined ? o.default : String(raw)) };
}

/** A repeatable string (`--set a=1 --set b=2`). */
export const list = (value: string, description: string): Option<string[]> => ({ value, description, multiple: true, read: (raw) => (raw as string[] | undefined) ?? [] });

/** A comma-separated list whose items must be among `names` (when given). */
export function items<N extends string>(value: string, description: string, o: Common & { default: string; names?: readonly N[] }): Option<N[]> {
  return {
    value,
    description,
    ...shownDefault(o, o.default),
    read: (raw, flag) => {
      const got = String(raw ?? o.default).split(',').map((s) => s.trim()).filter(Boolean);
      if (o.names) for (const g of got) if (!(o.names as readonly string[]).includes(g)) throw new UsageError(`--${flag}: unknown value '${g}'${hint(g, o.names)} (${o.names.join(', ')})`);
      return got as N[];
    },
  };
}

/** One of `names`: `--backend must be one of auto, wasm, ..., got 'wsam' (did you mean 'wasm'?)`. */
export function choice<N extends string>(value: string, names: readonly N[], description: string, o: Common & { default: N }): Option<N> {
  return {
    value,
    description,
    ...shownDefault(o, o.default),
    read: (raw, flag) => {
      if (raw === undefined) return o.default;
      if (!(names as readonly string[]).includes(String(raw))) throw new UsageError(`--${flag} must be one of ${names.join(', ')}, got '${String(raw)}'${hint(String(raw), names)}`);
      return raw as N;
    },
  };
}

/** A whole number, at least `min` (default 0): `--jobs must be a whole number, at least 0, got 'x' (e.g. --jobs 2)`. */
export function int(value: string, description: string, o: Common & { default: number; min?: number; unit?: string; example?: string }): Option<number>;
export function int(value: string, description: string, o: Common & { required: string; min?: number; unit?: string; example?: string }): Option<number>;
export function int(value: string, description: string, o?: Common & { min?: number; unit?: string; example?: string }): Option<number | undefined>;
export function int(value: string, description: string, o: Common & { default?: number; required?: string; min?: number; unit?: string; example?: string } = {}): Option<number | undefined> {
  const min = o.min ?? 0;
  return {
    value,
    description,
    ...shownDefault(o, o.default),
    ...(o.required !== undefined ? { required: o.required } : {}),
    read: (raw, flag) => {
      if (raw === undefined) return o.default;
      const n = Number(raw);
      if (String(raw).trim() === '' || !Number.isSafeInteger(n) || n < min) throw new UsageError(`--${flag} must be a whole number${o.unit ? ` of ${o.unit}` : ''}, at least ${min}, got '${String(raw)}'${o.example ? ` (e.g. --${flag} ${o.example})` : ''}`);
      return n;
    },
  };
}

/** A number in an interval: `--threshold must be a probability between 0 and 1, got '2' (e.g. --threshold 0.5)`. */
export function number(value: string, description: string, o: Common & { default?: number; check: (x: number) => boolean; must: string; example?: string }): Option<number | undefined> {
  return { value, description, ...shownDefault(o, o.default), read: (raw, flag) => (raw === undefined ? o.default : readNumber(raw, flag, o)) };
}

/** `raw` as a number that passes `check`, or the UsageError that names the flag and the fix. */
export function readNumber(raw: unknown, flag: string, o: { check: (x: number) => boolean; must: string; example?: string }): number {
  const x = typeof raw === 'number' ? raw : raw === '' ? NaN : Number(raw);
  if (!Number.isFinite(x) || !o.check(x)) throw new UsageError(`--${flag} must be ${o.must}, got '${String(raw)}'${o.example ? ` (e.g. --${flag} ${o.example})` : ''}`);
  return x;
}

/** A number in [lo, hi) or (lo, hi): `--min-effect must be a number in [0, 1), got '5'`. */
export function fraction(value: string, description: string, o: Common & { default: number; openLow: boolean }): Option<number> {
  const must = `a number in ${o.openLow ? '(' : '['}0, 1)`;
  const check = (x: number) => (o.openLow ? x > 0 : x >= 0) && x < 1;
  return { value, description, ...shownDefault(o, o.default), read: (raw, flag) => (raw === undefined ? o.default : readNumber(raw, flag, { check, must })) };
}

function shownDefault(o: Common, value: unknown): { defaultText?: string } {
  if (o.defaultText !== undefined) return { defaultText: o.defaultText };
  return value === undefined ? {} : { defaultText: String(value) };
}

function hint(got: string, names: readonly string[]): string {
  const h = didYouMean(got, names);
  return h ? ` (did you mean '${h}'?)` : '';
}
