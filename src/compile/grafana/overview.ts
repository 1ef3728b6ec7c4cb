/** One table of every SLO, worst group first per SLO, with links to the service dashboards. */
import type { Model } from '../../model/slo.ts';
import { LABEL, METRIC } from '../../model/conventions.ts';
import { DATASOURCE_VARIABLE, type Dashboard } from '../../model/dashboard.ts';
import { OVERVIEW_UID, serviceDashboardUid, SLO_TAGS } from '../../model/dashboard-uids.ts';

const BY = `by (${LABEL.service}, ${LABEL.slo})`;

export function overviewDashboard(model: Model): Dashboard {
  return {
    uid: OVERVIEW_UID,
    title: 'SLO overview',
    description: 'Every SLO sloforge generates: where it stands and what is firing.',
    tags: [...SLO_TAGS],
    variables: [{ kind: 'datasource', name: DATASOURCE_VARIABLE, label: 'Data source' }],
    links: model.services.map((service) => ({ title: `SLOs: ${service.name}`, uid: serviceDashboardUid(service.name) })),
    rows: [
      {
        title: 'All SLOs',
        panels: [
          {
            title: 'SLOs',
            type: 'table',
            description: 'Burn rate as a share of the sustainable rate: 100% spends the budget exactly over the period. Each row links to its service dashboard.',
            queries: [
              { expr: `max ${BY} (${METRIC.objective})`, instant: true },
              { expr: `min ${BY} (1 - ${METRIC.periodBurnRate} * on (${LABEL.service}, ${LABEL.slo}) group_left ${METRIC.errorBudget})`, instant: true },
              { expr: `min ${BY} (${METRIC.budgetRemaining})`, instant: true },
              { expr: `max ${BY} (${METRIC.currentBurnRate})`, instant: true },
              { expr: `count ${BY} (ALERTS{alertstate="firing",${LABEL.slo}!=""}) or on (${LABEL.service}, ${LABEL.slo}) 0 * max ${BY} (${METRIC.objective})`, instant: true },
            ],
            unit: 'percentunit',
            decimals: 2,
            columns: [
              { field: LABEL.service, header: 'Service' },
              { field: LABEL.slo, header: 'SLO' },
              { field: 'Value #A', header: 'Objective' },
              { field: 'Value #B', header: 'SLI' },
              {
                field: 'Value #C',
                header: 'Budget left',
                thresholds: [
                  { value: null, color: 'red' },
                  { value: 0, color: 'orange' },
                  { value: 0.25, color: 'green' },
                ],
              },
              {
                field: 'Value #D',
                header: 'Burn rate',
                thresholds: [
                  { value: null, color: 'green' },
                  { value: 1, color: 'orange' },
                  { value: Math.max(1, ...model.services.flatMap((s) => s.slos.flatMap((slo) => slo.alerting?.tiers.map((t) => t.factor) ?? []))), color: 'red' },
                ],
              },
              { field: 'Value #E', header: 'Firing alerts', text: true },
            ],
            thresholds: [{ value: null, color: 'green' }],
            link: { title: 'SLOs of ${__data.fields.Service}', url: `/d/${serviceDashboardUid('${__data.fields.Service}')}` },
            width: 24,
            height: 12,
          },
        ],
      },
    ],
  };
}
