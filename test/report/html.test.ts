/** `--format html`: one self-contained page, well-formed, every text from the config or from Prometheus escaped. */
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/report/format.ts';
import type { Report } from '../../src/report/read.ts';
import type { SloFigures } from '../../src/report/figures.ts';
import { readHtml } from '../support/html-structure.ts';

const HOSTILE = `<script>alert("x")</script> & 'q' </td></tr></table>`;

const day = (date: string, sliPercent: number, toDateSliPercent: number) => ({ date, start: `${date}T00:00:00Z`, end: `${date}T00:00:00Z`, sliPercent, badSeconds: (100 - sliPercent) * 864, toDateSliPercent });

const slo = (over: Partial<SloFigures>): SloFigures => ({
  service: 'shop',
  slo: 'availability',
  sliPercent: 99.6,
  objectivePercent: 99.9,
  budgetSpent: 4,
  badSeconds: 10368,
  dataCoverage: 1,
  maintenanceSeconds: 0,
  sla: { objectivePercent: 99.5, met: true, creditPercent: 0, missingData: 'ignore' },
  days: [day('2026-11-01', 100, 100), day('2026-11-02', 98.8, 99.4), day('2026-11-03', 100, 99.6)],
  worstDays: [{ ...day('2026-11-02', 98.8, 99.4) }],
  alerts: [{ alertname: HOSTILE, severity: 'critical', firings: 2, firingMinutes: 125 }],
  ...over,
});

const report: Report = {
  period: { kind: 'month', label: '2026-11', start: '2026-11-01T00:00:00Z', end: '2026-12-01T00:00:00Z', timezone: 'UTC' },
  slos: [slo({}), slo({ slo: 'regions', group: { region: HOSTILE }, sla: { objectivePercent: 99.5, met: false, creditPercent: 10, missingData: 'ignore' }, sliPercent: 99.4, maintenanceSeconds: 3600 })],
};

describe('the HTML report', () => {
  const html = formatReport(report, 'html');

  it('is one well-formed page: head with title and style, a figures table, a section with an SVG chart per SLO', () => {
    const { elements, problems } = readHtml(html);
    expect(problems).toEqual([]);
    expect(elements.slice(0, 5)).toEqual(['html', 'head', 'meta', 'title', 'style']);
    expect(elements.filter((e) => e === 'section')).toHaveLength(2);
    expect(elements.filter((e) => e === 'svg')).toHaveLength(2);
    expect(elements.filter((e) => e === 'polyline')).toHaveLength(2);
  });

  it('needs nothing from outside: no script, no link, no URL but the SVG namespace', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|url\(|@import/i);
    expect(html.match(/https?:\/\/[^"]*/g)).toEqual(['http://www.w3.org/2000/svg', 'http://www.w3.org/2000/svg']);
  });

  it('escapes hostile alert names and group values wherever they appear: text, titles and aria labels', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain(HOSTILE);
    const escaped = '&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;q&#39; &#60;/td&#62;&#60;/tr&#62;&#60;/table&#62;';
    expect(html).toContain(`<td>${escaped}</td><td>critical</td><td>2</td><td>125 min</td>`);
    expect(html).toContain(`<h2>shop/regions{region=&#34;${escaped.replace(/&#34;/g, '\\&#34;')}&#34;}</h2>`);
    expect(html).toContain(`aria-label="shop/regions{region=&#34;`);
  });

  it('writes the figures and the credit owed, a breach marked', () => {
    expect(html).toContain('<tr><td>shop/availability</td><td>99.6%</td><td>99.9%</td><td>400%</td><td>172.8 min</td><td>100%</td><td>—</td><td><span class="met">99.5% met</span></td><td>0%</td></tr>');
    expect(html).toMatch(/<td>60 min<\/td><td><span class="breached">99\.5% breached<\/span><\/td><td>10%<\/td><\/tr>/);
  });

  it('charts the SLI to date through the days, with the SLO and SLA lines where their percentages fall', () => {
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    const points = /<polyline points="([^"]+)"/.exec(svg)![1]!.split(' ').map((p) => p.split(',').map(Number));
    expect(points).toHaveLength(3);
    // x runs from the left edge to the right one; y grows downwards as the SLI falls.
    expect(points.map(([x]) => x)).toEqual([64, 332, 600]);
    const [first, second, third] = points.map(([, y]) => y!);
    expect(first).toBe(16);
    expect(second).toBeGreaterThan(third!);
    const lineY = (label: string) => Number(new RegExp(`<text x="606" y="([\\d.]+)">${label}</text>`).exec(svg)![1]) - 4;
    // 99.4% (lowest) is above the bottom; the SLA line (99.5%) is below the SLO line (99.9%) and above the 99.4% point.
    expect(lineY('SLA 99.5%')).toBeGreaterThan(lineY('SLO 99.9%'));
    expect(lineY('SLA 99.5%')).toBeLessThan(second!);
  });

  it('is the same bytes for the same report', () => {
    expect(formatReport(report, 'html')).toBe(html);
  });
});
