/**
 * Arm files in `staircase validate`: a YAML file with no claim field (id, version, statement,
 * source, arms, tiers, expect) and not a pack include (_*.yaml) is an arm file (fields of
 * harness/train/defaults.ts, e.g. specs/arms/*.yaml), checked as `staircase train --arm` reads it.
 */
import path from 'node:path';
import type { ArmConfig } from '../train/defaults.ts';
import { loadArmFile, readYamlFile } from '../train/config.ts';
import { ValidationError } from '../util/schema.ts';

const CLAIM_FIELDS = ['id', 'version', 'statement', 'source', 'arms', 'tiers', 'expect'];

/** Whether `file` is an arm file rather than a claim file (an unreadable file counts as a claim file, whose check says why). */
export function isArmFile(file: string): boolean {
  if (path.basename(file).startsWith('_')) return false;
  let data: unknown;
  try {
    data = readYamlFile(file);
  } catch {
    return false;
  }
  return data === null || data === undefined || (typeof data === 'object' && !Array.isArray(data) && !CLAIM_FIELDS.some((k) => k in data));
}

/** The arm resolved as `train --arm` would, or the problems. */
export function checkArmFile(file: string): { file: string; arm?: ArmConfig; error?: ValidationError } {
  try {
    return { file, arm: loadArmFile(file) };
  } catch (error) {
    if (error instanceof ValidationError) return { file, error };
    throw error;
  }
}

/** `standard L8 d96 h6 K6 curriculum k2`: what an arm trains. */
export const armText = (a: ArmConfig): string => `${a.task === 'd3' ? '' : `${a.task} `}${a.model} L${a.layers} d${a.dModel} h${a.heads} K${a.K} ${a.loss} ${a.weighting}, ${a.maxSteps} steps`;
