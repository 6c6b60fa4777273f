/**
 * The verdicts as JUnit XML, written from results.json (so `check`, `merge` and `report` can all
 * write it, without a vitest run): one testsuite per claim, one testcase per expectation
 * (failure = fail, skipped = inconclusive, with the statistics in the message), plus one testcase
 * for the baseline comparison when the claim has one (failure = regression). Each testcase
 * names the claim file and the line of its expectation.
 */
import type { ExpectationResult } from '../claims/result-types.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import type { ReportClaim, ReportResults } from './baseline-types.ts';
import { claimLocations, locateClaim } from './claim-locations.ts';
import { escapeXml } from './svg-kit.ts';

/** XML-escaped, without the control characters XML 1.0 forbids. */
// eslint-disable-next-line no-control-regex
const x = (s: string): string => escapeXml(s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''));

const fmt = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : v.toFixed(3));

/** The numbers behind an expectation's verdict, one fact a line. */
export function expectationStatistics(e: ExpectationResult, seeds: Record<string, number[]>): string {
  return [
    e.description,
    `estimate ${fmt(e.estimate)}, interval [${fmt(e.interval?.lower)}, ${fmt(e.interval?.upper)}] (${e.method})${e.threshold !== null ? `, threshold ${e.threshold}` : ''}${e.pValue !== null ? `, p = ${e.pValue.toPrecision(3)}` : ''}`,
    ...e.arms.map((a) => `${a}: n=${e.n[a] ?? 0}${e.successes ? ` successes=${e.successes[a] ?? 0}` : ''} estimate=${fmt(e.estimates[a])} seeds=[${(seeds[a] ?? []).join(',')}]`),
    `status ${e.status}: ${e.reason}`,
  ].join('\n');
}

function testcase(attrs: { classname: string; name: string; file: string; line: number }, inner: string): string {
  return `    <testcase classname="${x(attrs.classname)}" name="${x(attrs.name)}" file="${x(attrs.file)}" line="${attrs.line}" time="0">${inner}</testcase>`;
}

function claimSuite(claim: ReportClaim, file: string, line: number, lines: number[], timestamp: string): { xml: string; tests: number; failures: number; skipped: number } {
  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;
  const classname = `${claim.id}@${claim.version}`;
  claim.expectations.forEach((e, j) => {
    const stats = expectationStatistics(e, claim.seeds);
    let inner = `<system-out>${x(stats)}</system-out>`;
    if (e.status === 'fail') {
      failures += 1;
      inner = `<failure type="fail" message="${x(e.reason)}">${x(stats)}</failure>`;
    } else if (e.status === 'inconclusive') {
      skipped += 1;
      inner = `<skipped message="${x(`inconclusive: ${e.reason}`)}"/><system-out>${x(stats)}</system-out>`;
    }
    cases.push(testcase({ classname, name: e.label, file, line: lines[j] ?? line }, inner));
  });
  const b = claim.baseline;
  if (b) {
    const text = `${b.status}: ${b.reason}`;
    let inner = `<system-out>${x(text)}</system-out>`;
    if (b.status === 'regression') {
      failures += 1;
      inner = `<failure type="regression" message="${x(b.reason)}">${x(text)}</failure>`;
    } else if (b.status !== 'same' && b.status !== 'improvement') {
      skipped += 1;
      inner = `<skipped message="${x(text)}"/>`;
    }
    cases.push(testcase({ classname, name: `baseline (${b.dir})`, file, line }, inner));
  }
  const tests = cases.length;
  const props = `    <properties><property name="statement" value="${x(claim.statement)}"/><property name="status" value="${x(claim.status)}"/><property name="confidence" value="${claim.confidence}"/></properties>`;
  const xml = [`  <testsuite name="${x(classname)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" timestamp="${x(timestamp)}" file="${x(file)}">`, props, ...cases, '  </testsuite>'].join('\n');
  return { xml, tests, failures, skipped };
}

/** The JUnit XML document of a results record. */
export function renderJunit(results: ReportResults): string {
  const locations = claimLocations(results.claimsDir);
  const suites = results.claims.map((c) => {
    const at = locateClaim(locations, results.claimsDir, c.id);
    return claimSuite(c, at.file, at.line, at.expectationLines, results.createdAt);
  });
  const sum = (k: 'tests' | 'failures' | 'skipped'): number => suites.reduce((a, s) => a + s[k], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${x(`staircase claims (tier ${results.tier})`)}" tests="${sum('tests')}" failures="${sum('failures')}" errors="0" skipped="${sum('skipped')}" time="0">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

/** Write the JUnit file. */
export function writeJunit(file: string, results: ReportResults): void {
  writeFileAtomic(file, renderJunit(results));
}
