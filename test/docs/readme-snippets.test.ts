/** Every config snippet of the README validates through the library, as a user would paste it. */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { validateConfig } from '../../src/config/validate.ts';
import { configSnippets, fencedBlocks, NOT_A_CONFIG } from '../support/readme-snippets.ts';

const README = resolve(import.meta.dirname, '../../README.md');

/** Every problem of a snippet, its README line first; empty when it validates. */
function problems(snippet: ReturnType<typeof configSnippets>[number]): string[] {
  if (snippet.problem) return [`README.md:${snippet.line}: the ${snippet.language} block ${snippet.problem}`];
  try {
    validateConfig(snippet.config, `README.md:${snippet.line} (${snippet.placement})`);
    return [];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

describe('the README\'s config snippets', () => {
  it('every ts, yaml and json block is a config or a fragment that validates, or is marked as not a config', async () => {
    const markdown = await readFile(README, 'utf8');
    const snippets = configSnippets(markdown);
    // The whole example, SLI kinds (one per entry), alerting, a service, Prometheus and Alertmanager, dashboards.
    expect(snippets.flatMap(problems)).toEqual([]);
    expect(snippets.length).toBeGreaterThanOrEqual(10);
    expect(new Set(snippets.map((s) => s.placement))).toEqual(new Set(['whole', 'slo', 'top level', 'service']));
    expect(snippets.flatMap(problems)).toEqual([]);
  });

  it('marks only blocks that could be mistaken for configs', async () => {
    const markdown = await readFile(README, 'utf8');
    const marked = fencedBlocks(markdown).filter((block) => block.marked);
    for (const block of marked) expect(['ts', 'yaml', 'yml', 'json'], `README.md:${block.line}`).toContain(block.language);
  });
});

describe('the snippet check itself', () => {
  const readme = (...blocks: string[]) => blocks.join('\n\n');

  it('names the README line of a snippet that does not validate', () => {
    const snippets = configSnippets(readme('# t', '```ts\nsli: { ratio: { total: "x_total" } },\n```'));
    expect(snippets.flatMap(problems)).toEqual([expect.stringMatching(/^README\.md:3 \(slo\): \d+ problems?\n {2}services\[checkout\]\.slos\[availability\]\.sli\.ratio: .*errors.*good/)]);
  });

  it('refuses an unmarked block that is no config, and skips a marked one and shell blocks', () => {
    const rule = '```yaml\n- alert: ErrorBudgetBurn\n  expr: up == 0\n```';
    expect(configSnippets(readme(rule)).flatMap(problems)).toEqual(['README.md:1: the yaml block is not a mapping']);
    expect(configSnippets(readme(NOT_A_CONFIG, rule, '```sh\nnpm ci\n```'))).toEqual([]);
    expect(configSnippets(readme('```ts\nwhatever: 1,\n```')).flatMap(problems)).toEqual([
      `README.md:1: the ts block has keys (whatever) that fit no one place in a config; if it is not a config, put ${NOT_A_CONFIG} on the line before it`,
    ]);
  });

  it('gives a key written several times one config each, so none hides behind the last', () => {
    const snippets = configSnippets('```ts\nsli: { uptime: { gauge: "up" } },\nsli: { ratio: { total: "x_total" } },\n```');
    expect(snippets.map((s) => s.placement)).toEqual(['slo', 'slo']);
    expect(snippets.map(problems).map((p) => p.length)).toEqual([0, 1]);
  });
});
