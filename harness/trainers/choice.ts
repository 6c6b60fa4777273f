/**
 * Which program trains a sweep's seeds: staircase's own (tfjs, no choice object) or an external
 * trainer (docs/trainers.md). `--trainer torch` is the PyTorch trainer shipped in trainers/torch/;
 * anything else is a command, split at spaces.
 *
 * The cache key of an external trainer's seed includes `identity`: a hash of the trainer's name,
 * its arguments that are not files, and the contents of those that are (the script, recursively
 * for a folder, without its *.md; trainers/torch/ for `torch`), so editing the training code
 * retrains, and a Python interpreter's path (machine-specific) or a README does not.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { findTorchPython } from '../bench/torch-twin.ts';
import { PACKAGE_ROOT } from '../util/provenance.ts';
import { trainerLabel } from './external.ts';

export interface TrainerChoice {
  /** `torch`, or the command's label (its script's file name). */
  name: string;
  /** argv, run with the request file appended (harness/trainers/external.ts). */
  command: string[];
  /** sha256 (hex) of the name, the non-file arguments and the files' contents: part of the cache key. */
  identity: string;
}

/**
 * The command of one run: `torch` takes the device a job asks for (gpu -> `--device cuda`, cpu ->
 * `--device cpu`, any -> its own default); any other trainer's command is as written.
 */
export function trainerCommand(trainer: TrainerChoice, device: 'any' | 'cpu' | 'gpu'): string[] {
  if (trainer.name !== 'torch' || device === 'any') return trainer.command;
  return [...trainer.command, '--device', device === 'gpu' ? 'cuda' : 'cpu'];
}

/** A `--trainer` that cannot be resolved, as the CLI's one-line usage error. */
export async function resolveTrainerForCli(spec: string | undefined, usage: (message: string) => Error): Promise<TrainerChoice | null> {
  try {
    return await resolveTrainer(spec);
  } catch (error) {
    if (error instanceof TrainerChoiceError) throw usage(error.message);
    throw error;
  }
}

/** The names `--trainer` knows besides a command: `tfjs` is staircase's own trainer. */
export const NAMED_TRAINERS = ['tfjs', 'torch'] as const;

/** The PyTorch trainer's folder (its code hash is the whole folder). */
export const TORCH_TRAINER_DIR = path.join(PACKAGE_ROOT, 'trainers', 'torch');

/** One line, exit 2: no Python with torch, or an empty command. */
export class TrainerChoiceError extends Error {}

function hashTree(hash: ReturnType<typeof createHash>, abs: string, rel: string): void {
  if (statSync(abs).isDirectory()) {
    for (const e of readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      // Bytecode, hidden files and a folder's documentation do not train anything.
      if (e.name === '__pycache__' || e.name.endsWith('.pyc') || e.name.startsWith('.') || e.name.endsWith('.md')) continue;
      hashTree(hash, path.join(abs, e.name), path.posix.join(rel, e.name));
    }
    return;
  }
  const content = readFileSync(abs);
  hash.update(`${rel}\0${content.length}\0`).update(content).update('\0');
}

/** The identity of a trainer: its name, its non-file arguments, and the contents of its file arguments. */
export function trainerIdentity(name: string, args: readonly string[], cwd = process.cwd()): string {
  const hash = createHash('sha256').update(`trainer\0${name}\0`);
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    if (existsSync(abs)) hashTree(hash, abs, path.basename(abs));
    else hash.update(`arg\0${arg}\0`);
  }
  return hash.digest('hex');
}

/**
 * Resolve `--trainer` (or a tier's `trainer:`): undefined or `tfjs` -> null (staircase's own);
 * `torch` -> trainers/torch/train.py under the first Python that imports torch ($STAIRCASE_PYTHON,
 * python3, /usr/bin/python3); anything else -> that command (a `python3` or `python` program is
 * $STAIRCASE_PYTHON when that is set).
 */
export async function resolveTrainer(spec: string | undefined): Promise<TrainerChoice | null> {
  const text = spec?.trim();
  if (!text || text === 'tfjs') return null;
  if (text === 'torch') {
    const found = await findTorchPython();
    if (!('python' in found)) throw new TrainerChoiceError(`--trainer torch: ${found.reason}`);
    const script = path.join(TORCH_TRAINER_DIR, 'train.py');
    return { name: 'torch', command: [found.python, script], identity: trainerIdentity('torch', [TORCH_TRAINER_DIR]) };
  }
  const command = text.split(/\s+/).filter(Boolean);
  // `python3 train.py` runs under $STAIRCASE_PYTHON when it is set (the Python that has the trainer's
  // packages, as for `torch`), so one claim file serves machines whose python3 differ.
  if (process.env.STAIRCASE_PYTHON && /^python3?$/.test(command[0]!)) command[0] = process.env.STAIRCASE_PYTHON;
  const name = trainerLabel(command);
  // The program itself (an interpreter's path) is not identity; its script and arguments are.
  return { name, command, identity: trainerIdentity(name, command.slice(1)) };
}
