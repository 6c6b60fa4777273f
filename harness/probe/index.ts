/** The probe: logit-lens staircase, sequential ablation, and the per-seed verdict. */
export { PROBE_DEFAULTS, PROBE_KEYS, resolveProbeSettings, type ProbeSettings } from './settings.ts';
export { elementProbs, lensHookName, logitLens, PROBE_STREAM, probeProblems, type LensOptions, type LensResult } from './logit-lens.ts';
export { ablationLayer, analyseStaircase, criticalLayers, firstLayerAbove, type LayerSource, type StaircaseAnalysis } from './staircase.ts';
export {
  meanAt,
  meanPositionHook,
  positionAblationHooks,
  replacePosition,
  residualMeans,
  sequentialAblation,
  zeroPositionHook,
  type AblationEntry,
  type AblationKind,
  type AblationPair,
  type AblationResult,
  type ResidualMeans,
} from './ablation.ts';
export { judgeProbe, type RunOutcome, type StepEvidence, type Verdict, type VerdictEvidence, type VerdictResult } from './verdict.ts';
export type { ProbeResult, ProbeSource, ResolvedProbeSettings } from './result.ts';
export { renderAblationTable, renderLensTable, renderProbeTable, verdictLine } from './render-table.ts';
export { escapeXml, renderStaircaseSvg, viridis, VIRIDIS_STOPS } from './render-svg.ts';
export { probeCheckpoint, readRunOutcome, runProbe, type ProbeOptions } from './run.ts';
