/**
 * A real headless Chromium for specs that open pages (playwright-core drives it; no browser is
 * downloaded). Found at $STAIRCASE_CHROMIUM, else the usual system paths; specs that need it skip,
 * saying why, where there is none (listed in specs/QUARANTINE.md). `.ci/run` installs Debian's.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where a Chromium (or Chrome) binary is looked for, in order, after $STAIRCASE_CHROMIUM. */
export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The browser binary, or null. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.STAIRCASE_CHROMIUM, ...CHROMIUM_PATHS].filter((p): p is string => Boolean(p));
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** Why a browser spec is skipped here (null: it runs). */
export function chromiumSkipReason(env: NodeJS.ProcessEnv = process.env): string | null {
  return findChromium(env) ? null : `no Chromium at $STAIRCASE_CHROMIUM or ${CHROMIUM_PATHS.join(', ')} (apt-get install chromium)`;
}

/** Headless, offline-minded flags: no sandbox (containers run as root), no GPU, no background traffic. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launch the browser with a fresh profile folder. */
export async function launchChromium(viewport = { width: 1200, height: 900 }): Promise<BrowserContext> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(chromiumSkipReason() ?? 'no Chromium');
  const profile = mkdtempSync(path.join(os.tmpdir(), 'staircase-chromium-'));
  return chromium.launchPersistentContext(profile, { executablePath, headless: true, args: CHROMIUM_ARGS, viewport });
}
