/**
 * Cross-framework agreement: does a finding depend on the trainer? Two results folders of the same
 * claim pack and tier, trained by two trainers (e.g. staircase's tfjs and trainers/torch), compared
 * arm by arm, outcome by outcome, with the exact test the baselines use (harness/baselines/
 * compare-rate.ts): Fisher's exact test on the 2x2 table, here two-sided (no side is "worse"), with
 * the Newcombe interval of the difference of rates. Outcomes count among the seeds they count among
 * in claims (seed-summary.ts rateCounts: training outcomes over every seed, mechanism outcomes over
 * the seeds that learned). Then the claims' verdicts side by side.
 *
 * The p-values are per comparison (no correction for their number); `holm` adds Holm's
 * step-down adjustment over the table, which keeps the family-wise error <= alpha.
 */
import { newcombeInterval } from '../stats/newcombe.ts';
import { fisherExact } from '../stats/fisher.ts';
import { rateCounts, verdictLabel, type SeedOutcome, type SeedSummary } from '../claims/seed-summary.ts';
import type { ReportInput } from '../report/read-results.ts';

/** The outcomes compared per arm: what training did, then what the probe found among the seeds that learned. */
export const AGREEMENT_OUTCOMES: readonly SeedOutcome[] = ['converged', 'sequential', 'partial', 'memorised', 'staircase'];

export interface RateRow {
  arm: string;
  outcome: SeedOutcome;
  a: { x: number; n: number };
  b: { x: number; n: number };
  /** Rate in A minus rate in B (null when a side has no seeds to count). */
  difference: number | null;
  /** Newcombe interval of the difference at `confidence` (null when a side is empty). */
  interval: { lower: number; upper: number } | null;
  /** Fisher's exact two-sided p (null when a side is empty). */
  p: number | null;
  /** Holm-adjusted p over every row with a p. */
  holm: number | null;
  /** `differ`: Holm-adjusted p < alpha; `agree`: not shown to differ; `incomparable`: a side has no seeds. */
  status: 'agree' | 'differ' | 'incomparable';
}

export interface ClaimRow {
  id: string;
  a: string;
  b: string;
}

/**
 * Seed by seed, where both folders hold a seed: with staircase-torch both trainers draw the same
 * initial weights, batches and evaluation problems from a seed's streams, so a seed is a pair;
 * float rounding still parts long runs, so pairs may differ where rates agree.
 */
export interface Paired {
  /** (arm, seed) pairs in both folders. */
  n: number;
  sameOutcome: number;
  sameVerdict: number;
  /** Pairs whose outcome or verdict differ: `arm seed N: A outcome/verdict vs B outcome/verdict`. */
  differing: string[];
}

export interface Agreement {
  a: { dir: string; trainer: string; seeds: number };
  b: { dir: string; trainer: string; seeds: number };
  tier: string;
  /** Only the (arm, seed) pairs both folders hold were compared. */
  sameSeeds: boolean;
  alpha: number;
  confidence: number;
  rates: RateRow[];
  paired: Paired;
  claims: ClaimRow[];
}

/** The trainer of a folder's seeds: `tfjs` for staircase's own, the external trainer's name, or a list when mixed. */
export function trainerOf(seeds: readonly SeedSummary[]): string {
  const names = [...new Set(seeds.map((s) => s.trainer ?? 'tfjs'))].sort();
  return names.length ? names.join('+') : 'none';
}

/** Holm's step-down adjustment (monotone, capped at 1), in the input's order. */
export function holmAdjust(ps: readonly number[]): number[] {
  const order = ps.map((p, i) => ({ p, i })).sort((u, v) => u.p - v.p);
  const out = new Array<number>(ps.length);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (ps.length - rank) * p));
    out[i] = running;
  });
  return out;
}

/**
 * @param opts.sameSeeds keep only the (arm, seed) pairs both folders hold: the same seeds under both
 *   trainers (a folder with more seeds of an arm, e.g. a whole nightly run, compared on a subset)
 */
export function compareTrainers(A: ReportInput, B: ReportInput, opts: { alpha?: number; confidence?: number; sameSeeds?: boolean } = {}): Agreement {
  const alpha = opts.alpha ?? 0.05;
  const confidence = opts.confidence ?? 0.95;
  if (A.results.tier !== B.results.tier) throw new Error(`${A.dir} is tier ${A.results.tier}, ${B.dir} is tier ${B.results.tier}: compare one tier`);
  const id = (s: SeedSummary): string => `${s.arm}#${s.seed}`;
  const both = new Set(A.seeds.map((s) => id(s.summary)).filter((k) => B.seeds.some((t) => id(t.summary) === k)));
  const keep = (s: SeedSummary): boolean => !opts.sameSeeds || both.has(id(s));
  const seedsA = A.seeds.map((s) => s.summary).filter(keep);
  const seedsB = B.seeds.map((s) => s.summary).filter(keep);
  const arms = [...new Set([...seedsA, ...seedsB].map((s) => s.arm))].sort();
  const rates: RateRow[] = [];
  for (const arm of arms) {
    const inA = seedsA.filter((s) => s.arm === arm);
    const inB = seedsB.filter((s) => s.arm === arm);
    for (const outcome of AGREEMENT_OUTCOMES) {
      const ca = rateCounts(inA, outcome);
      const cb = rateCounts(inB, outcome);
      const a = { x: ca.x, n: ca.n };
      const b = { x: cb.x, n: cb.n };
      const empty = a.n === 0 || b.n === 0;
      const ci = empty ? null : newcombeInterval(a.x, a.n, b.x, b.n, confidence);
      rates.push({
        arm,
        outcome,
        a,
        b,
        difference: empty ? null : a.x / a.n - b.x / b.n,
        interval: ci ? { lower: ci.lower, upper: ci.upper } : null,
        p: empty ? null : fisherExact(a.x, a.n - a.x, b.x, b.n - b.x).pTwoSided,
        holm: null,
        status: empty ? 'incomparable' : 'agree',
      });
    }
  }
  const tested = rates.filter((r) => r.p !== null);
  holmAdjust(tested.map((r) => r.p!)).forEach((h, i) => {
    tested[i]!.holm = h;
    tested[i]!.status = h < alpha ? 'differ' : 'agree';
  });
  const bySeed = new Map(seedsB.map((s) => [id(s), s]));
  const pairs = seedsA.flatMap((s) => (bySeed.has(id(s)) ? [[s, bySeed.get(id(s))!] as const] : []));
  const paired: Paired = {
    n: pairs.length,
    sameOutcome: pairs.filter(([x, y]) => x.outcome === y.outcome).length,
    sameVerdict: pairs.filter(([x, y]) => x.verdict === y.verdict).length,
    differing: pairs
      .filter(([x, y]) => x.outcome !== y.outcome || x.verdict !== y.verdict)
      .map(([x, y]) => `${x.arm} seed ${x.seed}: ${x.outcome}/${verdictLabel(x.verdict)} vs ${y.outcome}/${verdictLabel(y.verdict)}`),
  };
  // The claims' verdicts are each folder's own (on all its seeds, even with sameSeeds).
  const statusOf = (input: ReportInput, claimId: string): string => input.results.claims.find((c) => c.id === claimId)?.status ?? '—';
  const ids = [...new Set([...A.results.claims, ...B.results.claims].map((c) => c.id))].sort();
  return {
    a: { dir: A.dir, trainer: trainerOf(seedsA), seeds: seedsA.length },
    b: { dir: B.dir, trainer: trainerOf(seedsB), seeds: seedsB.length },
    tier: A.results.tier,
    sameSeeds: Boolean(opts.sameSeeds),
    alpha,
    confidence,
    rates,
    paired,
    claims: ids.map((claimId) => ({ id: claimId, a: statusOf(A, claimId), b: statusOf(B, claimId) })),
  };
}

const pct = (x: number, n: number): string => (n ? `${x}/${n} = ${(x / n).toFixed(2)}` : '0/0');
const pText = (p: number | null): string => (p === null ? '—' : p < 0.001 ? p.toExponential(1) : p.toFixed(3));

/** The agreement as a Markdown report (tables a reader can paste into docs). */
export function renderAgreement(g: Agreement): string {
  const lines = [
    `# Trainer agreement, tier ${g.tier}: ${g.a.trainer} (A, ${g.a.seeds} seeds) vs ${g.b.trainer} (B, ${g.b.seeds} seeds)`,
    '',
    `A: \`${g.a.dir}\`; B: \`${g.b.dir}\`. Per arm and outcome: the rate under each trainer (training outcomes over every seed,`,
    `mechanism outcomes over the seeds that learned), the difference A - B with its ${Math.round(g.confidence * 100)}% Newcombe interval, Fisher's`,
    `exact two-sided p, and Holm's adjustment over the table; \`differ\` when the adjusted p < ${g.alpha}. "agree" means no`,
    'difference was shown: with few seeds, a wide interval says how large a difference could still hide.',
    '',
    '| arm | outcome | A | B | A - B | interval | p | Holm p | status |',
    '|---|---|---|---|---|---|---|---|---|',
    ...g.rates.map(
      (r) =>
        `| ${r.arm} | ${r.outcome} | ${pct(r.a.x, r.a.n)} | ${pct(r.b.x, r.b.n)} | ${r.difference === null ? '—' : r.difference.toFixed(2)} | ${r.interval ? `[${r.interval.lower.toFixed(2)}, ${r.interval.upper.toFixed(2)}]` : '—'} | ${pText(r.p)} | ${pText(r.holm)} | ${r.status} |`,
    ),
    '',
    `Seed by seed (${g.paired.n} seeds in both folders): the same training outcome in ${g.paired.sameOutcome}, the same probe verdict in ${g.paired.sameVerdict}${g.paired.differing.length ? `; differing: ${g.paired.differing.join('; ')}` : ''}.`,
    '',
    ...(g.sameSeeds ? ['Rates on the seeds both folders hold (--same-seeds); the claims below are each folder\'s verdicts on all of its seeds.', ''] : []),
    '| claim | A | B |',
    '|---|---|---|',
    ...g.claims.map((c) => `| ${c.id} | ${c.a} | ${c.b} |`),
  ];
  const differ = g.rates.filter((r) => r.status === 'differ');
  lines.push('', differ.length ? `${differ.length} of ${g.rates.filter((r) => r.p !== null).length} rates differ: ${differ.map((r) => `${r.arm} ${r.outcome}`).join(', ')}.` : `No rate differs between the trainers (${g.rates.filter((r) => r.p !== null).length} compared; smallest p ${pText(Math.min(...g.rates.filter((r) => r.p !== null).map((r) => r.p!)))}).`);
  return `${lines.join('\n')}\n`;
}
