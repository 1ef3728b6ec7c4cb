/** Which peer wrote a document: Sloth's `version`, or the `apiVersion` and `kind` of Sloth's CRD, Pyrra and OpenSLO. */
import { isRecord } from './imported.ts';
import { OPENSLO_KINDS } from './openslo.ts';

export type SourceFormat = 'sloth' | 'sloth-crd' | 'pyrra' | 'openslo';

export type Detection = { readonly format: SourceFormat } | { readonly problem: string; readonly path: string };

const SLOTH_VERSION = 'prometheus/v1';
const SLOTH_CRD = { apiVersion: 'sloth.slok.dev/v1', kind: 'PrometheusServiceLevel' };
const PYRRA = { apiVersion: 'pyrra.dev/v1alpha1', kind: 'ServiceLevelObjective' };
const OPENSLO_VERSION = 'openslo/v1';

const EXPECTED = `a Sloth spec (version: ${SLOTH_VERSION}, or apiVersion: ${SLOTH_CRD.apiVersion} kind: ${SLOTH_CRD.kind}), a Pyrra ${PYRRA.kind} (apiVersion: ${PYRRA.apiVersion}) or an OpenSLO document (apiVersion: ${OPENSLO_VERSION})`;

export function detect(document: unknown): Detection {
  if (!isRecord(document)) return { path: '', problem: `is not a mapping; expected ${EXPECTED}` };
  const { version, apiVersion, kind } = document;
  if (typeof version === 'string') {
    if (version === SLOTH_VERSION) return { format: 'sloth' };
    return { path: 'version', problem: `unknown version "${version}"; sloforge imports Sloth's ${SLOTH_VERSION}` };
  }
  if (typeof apiVersion !== 'string') return { path: '', problem: `has neither version nor apiVersion; expected ${EXPECTED}` };
  const group = apiVersion.split('/')[0];
  if (group === 'sloth.slok.dev') {
    if (apiVersion !== SLOTH_CRD.apiVersion) return { path: 'apiVersion', problem: `unknown version "${apiVersion}"; sloforge imports ${SLOTH_CRD.apiVersion}` };
    if (kind !== SLOTH_CRD.kind) return { path: 'kind', problem: `unknown kind ${JSON.stringify(kind)}; sloforge imports ${SLOTH_CRD.kind}` };
    return { format: 'sloth-crd' };
  }
  if (group === 'pyrra.dev') {
    if (apiVersion !== PYRRA.apiVersion) return { path: 'apiVersion', problem: `unknown version "${apiVersion}"; sloforge imports ${PYRRA.apiVersion}` };
    if (kind !== PYRRA.kind) return { path: 'kind', problem: `unknown kind ${JSON.stringify(kind)}; sloforge imports ${PYRRA.kind}` };
    return { format: 'pyrra' };
  }
  if (group === 'openslo') {
    if (apiVersion !== OPENSLO_VERSION) return { path: 'apiVersion', problem: `unknown version "${apiVersion}"; sloforge imports ${OPENSLO_VERSION}` };
    if (!OPENSLO_KINDS.includes(kind as (typeof OPENSLO_KINDS)[number])) return { path: 'kind', problem: `unknown kind ${JSON.stringify(kind)}; OpenSLO v1 kinds are ${OPENSLO_KINDS.join(', ')}` };
    return { format: 'openslo' };
  }
  return { path: 'apiVersion', problem: `"${apiVersion}" is none of the formats sloforge imports; expected ${EXPECTED}` };
}
