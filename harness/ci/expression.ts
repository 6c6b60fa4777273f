/**
 * GitHub Actions expressions (`${{ ... }}`), the subset the workflows use, for running their
 * steps locally: context paths (`steps.hash.outputs.hash`, `labels.*.name`), string, number and
 * boolean literals, `!`, `==`, `!=`, `&&`, `||`, parentheses, and the functions `always`, `success`,
 * `failure`, `cancelled`, `contains`, `startsWith`, `format`, `fromJSON`, `toJSON`, `hashFiles`.
 * Semantics follow GitHub: `&&` / `||` return an operand, string comparison ignores case, and a
 * missing property is null. Anything else is an error, never a guess.
 */

export type Value = null | boolean | number | string | Value[] | { [k: string]: Value };

/** What expressions read: the contexts, the job status, and hashFiles. */
export interface ExpressionContext {
  contexts: Record<string, Value>;
  /** Status of the job so far, for success() / failure() / always(). */
  status: 'success' | 'failure';
  hashFiles: (patterns: string[]) => string;
}

type Token = { t: 'str' | 'num' | 'id' | 'op'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) i += 1;
    else if (c === "'") {
      let s = '';
      i += 1;
      for (;;) {
        if (i >= src.length) throw new Error(`unterminated string in expression: ${src}`);
        if (src[i] === "'" && src[i + 1] === "'") {
          s += "'";
          i += 2;
        } else if (src[i] === "'") break;
        else s += src[i++];
      }
      i += 1;
      out.push({ t: 'str', v: s });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
      out.push({ t: 'num', v: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else {
      const op = ['&&', '||', '==', '!=', '<=', '>='].find((o) => src.startsWith(o, i)) ?? c;
      if (!['&&', '||', '==', '!=', '!', '(', ')', ',', '.', '*', '[', ']'].includes(op)) throw new Error(`unsupported operator '${op}' in expression: ${src}`);
      out.push({ t: 'op', v: op });
      i += op.length;
    }
  }
  return out;
}

/** GitHub's truthiness: false, 0, '', null are false. */
export const truthy = (v: Value): boolean => !(v === false || v === null || v === 0 || v === '' || (typeof v === 'number' && Number.isNaN(v)));

function loose(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === 'object' || typeof b === 'object') return a === b;
  if (typeof a === typeof b) return a === b;
  const num = (v: Value): number => (v === null ? 0 : v === true ? 1 : v === false ? 0 : v === '' ? 0 : Number(v));
  return num(a) === num(b);
}

/** A value as text (for interpolation into strings). */
export function asText(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Evaluate one expression (without the `${{ }}`). */
export function evaluate(src: string, ctx: ExpressionContext): Value {
  const tokens = tokenize(src);
  let p = 0;
  const peek = (): Token | undefined => tokens[p];
  const take = (v?: string): Token => {
    const t = tokens[p];
    if (!t || (v !== undefined && t.v !== v)) throw new Error(`expected '${v ?? 'a token'}' at token ${p} of expression: ${src}`);
    p += 1;
    return t;
  };
  const call = (name: string, args: Value[]): Value => {
    switch (name.toLowerCase()) {
      case 'always':
        return true;
      case 'success':
        return ctx.status === 'success';
      case 'failure':
        return ctx.status === 'failure';
      case 'cancelled':
        return false;
      case 'contains': {
        const [hay, needle] = args;
        if (Array.isArray(hay)) return hay.some((x) => loose(x, needle ?? null));
        return asText(hay ?? null).toLowerCase().includes(asText(needle ?? null).toLowerCase());
      }
      case 'startswith':
        return asText(args[0] ?? null).toLowerCase().startsWith(asText(args[1] ?? null).toLowerCase());
      case 'format':
        return asText(args[0] ?? null).replace(/\{(\d+)\}/g, (_, k: string) => asText(args[Number(k) + 1] ?? null));
      case 'fromjson':
        return JSON.parse(asText(args[0] ?? null)) as Value;
      case 'tojson':
        return JSON.stringify(args[0] ?? null);
      case 'hashfiles':
        return ctx.hashFiles(args.map((a) => asText(a)));
      default:
        throw new Error(`unsupported function ${name}() in expression: ${src}`);
    }
  };
  const member = (base: Value, key: string): Value => {
    if (key === '*') return Array.isArray(base) ? base : base && typeof base === 'object' ? Object.values(base) : [];
    if (Array.isArray(base)) return base.map((x) => member(x, key));
    if (base && typeof base === 'object') return (base as Record<string, Value>)[key] ?? null;
    return null;
  };
  const primary = (): Value => {
    const t = take();
    if (t.t === 'str') return t.v;
    if (t.t === 'num') return Number(t.v);
    if (t.t === 'op' && t.v === '(') {
      const v = or();
      take(')');
      return v;
    }
    if (t.t === 'op' && t.v === '!') return !truthy(primary());
    if (t.t !== 'id') throw new Error(`unexpected '${t.v}' in expression: ${src}`);
    if (t.v === 'true' || t.v === 'false') return t.v === 'true';
    if (t.v === 'null') return null;
    if (peek()?.v === '(') {
      take('(');
      const args: Value[] = [];
      while (peek()?.v !== ')') {
        args.push(or());
        if (peek()?.v === ',') take(',');
      }
      take(')');
      return call(t.v, args);
    }
    let v: Value = ctx.contexts[t.v] ?? null;
    if (!(t.v in ctx.contexts)) throw new Error(`unknown context '${t.v}' in expression: ${src}`);
    while (peek()?.v === '.' || peek()?.v === '[') {
      if (take().v === '.') {
        const k = take();
        v = member(v, k.v);
      } else {
        const k = or();
        take(']');
        v = member(v, asText(k));
      }
    }
    return v;
  };
  const comparison = (): Value => {
    let v = primary();
    while (peek()?.v === '==' || peek()?.v === '!=') {
      const op = take().v;
      const r = primary();
      v = op === '==' ? loose(v, r) : !loose(v, r);
    }
    return v;
  };
  const and = (): Value => {
    let v = comparison();
    while (peek()?.v === '&&') {
      take();
      const r = comparison();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  const or = (): Value => {
    let v = and();
    while (peek()?.v === '||') {
      take();
      const r = and();
      v = truthy(v) ? v : r;
    }
    return v;
  };
  const value = or();
  if (p !== tokens.length) throw new Error(`unexpected '${tokens[p]!.v}' in expression: ${src}`);
  return value;
}

/**
 * Replace every `${{ expr }}` in a string. A string that is one whole expression keeps the
 * expression's value (an object stays an object, e.g. a matrix from fromJSON).
 */
export function interpolate(text: string, ctx: ExpressionContext): Value {
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(text.trim());
  if (whole && !whole[1]!.includes('}}')) return evaluate(whole[1]!, ctx);
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => asText(evaluate(expr, ctx)));
}

/** An `if:` condition: a bare expression (with or without `${{ }}`), or a boolean. */
export function condition(cond: string | boolean | undefined, ctx: ExpressionContext): boolean {
  if (cond === undefined) return ctx.status === 'success';
  if (typeof cond === 'boolean') return cond;
  const src = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(cond)?.[1] ?? cond;
  // Without a status function, GitHub adds success() &&.
  const usesStatus = /\b(always|success|failure|cancelled)\s*\(/.test(src);
  const v = truthy(evaluate(src, ctx));
  return usesStatus ? v : ctx.status === 'success' && v;
}
