/**
 * `staircase plan`: the shards of a round as a GitHub Actions matrix.
 */
import { loadClaimPack } from '../claims/load-claims.ts';
import { roundKeys } from '../shards/round-plan.ts';
import { trainingCodeHash } from '../sweep/code-hash.ts';
import { UsageError } from './args.ts';
import { backendOption, claimsOption, fixedOption, tierOption } from './common-options.ts';
import { defineCommand, int, text, type Values } from './declare.ts';

const options = {
  shards: int('N', 'runners to split the round over', { required: 'N >= 1: the runners to split the round over', min: 1, example: '3' }),
  tier: tierOption(),
  claims: claimsOption(),
  from: text('DIR', 'plan the round after the rounds merged in DIR'),
  round: int('R', 'fail unless the planned round is R (a guard for workflows that unroll rounds)', { min: 1, example: '2' }),
  fixed: fixedOption('no sequential stopping (one round of maxSeeds per arm)'),
  backend: backendOption('; passed on in args'),
};

export const plan = defineCommand({
  name: 'plan',
  summary: "print a round's shards as a GitHub Actions matrix (JSON)",
  about: `Print the shards of one round of a claim pack's sweep as JSON for a GitHub Actions matrix
(\`strategy.matrix: \${{ fromJSON(needs.plan.outputs.matrix) }}\`), one entry per shard:

  {"include":[{"shard":"1/3","round":1,"tier":"full","jobs":22,"args":"--tier full --claims specs/claims --shard 1/3"}, ...]}

Each runner then runs \`npx staircase sweep \${{ matrix.args }} --out shard-\${{ strategy.job-index }}\`,
and one job merges: \`npx staircase merge shard-* --out merged\`.

Rounds (sequential stopping): without --from, round 1 (seeds 1..seeds of every arm; maxSeeds with
--fixed). With --from RESULTS_DIR (the merged results of rounds 1..r), round r+1: the seeds that
\`merge\` reported as needed. When nothing is needed the matrix is empty ({"include":[]}), so a
workflow can skip the round with \`if: fromJSON(needs.plan.outputs.matrix).include[0]\`. A round
with fewer jobs than N gets one shard per job. Human notes go to stderr; stdout is only the JSON.`,
  options,
  examples: ['npx staircase plan --shards 4 --tier full', 'npx staircase plan --shards 4 --tier full --from merged-1 --round 2'],
  run: planRun,
});

/** Quote an argument for a shell command line when it needs it. */
const shellArg = (a: string): string => (/^[\w./:=@-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`);

async function planRun(values: Values<typeof options>): Promise<number> {
  const { shards, tier, claims: claimsDir, backend, fixed, from } = values;
  const claims = loadClaimPack(claimsDir);
  const { planShardRound } = await import('../shards/run-shard.ts');
  const plan = planShardRound({ claims, tier, fixed, backend: { request: backend, device: 'any' }, ...(from !== undefined ? { from } : {}) });
  const want = values.round;
  if (want !== undefined && want !== plan.round) throw new UsageError(`--round ${want}: the planned round is ${plan.round} (${from ? `${from} holds ${plan.round - 1} round(s)` : 'round 1 needs no --from; later rounds need --from RESULTS_DIR'})`);
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
