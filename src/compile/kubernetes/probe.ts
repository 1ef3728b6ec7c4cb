/**
 * The blackbox probes as Probe resources, one per endpoint: a Probe has one module and
 * one set of target labels, and each endpoint has its own `endpoint` label and module.
 * The job name is the plain job's, so the uptime SLIs' `job` matcher reads them.
 */
import type { Kubernetes } from '../../model/kubernetes.ts';
import { KUBERNETES_OUTPUT, OBJECT_NAME } from '../../model/kubernetes-names.ts';
import { PROBE_ENDPOINT_LABEL } from '../../model/conventions.ts';
import type { Model } from '../../model/slo.ts';
import type { Artifact } from '../artifact.ts';
import { API_VERSION, metadata } from './metadata.ts';

export function probesFile(model: Model, kubernetes: Kubernetes): Artifact[] {
  const probes = model.services.flatMap((service) =>
    (service.probes?.endpoints ?? []).map((endpoint) => ({
      apiVersion: API_VERSION.monitoring,
      kind: 'Probe',
      metadata: metadata(kubernetes, 'probes', OBJECT_NAME.probe(service.name, endpoint.name)),
      spec: {
        jobName: service.probes!.job,
        ...(service.probes!.interval ? { interval: service.probes!.interval.text } : {}),
        module: endpoint.module,
        prober: { url: service.probes!.prober, path: '/probe' },
        targets: { staticConfig: { static: [endpoint.url], labels: { [PROBE_ENDPOINT_LABEL]: endpoint.name } } },
      },
    })),
  );
  return probes.length ? [{ path: KUBERNETES_OUTPUT.probes, format: 'yaml-stream', data: probes }] : [];
}
