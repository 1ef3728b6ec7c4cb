/** Dashboards in the model: the config's own and the generated SLO dashboards share this shape and one renderer. */

export type PanelType = 'timeseries' | 'stat' | 'gauge' | 'table' | 'state-timeline';

export interface Query {
  readonly expr: string;
  readonly legend?: string;
  /** One value per series (stat, gauge, table) instead of a range. */
  readonly instant?: boolean;
}

export interface Threshold {
  /** null is the base step, below every value. */
  readonly value: number | null;
  readonly color: string;
}

export interface Panel {
  readonly title: string;
  readonly type: PanelType;
  readonly description?: string;
  readonly queries: readonly Query[];
  readonly unit?: string;
  readonly decimals?: number;
  readonly min?: number;
  readonly max?: number;
  readonly thresholds: readonly Threshold[];
  /** Draw the thresholds as lines (time series). */
  readonly thresholdLines?: boolean;
  readonly noValue?: string;
  /** Of 24 grid units. */
  readonly width: number;
  readonly height?: number;
  /** A link on every value, e.g. to the dashboard of the row's service. */
  readonly link?: { readonly title: string; readonly url: string };
  /** Table columns: query field → header, in order; `text` shows the value as written, without the panel's unit. */
  readonly columns?: readonly { readonly field: string; readonly header: string; readonly text?: boolean; readonly thresholds?: readonly Threshold[] }[];
}

export type Variable =
  | { readonly kind: 'datasource'; readonly name: string; readonly label: string }
  | { readonly kind: 'labelValues'; readonly name: string; readonly label: string; readonly labelName: string; readonly metric: string | undefined; readonly multi: boolean }
  | { readonly kind: 'custom'; readonly name: string; readonly label: string; readonly values: readonly string[] };

export interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly variables: readonly Variable[];
  readonly rows: readonly { readonly title: string; readonly panels: readonly Panel[] }[];
  /** Links to other dashboards: title → uid. */
  readonly links?: readonly { readonly title: string; readonly uid: string }[];
  /** The default time range. @default the last 7 days */
  readonly time?: { readonly from: string; readonly to: string };
}

export interface GrafanaSettings {
  readonly prometheusUrl: string;
  readonly dashboardsPath: string;
  /** Whether the provisioned datasource claims to be Grafana's default. */
  readonly datasourceIsDefault: boolean;
  /** Grafana's address for people, without a trailing slash; undefined when the config gives none. */
  readonly url: string | undefined;
}

/** The datasource every generated query uses: the dashboard's `$datasource` variable. */
export const DATASOURCE_VARIABLE = 'datasource';

/** A Grafana uid from a name: at most 40 characters, stable, with a hash where it had to be cut. */
export function dashboardUid(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  if (slug.length > 0 && slug.length <= 40) return slug;
  let hash = 0x811c9dc5;
  for (const char of name) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193) >>> 0;
  return [slug.slice(0, 31).replace(/-$/, ''), hash.toString(16).padStart(8, '0')].filter(Boolean).join('-');
}
