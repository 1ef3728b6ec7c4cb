/**
 * The config's check of alert templates agrees with Prometheus: what it refuses,
 * `promtool check rules` refuses, and what it lets through, promtool accepts.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkTemplate } from '../../src/config/checks.ts';
import { DiagnosticList } from '../../src/config/diagnostics.ts';
import { toYaml } from '../../src/output/serialize.ts';
import { promtool } from '../support/promtool.ts';

const TEXTS: readonly [string, 'valid' | 'refused'][] = [
  ['payload {"a":{"b":1}}', 'valid'],
  ['x }} y', 'valid'],
  ['{{ "}}" }}', 'valid'],
  ['{{ `}}` }}', 'valid'],
  ['{{/* {{ */}}', 'valid'],
  ['{{ printf "%q" "a\\"}}" }}', 'valid'],
  ['{{ $labels.job }} at {{ $value | humanizePercentage }}{{ if gt $value 1.0 }} (over){{ else }} (under){{ end }}', 'valid'],
  ['{{ $value', 'refused'],
  ['{{ "}} }}', 'refused'],
  ['a {{ if .x }}b', 'refused'],
  ['paged {{ end }}', 'refused'],
  ['{{ {{ }}', 'refused'],
  ['{{ $x }}', 'refused'],
  ['{{ $labels.job }} {{ $externalLabels.cluster }} {{ $externalURL }} {{ $ }}', 'valid'],
  ['{{ $n := 3 }}{{ $n }}', 'valid'],
  ['{{ if true }}{{ $n := 3 }}{{ end }}{{ $n }}', 'refused'],
  ['{{ range $i, $s := query "up" }}{{ $i }}{{ $s.Value }}{{ end }}', 'valid'],
  ['{{ bogus $value }}', 'refused'],
  ['{{ $value | humanize | toUpper }}', 'valid'],
  ['{{ with query "up" }}{{ . | first | value | humanize1024 }}{{ end }}', 'valid'],
  ['{{ reReplaceAll "a(.*)" "$1" $labels.instance | stripPort | title }}', 'valid'],
  ['{{ else }}', 'refused'],
  ['{{ if .x }}a{{ else if .y }}b{{ else }}c{{ end }}', 'valid'],
  ['{{ }}', 'refused'],
  ['{{ break }}', 'refused'],
  ['{{ range query "up" }}{{ break }}{{ end }}', 'valid'],
  ['{{- $value -}}', 'valid'],
  ['{{ printf "%.2f" $value }} {{ len $labels }} {{ index $labels "job" }}', 'valid'],
  ['{{ if and (gt $value 1.0) (lt $value 2.0) }}x{{ end }}', 'valid'],
  ['{{ template "x" }}', 'valid'],
  ['{{ define "x" }}a{{ end }}', 'valid'],
  ['{{ $value | humanizePercentage | nosuch }}', 'refused'],
];

describe('alert templates', () => {
  it.each(TEXTS)('%j is %s, by sloforge and by promtool alike', async (text, verdict) => {
    const problems = new DiagnosticList();
    checkTemplate(text, ['alerting', 'annotations', 'note'], problems);
    expect(problems.items.length === 0 ? 'valid' : 'refused').toBe(verdict);
    const file = join(await mkdtemp(join(tmpdir(), 'sloforge-template-')), 'rules.yml');
    await writeFile(file, toYaml({ groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0', annotations: { note: text } }] }] }));
    const check = await promtool(['check', 'rules', file]);
    expect(check.code === 0 ? 'valid' : 'refused', check.output).toBe(verdict);
  });
});
