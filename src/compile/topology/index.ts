/** With a topology: each edge server's prometheus.yml and rules, and the global rules in each engine's format (generated/topology/). */
import type { Model } from '../../model/slo.ts';
import type { Artifact } from '../artifact.ts';
import { edgeFiles } from './edge.ts';
import { engineFiles } from './engines.ts';
import { splitChainTestFiles } from './split-tests.ts';

export function* topologyFiles(model: Model): Generator<Artifact> {
  const { topology } = model;
  if (!topology) return;
  yield* edgeFiles(model, topology);
  for (const engine of topology.engines) yield* engineFiles(model, topology, engine);
  yield* splitChainTestFiles(model, topology);
}
