/** tfjs's plain JavaScript backend: the last resort of `auto`, and a reference. */
import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '../errors.ts';
import type { BackendReport } from '../report.ts';
import { packageVersion } from '../../util/provenance.ts';

const PACKAGE = '@tensorflow/tfjs-backend-cpu';

export async function initCpu(): Promise<BackendReport> {
  await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('cpu'))) throw new BackendError('the cpu backend failed to initialise');
  await tf.ready();
  return { name: 'cpu', device: 'cpu', package: PACKAGE, packageVersion: packageVersion(PACKAGE), details: {} };
}
