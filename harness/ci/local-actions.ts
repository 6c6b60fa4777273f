/**
 * Local stand-ins for the actions the workflows use, so a workflow job runs on a workstation:
 * artifacts are folders under OUT/artifacts/<name>/, caches are the local cache folder itself,
 * and actions that only talk to the GitHub API (github-script, deploy-pages) are skipped, saying so.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface ActionContext {
  /** The `with:` inputs, expressions already evaluated. */
  inputs: Record<string, string>;
  /** Folder of uploaded artifacts (one folder per artifact name). */
  artifactsDir: string;
  cwd: string;
  log: (line: string) => void;
}

/** Outputs of the step (`steps.<id>.outputs`). */
export type ActionOutputs = Record<string, string>;

const lines = (text: string | undefined): string[] => (text ?? '').split('\n').map((l) => l.trim()).filter(Boolean);

function uploadArtifact(ctx: ActionContext, name: string, paths: string[], ifNoFiles: string): ActionOutputs {
  const target = path.join(ctx.artifactsDir, name);
  const found = paths.filter((p) => existsSync(path.resolve(ctx.cwd, p)));
  const missing = paths.filter((p) => !found.includes(p));
  if (!found.length && ifNoFiles === 'error') throw new Error(`upload-artifact ${name}: no files found at ${paths.join(', ')}`);
  for (const m of missing) ctx.log(`upload-artifact ${name}: ${m} not found${ifNoFiles === 'ignore' ? '' : ' (warning)'}`);
  // Like upload-artifact: paths keep their layout below the longest common folder of the inputs.
  const absolute = found.map((p) => path.resolve(ctx.cwd, p));
  const roots = absolute.map((p) => (statSync(p).isDirectory() && absolute.length === 1 ? p : path.dirname(p)));
  let common = roots[0] ?? ctx.cwd;
  for (const r of roots) while (!`${r}${path.sep}`.startsWith(`${common}${path.sep}`)) common = path.dirname(common);
  for (const p of absolute) cpSync(p, path.join(target, path.relative(common, p)), { recursive: true });
  ctx.log(`upload-artifact ${name}: ${found.join(', ')} -> ${path.relative(ctx.cwd, target)}`);
  return {};
}

function downloadArtifacts(ctx: ActionContext): ActionOutputs {
  const dest = path.resolve(ctx.cwd, ctx.inputs.path ?? '.');
  const available = existsSync(ctx.artifactsDir) ? readdirSync(ctx.artifactsDir).sort() : [];
  const pattern = ctx.inputs.pattern ? new RegExp(`^${ctx.inputs.pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`) : null;
  const chosen = ctx.inputs.name ? available.filter((a) => a === ctx.inputs.name) : available.filter((a) => !pattern || pattern.test(a));
  if (!chosen.length) throw new Error(`download-artifact: no artifact matches ${ctx.inputs.name ?? ctx.inputs.pattern ?? '(all)'}`);
  const merge = ctx.inputs['merge-multiple'] === 'true';
  for (const a of chosen) cpSync(path.join(ctx.artifactsDir, a), ctx.inputs.name || merge ? dest : path.join(dest, a), { recursive: true });
  ctx.log(`download-artifact: ${chosen.join(', ')} -> ${path.relative(ctx.cwd, dest)}`);
  return { 'download-path': dest };
}

/** Run the local stand-in of `uses` (name@version). */
export function runAction(uses: string, ctx: ActionContext): ActionOutputs {
  const name = uses.replace(/@.*$/, '');
  switch (name) {
    case 'actions/checkout':
      ctx.log('checkout: using the working tree as it is');
      return {};
    case 'actions/setup-node': {
      const want = ctx.inputs['node-version'];
      const have = process.versions.node.split('.')[0];
      ctx.log(`setup-node: node ${process.versions.node}${want && want !== have ? ` (the workflow asks for ${want}: results may differ)` : ''}`);
      return { 'node-version': process.version };
    }
    case 'actions/cache/restore':
    case 'actions/cache':
      ctx.log(`cache: ${ctx.inputs.path ?? ''} persists locally; nothing to restore (key ${ctx.inputs.key ?? ''})`);
      return { 'cache-hit': 'false', 'cache-primary-key': ctx.inputs.key ?? '' };
    case 'actions/cache/save':
      ctx.log(`cache: ${ctx.inputs.path ?? ''} persists locally; nothing to save`);
      return {};
    case 'actions/upload-artifact':
      return uploadArtifact(ctx, ctx.inputs.name ?? 'artifact', lines(ctx.inputs.path), ctx.inputs['if-no-files-found'] ?? 'warn');
    case 'actions/download-artifact':
      return downloadArtifacts(ctx);
    case 'actions/upload-pages-artifact':
      mkdirSync(ctx.artifactsDir, { recursive: true });
      return uploadArtifact(ctx, 'github-pages', [ctx.inputs.path ?? '_site'], 'error');
    case 'actions/github-script':
    case 'actions/deploy-pages':
      ctx.log(`${name}: talks to the GitHub API only; skipped locally`);
      return {};
    default:
      throw new Error(`no local stand-in for the action ${uses}; add one to harness/ci/local-actions.ts`);
  }
}
