import { describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import { loadConfig } from '../../src/config/load.ts';
import { validateConfig } from '../../src/config/validate.ts';
import { render } from '../../src/render.ts';
import { simulate, firstFiring } from '../../src/model/alert-timing.ts';
import { fullOutageFiresAfter } from '../../src/model/windows.ts';

describe('SUMMARY.md says what the example config means', () => {
  it('gives each SLO its budget as ratio and time, and each tier its firing error rate, budget share and outage time', async () => {
    const summary = [...render(await loadConfig('slo.config.ts'))].find((f) => f.path === 'SUMMARY.md')!.content;
    expect(summary).toContain('## fraiseql / availability');
    expect(summary).toContain('- Error budget: 0.1% of events, or **43m12s** of full outage per 30d');
    expect(summary).toContain('| fastPage | critical | pagerduty-all | 1.44% | 14.4x | 1h / 5m, for 2m | 2% in 1h | 2m52s |');
    expect(summary).toContain('| slowTicket | low | tickets | 0.1% | 1x | 3d / 6h, for 3h | 10% in 3d | 3h4m20s |');
    expect(summary).toContain('- Error budget: 5% of events, or **1d12h** of full outage per 30d');
  });

  it('the outage times agree with the minute-by-minute simulation the promtool tests use', async () => {
    const model = await loadConfig('slo.config.ts');
    for (const slo of model.services[0]!.slos.filter((s) => s.alerting)) {
      // A full longest window of healthy traffic first, as the formula assumes.
      const healthy = 4 * 24 * 60;
      const timeline = simulate(slo, [
        { minutes: healthy, eventsPerMinute: 60_000, errorsPerMinute: 0 },
        { minutes: 2 * 24 * 60, eventsPerMinute: 60_000, errorsPerMinute: 60_000 },
      ]);
      for (const tier of slo.alerting!.tiers) {
        const simulated = (firstFiring(timeline, tier.name, healthy)! - healthy) * 60;
        expect(Math.abs(simulated - fullOutageFiresAfter(tier, slo.objective)), `${slo.name} ${tier.name}`).toBeLessThanOrEqual(60);
      }
    }
  });
});

const summaryOf = async (config: string) => [...render(await loadConfig(config))].find((f) => f.path === 'SUMMARY.md')!.content;

describe('SUMMARY.md covers every alert and who is told', () => {
  it('lists the receiver of each severity, most urgent first, with its response target and the default receiver', async () => {
    const summary = await summaryOf('slo.config.ts');
    expect(summary).toContain(
      [
        '| severity | receiver | response target |',
        '|---|---|---|',
        '| critical | pagerduty-all | acknowledge within 2 minutes; page all on-call staff |',
        '| high | pagerduty-primary | respond within 15 minutes; page if not acknowledged |',
        '| medium | slack-ops | respond within 1 hour; ticket queue, daily check-in |',
        '| low | tickets | respond within 24 hours; ticket system |',
        '',
        'Severities are listed most urgent first. An alert of any other severity goes to slack-ops.',
      ].join('\n'),
    );
  });

  it('gives each SLO its no-data alert with its delay, severity and receiver, or says there is none', async () => {
    const summary = await summaryOf('test/fixtures/every-kind.config.ts');
    expect(summary).toContain('- **SLONoData** (info, to hook): fires when the SLI\'s series have been missing for 10m');
    expect(summary.split('## shop / jobs-raw')[1]!.split('## ')[0]).toContain('- No no-data alert: missing metrics stay silent.');
    expect(summary.split('## batch / nightly')[1]!.split('## ')[0]).toContain('Alerting is off: recording rules only.');
  });

  it('names the SLIBroken alert of each SLO whose data can be impossible, and none where errors only narrow total or count good events', async () => {
    const summary = await summaryOf('test/fixtures/every-kind.config.ts');
    const section = (slo: string) => summary.split(`## shop / ${slo}`)[1]!.split('## ')[0]!;
    expect(section('latency')).toMatch(/- \*\*SLIBroken\*\* \(\w+, to \S+\): fires when a histogram series has a count but no bucket at the latency threshold for 10m/);
    expect(section('uptime')).toContain('fires when the gauge reads a value outside 0..1');
    expect(section('jobs-raw')).toContain('fires when the error ratio is below 0 or above 2');
    expect(section('errors-by-route')).not.toContain('SLIBroken');
    expect(section('checkout-success')).not.toContain('SLIBroken');
  });

  it('describes every threshold alert by the quantity it compares, in its unit, with its for and receiver', async () => {
    const summary = await summaryOf('test/fixtures/every-kind.config.ts');
    const table = summary.split('## shop: threshold alerts')[1]!;
    expect(table.trim().split('\n').slice(2)).toEqual([
      '| ShopDown | critical | oncall | a target of job `shop` is down, or the job has no targets | at once |',
      '| ShopErrors | page | oncall | the error ratio `http_requests_total{job="shop",code=~"5.."}` / `http_requests_total{job="shop"}` over 10m > 1% | 5m |',
      '| ShopSlow | warning | team-mail | the p99 latency of `http_request_duration_seconds{job="shop"}` over 5m > 2s | at once |',
      '| ShopPool | warning | team-mail | `db_pool_active{job="shop"}` as a share of `db_pool_max{job="shop"}` > 80% | at once |',
      '| ShopDisk | info | hook | free disk space < 5% on `{mountpoint="/"}` | at once |',
      '| ShopDbUnreachable | critical | oncall | the `db` probe fails | at once |',
      '| ShopHomeSlow | info | hook | the `home` probe takes longer than 2s | at once |',
      '| ShopQueue | info | hook | `sum(queue_depth{job="shop"}) > 1000` returns a series | at once |',
    ]);
  });

  it('says a grouped SLO holds per group', async () => {
    const summary = await summaryOf('test/fixtures/every-kind.config.ts');
    expect(summary.split('## shop / errors-by-route')[1]!.split('## ')[0]).toContain('- Per `route`: each value has its own SLI, error budget and alerts; every number here holds for each one.');
  });

  it('prints every number at reading precision: a 28d factor as 0.933x, no float noise anywhere', () => {
    const model = validateConfig(
      {
        services: [{ name: 'api', slos: [{ name: 'up', objective: 99.9, period: '28d', sli: { uptime: { gauge: 'up{job="api"}' } }, alerting: { tiers: { slowPage: false, fastTicket: false } } }] }],
      },
      'slo.json',
    );
    const summary = [...render(model)].find((f) => f.path === 'SUMMARY.md')!.content;
    expect(summary).toContain('| slowTicket | warning | — | 0.0933% | 0.933x | 3d / 6h, for 3h | 10% in 3d |');
    expect(summary).toContain('- Error budget: 0.1% of events, or **40m19s** of full outage per 28d');
    expect(summary).toContain('No Alertmanager routing is configured');
    // No number with more than four decimals, no millisecond remainder on a budget.
    expect(summary).not.toMatch(/\d\.\d{5,}/);
    expect(summary).not.toMatch(/\d+s\d+ms/);
  });
});

describe('SUMMARY.md carries config text as text: Markdown in it forges no section, table or link', () => {
  const hostile = {
    description: 'Checkout works.\n## forged / section\n\n| forged | table |\n|---|---|\n`code` *bold* [link](https://evil.example) <b>html</b> &amp;\n- item\n1. first',
    responseTarget: 'within | 5 minutes ## now',
    expr: 'up{job=~"a|b`c"} == 0',
  };
  const config = {
    alertmanager: {
      severities: { critical: { receiver: 'pager', responseTarget: hostile.responseTarget }, warning: { receiver: 'pager' } },
      receivers: { pager: { webhook: { url: 'http://127.0.0.1:5001/' } } },
      defaultReceiver: 'pager',
    },
    services: [
      {
        name: 'api',
        slos: [{ name: 'availability', objective: 99.9, description: hostile.description, sli: { ratio: { errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } } }],
        alerts: [{ name: 'Odd', severity: 'critical', summary: 'odd', expr: hostile.expr }],
      },
    ],
  };
  const summary = [...render(validateConfig(config, 'hostile.json'))].find((f) => f.path === 'SUMMARY.md')!.content;
  const tokens = new MarkdownIt().parse(summary, {});

  it('keeps exactly the sections sloforge writes', () => {
    const headings = tokens.filter((t) => t.type === 'heading_open').map((t) => tokens[tokens.indexOf(t) + 1]!.content);
    expect(headings).toEqual(['SLO summary', 'Who is told', 'api / availability', 'api: threshold alerts']);
  });

  it('renders the description as one paragraph of its own words: no link, no code, no emphasis, no HTML, no list', () => {
    const paragraph = tokens.find((t) => t.type === 'inline' && t.content.includes('Checkout works'))!;
    expect(paragraph.children!.map((c) => c.type)).toEqual(['text']);
    expect(paragraph.children![0]!.content).toBe(hostile.description.replace(/\s+/g, ' '));
    expect(tokens.filter((t) => t.type === 'table_open')).toHaveLength(3);
    expect(tokens.some((t) => /^(bullet|ordered)_list_open$/.test(t.type) && tokens[tokens.indexOf(t) + 2]!.content.includes('item'))).toBe(false);
  });

  it('keeps every table row at its columns, with a pipe in a response target and a pipe and a backtick in a PromQL expression', () => {
    const rowCells = (rowText: string) => {
      const row = tokens.findIndex((t) => t.type === 'inline' && t.content.includes(rowText));
      const open = tokens.slice(0, row).findLastIndex((t) => t.type === 'tr_open');
      const close = tokens.findIndex((t, i) => i > open && t.type === 'tr_close');
      return tokens.slice(open, close).filter((t) => t.type === 'inline');
    };
    const routing = rowCells('within');
    expect(routing.map((c) => c.content.replace(/\\(.)/g, '$1'))).toEqual(['critical', 'pager', hostile.responseTarget]);
    const threshold = rowCells('returns a series');
    expect(threshold).toHaveLength(5);
    const code = threshold[3]!.children!.find((c) => c.type === 'code_inline')!;
    expect(code.content).toBe(hostile.expr);
  });
});
