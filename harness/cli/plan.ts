/**
 * `staircase plan`: the shards of a round as a GitHub Actions matrix.
 */
import { BACKEND_NAMES, type BackendRequest } from '../backend/select.ts';
import { loadClaimPack } from '../claims/load-claims.ts';
import { roundKeys } from '../shards/round-plan.ts';
import { planShardRound } from '../shards/run-shard.ts';
import { trainingCodeHash } from '../sweep/code-hash.ts';
import { intOption, parse, UsageError } from './args.ts';

export const PLAN_HELP = `staircase plan --shards N [--tier T] [--claims DIR] [--from RESULTS_DIR] [--round R] [--fixed] [--backend B]

Print the shards of one round of a claim pack's sweep as JSON for a GitHub Actions matrix
(\`strategy.matrix: \${{ fromJSON(needs.plan.outputs.matrix) }}\`), one entry per shard:

  {"include":[{"shard":"1/3","round":1,"tier":"full","jobs":22,"args":"--tier full --claims specs/claims --shard 1/3"}, ...]}

Each runner then runs \`npx staircase sweep \${{ matrix.args }} --out shard-\${{ strategy.job-index }}\`,
and one job merges: \`npx staircase merge shard-* --out merged\`.

Rounds (sequential stopping): without --from, round 1 (seeds 1..seeds of every arm; maxSeeds with
--fixed). With --from RESULTS_DIR (the merged results of rounds 1..r), round r+1: the seeds that
\`merge\` reported as needed. When nothing is needed the matrix is empty ({"include":[]}), so a
workflow can skip the round with \`if: fromJSON(needs.plan.outputs.matrix).include[0]\`. A round
with fewer jobs than N gets one shard per job. Human notes go to stderr; stdout is only the JSON.

Options:
  --shards N     runners to split the round over (required)
  --tier T       smoke (default) or full
  --claims DIR   claim pack (default specs/claims)
  --from DIR     plan the round after the rounds merged in DIR
  --round R      fail unless the planned round is R (a guard for workflows that unroll rounds)
  --fixed        no sequential stopping (one round of maxSeeds per arm)
  --backend B    ${BACKEND_NAMES.join(' | ')} (default auto); passed on in args

Examples:
  npx staircase plan --shards 4 --tier full
  npx staircase plan --shards 4 --tier full --from merged-1 --round 2`;

/** Quote an argument for a shell command line when it needs it. */
const shellArg = (a: string): string => (/^[\w./:=@-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`);

export async function planCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    shards: { type: 'string' },
    tier: { type: 'string' },
    claims: { type: 'string' },
    from: { type: 'string' },
    round: { type: 'string' },
    fixed: { type: 'boolean' },
    backend: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(PLAN_HELP);
    return 0;
  }
  const shards = intOption(values, 'shards', 0);
  if (shards < 1) throw new UsageError('plan needs --shards N (N >= 1: the runners to split the round over)');
  const tier = String(values.tier ?? 'smoke');
  const claimsDir = String(values.claims ?? 'specs/claims');
  const backend = String(values.backend ?? 'auto') as BackendRequest;
  if (!(BACKEND_NAMES as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${BACKEND_NAMES.join(', ')}, got '${backend}'`);
  const fixed = Boolean(values.fixed);
  const from = values.from as string | undefined;
  const claims = loadClaimPack(claimsDir);
  const plan = planShardRound({ claims, tier, fixed, backend: { request: backend, device: 'any' }, ...(from !== undefined ? { from } : {}) });
  if (values.round !== undefined) {
    const want = intOption(values, 'round', 0);
    if (want !== plan.round) throw new UsageError(`--round ${want}: the planned round is ${plan.round} (${from ? `${from} holds ${plan.round - 1} round(s)` : 'round 1 needs no --from; later rounds need --from RESULTS_DIR'})`);
  }
  const jobs = roundKeys(plan.jobs, trainingCodeHash()).length;
  const count = Math.min(shards, jobs);
  const base = ['--tier', tier, '--claims', claimsDir, ...(from !== undefined ? ['--from', from] : []), ...(fixed ? ['--fixed'] : []), ...(backend !== 'auto' ? ['--backend', backend] : [])];
  const include = Array.from({ length: count }, (_, i) => {
    const shard = `${i + 1}/${count}`;
    // Shard sizes: keys are dealt round-robin, so shard i gets ceil((jobs - i) / count).
    return { shard, round: plan.round, tier, jobs: Math.ceil((jobs - i) / count), args: [...base, '--shard', shard].map(shellArg).join(' ') };
  });
  console.log(JSON.stringify({ include }));
  if (jobs === 0) console.error(`plan: round ${plan.round} has nothing to run: every claim is decided or its arms are at maxSeeds`);
  else {
    const arms = plan.seeds.map((a) => `${a.arm.name} ${a.seeds[0]}..${a.seeds[a.seeds.length - 1]}`).join(', ');
    console.error(`plan: round ${plan.round}, ${jobs} jobs over ${count} shard(s)${count < shards ? ` (fewer jobs than the ${shards} asked for)` : ''}: ${arms}`);
  }
  return 0;
}
