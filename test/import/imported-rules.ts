/** An import run end to end: the written config, loaded as `sloforge generate` loads it, rendered, its rules read back. */
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { importSpecs, type ImportResult } from '../../src/import/index.ts';
import type { ImportFormat } from '../../src/import/write.ts';
import { generateInto } from '../support/generate.ts';

const REPO = resolve(import.meta.dirname, '../..');
export const FIXTURES = join(REPO, 'test/fixtures/import');
export const SLOTH_ANCHOR = '/work/shared/anchors/sloth';

export interface BurnAlert {
  readonly alert: string;
  readonly service: string;
  readonly slo: string;
  readonly long: string;
  readonly short: string;
  readonly factor: number;
  readonly for: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
}

export interface Generated {
  readonly result: ImportResult;
  readonly dir: string;
  readonly ruleFiles: string[];
  readonly rules: { record?: string; alert?: string; expr: string; for?: string; labels?: Record<string, string> }[];
}

/** Imports, writes the config into a project that depends on sloforge, and generates it. */
export async function importAndGenerate(paths: readonly string[], format: ImportFormat = 'yaml'): Promise<Generated> {
  const result = await importSpecs(paths, format);
  const project = await mkdtemp(join(tmpdir(), 'sloforge-import-'));
  await mkdir(join(project, 'node_modules'));
  await symlink(REPO, join(project, 'node_modules/sloforge'));
  const file = join(project, format === 'ts' ? 'slo.config.ts' : 'slo.config.yaml');
  await writeFile(file, result.text);
  const { dir, files } = await generateInto(file);
  const ruleFiles = files.filter((f) => f.startsWith('prometheus/rules/')).map((f) => join(dir, f));
  const rules = [];
  for (const ruleFile of ruleFiles) {
    const groups = (parse(await readFile(ruleFile, 'utf8')) as { groups: { rules: Generated['rules'] }[] }).groups;
    rules.push(...groups.flatMap((g) => g.rules));
  }
  return { result, dir, ruleFiles, rules };
}

/** The burn-rate alerts: the tier's windows from its labels, the factor it fires above from its expression. */
export function burnAlerts(rules: Generated['rules']): BurnAlert[] {
  return rules
    .filter((rule) => rule.alert !== undefined && rule.labels?.long_window !== undefined)
    .map((rule) => {
      const { service, slo, long_window, short_window, ...labels } = rule.labels!;
      const factors = [...rule.expr.matchAll(/> ([0-9.]+)\s*$/gm)].map((m) => Number(m[1]));
      if (factors.length === 0 || factors.some((f) => f !== factors[0])) throw new Error(`cannot read the factor of ${rule.alert}: ${rule.expr}`);
      return { alert: rule.alert!, service: service!, slo: slo!, long: long_window!, short: short_window!, factor: factors[0]!, for: rule.for, labels };
    });
}

export function recorded(rules: Generated['rules'], record: string, slo: string): string[] {
  return rules.filter((rule) => rule.record === record && rule.labels?.slo === slo).map((rule) => rule.expr);
}
