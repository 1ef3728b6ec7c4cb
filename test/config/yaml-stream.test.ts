/** A YAML config written as several documents: the services lists joined in order, every other key written once. */
import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.ts';
import { render } from '../../src/render.ts';

const service = (name: string, objective = 99.9) => ({
  name,
  slos: [{ name: 'availability', objective, sli: { ratio: { errors: `http_requests_total{job="${name}",code=~"5.."}`, total: `http_requests_total{job="${name}"}` } } }],
});
const alerting = { runbookUrl: 'https://runbooks.example/slo' };

async function written(name: string, text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'sloforge-stream-')), name);
  await writeFile(file, text);
  return file;
}

const refusal = (file: string) => loadConfig(file, 'slo.yaml').then(() => 'accepted', (error: Error) => error.message);

describe('a multi-document YAML config', () => {
  it('generates the same files as the one document it is split from', async () => {
    const whole = await written('whole.yaml', stringify({ alerting, services: [service('checkout'), service('search')] }));
    const stream = await written('stream.yaml', ['# shared alerting', stringify({ alerting }), stringify({ services: [service('checkout')] }), stringify({ services: [service('search')] })].join('---\n'));
    const files = (model: Awaited<ReturnType<typeof loadConfig>>) => [...render(model)].map((file) => [file.path, file.content]);
    expect(files(await loadConfig(stream, 'slo.yaml'))).toEqual(files(await loadConfig(whole, 'slo.yaml')));
  });

  it('names a problem in a later document by the joined path and its own line', async () => {
    const stream = await written('stream.yaml', [stringify({ services: [service('checkout')] }), stringify({ services: [service('search', 150)] })].join('---\n'));
    expect(await refusal(stream)).toMatch(/services\[search\]\.slos\[availability\]\.objective: must be < 100 \(line 15, column 20\)/);
  });

  it('refuses a key other than services written in two documents, and a document that is no mapping', async () => {
    const twice = await written('twice.yaml', [stringify({ alerting }), stringify({ alerting, services: [service('checkout')] })].join('---\n'));
    expect(await refusal(twice)).toMatch(/alerting: is set in documents 1 and 2 of the stream; write it in one document \(only services lists are joined\) \(line 4, column 1\)/);
    const list = await written('list.yaml', `- checkout\n---\n${stringify({ services: [service('checkout')] })}`);
    expect(await refusal(list)).toMatch(/document 1 of the stream must be a mapping of config keys/);
    const notList = await written('not-list.yaml', `services: {}\n---\n${stringify({ services: [service('checkout')] })}`);
    expect(await refusal(notList)).toMatch(/services: must be a list in document 1 of the stream/);
  });

  it('skips empty documents, as a stream that starts or ends with --- has', async () => {
    const stream = await written('stream.yaml', `---\n${stringify({ services: [service('checkout')] })}---\n`);
    expect((await loadConfig(stream)).services.map((s) => s.name)).toEqual(['checkout']);
    expect(await refusal(await written('comments.yaml', '# nothing yet\n---\n'))).toMatch(/must be an object with a "services" list, got null/);
  });
});
