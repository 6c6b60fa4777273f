/**
 * The trainer of a check or sweep: `--trainer`, else the tier's `trainer:` (the pack's _tiers.yaml),
 * else staircase's own (null). A trainer that cannot be found is a usage error (one line, exit 2).
 */
import { claimTier } from '../claims/load-claims.ts';
import type { Claim } from '../claims/claim-types.ts';
import { resolveTrainerForCli, type TrainerChoice } from '../trainers/choice.ts';
import { UsageError } from './args.ts';

export async function resolveTierTrainer(flag: string | undefined, claims: readonly Claim[], tier: string): Promise<TrainerChoice | null> {
  const withTier = claims.find((c) => c.tiers[tier]);
  const spec = flag ?? (withTier ? claimTier(withTier, tier).trainer : undefined);
  return resolveTrainerForCli(spec, (message) => new UsageError(message));
}
