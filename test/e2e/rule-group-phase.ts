/**
 * When in each interval Prometheus evaluates a rule group: not when it starts, but at a
 * fixed offset of the interval's slots, the hash of the group's name and file modulo the
 * interval (rules/group.go, EvalTimestamp). The file is the rule file's path as Prometheus
 * globbed it (the config's directory joined with rule_files), so a test that chooses the
 * directory a server reads its config from chooses its groups' offsets.
 */
import { readdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import xxhash from 'xxhash-wasm';
import { parseDuration } from '../../src/model/duration.ts';

/** XXH64 with seed 0, the hash of Prometheus' label sets (cespare/xxhash). */
const { h64Raw: xxh64 } = await xxhash();

/** Seconds after each interval's slot at which Prometheus evaluates group `name` of rule file `file`. */
export function groupPhase(name: string, file: string, intervalSeconds: number): number {
  // The label set {file, name}, sorted by name, each name and value followed by 0xff.
  const text = Buffer.concat([Buffer.from('file'), Buffer.from([0xff]), Buffer.from(file), Buffer.from([0xff]), Buffer.from('name'), Buffer.from([0xff]), Buffer.from(name), Buffer.from([0xff])]);
  const interval = BigInt(intervalSeconds) * 1_000_000_000n;
  return Number(xxh64(text) % interval) / 1e9;
}

/**
 * Links `target` (a directory holding a Prometheus config and its rules/) as `${prefix}-N`
 * with the first N at which every group of `interval` in rules/*.yml falls within `[from, to]`
 * seconds of its interval; returns the link and those groups' phases.
 */
export async function linkWithPhases(target: string, prefix: string, interval: string, [from, to]: readonly [number, number]): Promise<{ dir: string; phases: number[] }> {
  const seconds = parseDuration(interval)!;
  const files = (await readdir(join(target, 'rules'))).filter((name) => name.endsWith('.yml')).sort();
  const groups: { file: string; name: string }[] = [];
  for (const file of files) {
    const { groups: inFile } = parse(await readFile(join(target, 'rules', file), 'utf8')) as { groups: { name: string; interval?: string }[] };
    for (const group of inFile) if (group.interval === interval) groups.push({ file, name: group.name });
  }
  for (let n = 0; n < 1_000_000; n++) {
    const dir = `${prefix}-${n}`;
    const phases = groups.map((g) => groupPhase(g.name, join(dir, 'rules', g.file), seconds));
    if (phases.every((phase) => phase >= from && phase <= to)) {
      await symlink(target, dir);
      return { dir, phases };
    }
  }
  throw new Error(`no directory name under ${prefix} puts the ${interval} groups of ${target} within [${from}s, ${to}s]`);
}
