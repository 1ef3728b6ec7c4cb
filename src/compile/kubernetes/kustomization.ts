/** `kustomization.yaml`: every manifest file of the tree, so `kubectl apply -k generated/kubernetes` applies them all. */
import { KUBERNETES_OUTPUT } from '../../model/kubernetes-names.ts';
import type { Artifact } from '../artifact.ts';

/** `files`: the paths of the tree's manifest files, under `kubernetes/`. */
export function kustomizationFile(files: readonly string[]): Artifact {
  const prefix = `${KUBERNETES_OUTPUT.dir}/`;
  return {
    path: KUBERNETES_OUTPUT.kustomization,
    format: 'yaml',
    data: { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files.map((file) => file.slice(prefix.length)).sort() },
  };
}
