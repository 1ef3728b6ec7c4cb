/** Dashboard uids and tags sloforge gives its generated dashboards; service names are short enough for uids to stay readable. */
export const SLO_TAGS = ['sloforge', 'slo'] as const;
export const OVERVIEW_UID = 'slo-overview';

/** `slo-<service>`: at most 40 characters, since service names have at most 36. */
export function serviceDashboardUid(service: string): string {
  return `slo-${service}`;
}

/** `sla-<service>`: at most 40 characters, like the service dashboard's. */
export function slaDashboardUid(service: string): string {
  return `sla-${service}`;
}
