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
import { parseDuration } from '../../src/model/duration.ts';

const MASK = (1n << 64n) - 1n;
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & MASK;
const round = (acc: bigint, lane: bigint) => (rotl((acc + lane * P2) & MASK, 31n) * P1) & MASK;
const merge = (h: bigint, v: bigint) => (((h ^ round(0n, v)) * P1) & MASK) + P4 & MASK;

/** XXH64 with seed 0, the hash of Prometheus' label sets (cespare/xxhash). */
export function xxh64(bytes: Uint8Array): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u64 = (at: number) => view.getBigUint64(at, true);
  let at = 0;
  let h: bigint;
  if (bytes.length >= 32) {
    let [v1, v2, v3, v4] = [(P1 + P2) & MASK, P2, 0n, (MASK + 1n - P1) & MASK];
    for (; at + 32 <= bytes.length; at += 32) {
      v1 = round(v1, u64(at));
      v2 = round(v2, u64(at + 8));
      v3 = round(v3, u64(at + 16));
      v4 = round(v4, u64(at + 24));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK;
    for (const v of [v1, v2, v3, v4]) h = merge(h, v);
  } else h = P5;
  h = (h + BigInt(bytes.length)) & MASK;
  for (; at + 8 <= bytes.length; at += 8) h = ((rotl(h ^ round(0n, u64(at)), 27n) * P1) & MASK) + P4 & MASK;
  if (at + 4 <= bytes.length) {
    h = ((rotl(h ^ ((BigInt(view.getUint32(at, true)) * P1) & MASK), 23n) * P2) & MASK) + P3 & MASK;
    at += 4;
  }
  for (; at < bytes.length; at++) h = (rotl(h ^ ((BigInt(bytes[at]!) * P5) & MASK), 11n) * P1) & MASK;
  h = ((h ^ (h >> 33n)) * P2) & MASK;
  h = ((h ^ (h >> 29n)) * P3) & MASK;
  return h ^ (h >> 32n);
}

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
