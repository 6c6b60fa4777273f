// Screenshots of a built dashboard in headless Chromium (the browser specs/helpers/chromium.ts finds):
// its index page and one seed page, full height, for the docs.
//   npx staircase report --from runs/nightly --out out/nightly-site
//   npx tsx scripts/dashboard-screenshot.ts --site out/nightly-site --seed KEY --out docs/dashboard-nightly [--height 2400]
// writes docs/dashboard-nightly.png (index) and docs/dashboard-nightly-seed.png (seeds/KEY.html); --height
// keeps the top N pixels of each page instead of its full height.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, UsageError } from '../harness/cli/args.ts';
import { launchChromium } from '../specs/helpers/chromium.ts';

const USAGE = 'usage: npx tsx scripts/dashboard-screenshot.ts --site SITE_DIR [--seed KEY] --out PREFIX [--width PX] [--height PX]';
const OPTIONS = { site: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, width: { type: 'string', default: '1200' }, height: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;
let values: { site?: string; seed?: string; out?: string; width: string; height?: string; help?: boolean };
try {
  values = parse(process.argv.slice(2), OPTIONS).values as typeof values;
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`dashboard-screenshot: ${err.message}; ${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.site || !values.out) {
  console.error(USAGE);
  process.exit(2);
}
const pages: [string, string][] = [[path.join(values.site, 'index.html'), `${values.out}.png`]];
if (values.seed) pages.push([path.join(values.site, 'seeds', `${values.seed}.html`), `${values.out}-seed.png`]);
for (const [page] of pages) {
  if (!existsSync(page)) {
    console.error(`dashboard-screenshot: ${page} does not exist (build the site with \`staircase report --from RESULTS --out SITE\`; --seed takes a key of SITE/seeds/)`);
    process.exit(2);
  }
}
const height = values.height ? Number(values.height) : null;
const context = await launchChromium({ width: Number(values.width), height: height ?? 900 });
try {
  const tab = await context.newPage();
  const errors: string[] = [];
  tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  for (const [page, png] of pages) {
    await tab.goto(pathToFileURL(path.resolve(page)).href);
    await tab.screenshot({ path: png, fullPage: height === null });
    console.log(`wrote ${png}`);
  }
  if (errors.length) {
    console.error(`dashboard-screenshot: console errors:\n${errors.join('\n')}`);
    process.exitCode = 1;
  }
} finally {
  await context.close();
}
