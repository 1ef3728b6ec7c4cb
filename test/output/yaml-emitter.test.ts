/**
 * The fast emitter writes exactly the bytes `yaml`'s stringify writes with serialize.ts's
 * options: on the example's artifacts, on random trees of the hostile strings the config
 * tests use (quotes, backslashes, newlines, tabs, indicators, document markers, non-ASCII,
 * control characters, things that read as numbers or booleans), at every depth, and it
 * parses back to the data.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { quoteWhereBlocksFail, toYaml, YAML_OPTIONS } from '../../src/output/serialize.ts';
import { loadConfig } from '../../src/config/load.ts';
import { compile } from '../../src/compile/index.ts';
import { awkwardText } from '../property/arbitraries.ts';

/** What serialize.ts wrote with `yaml` alone before the emitter, with the same replacer and options: the reference. */
const reference = (data: unknown) => stringify(data, quoteWhereBlocksFail, YAML_OPTIONS);

const tricky = fc.oneof(
  awkwardText,
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', ' ', 'null', 'Null', '~', 'true', 'FALSE', 'yes', 'no', 'on', '0', '-1', '1e3', '0x1F', '.inf', '.NaN', '12:30', '---', '--- x', '...', '%YAML', 'a\n---\nb', '- a', '? a', 'a: b', 'a #b', 'a:', ' lead', 'trail ', 'line\n', 'two\n\n', '\n', 'a\r\nb', '\u0085', '\u2028', '\ufeff', '\u0000', '\u007f', '\t', 'a\tb', 'x'.repeat(1100)),
);
const key = fc.oneof(fc.stringMatching(/^[a-z_][a-z0-9_.\/-]{0,12}$/), tricky);
const leaf = fc.oneof(tricky, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(key, tie('tree'), { maxKeys: 4 })),
}));
const documentRoot = fc.oneof(fc.dictionary(key, tree, { maxKeys: 5 }), fc.array(tree, { maxLength: 5 }));

describe('the YAML emitter', () => {
  it('writes what yaml writes, for random trees of hostile strings, numbers, booleans, null and undefined', () => {
    fc.assert(
      fc.property(documentRoot, (data) => {
        expect(toYaml(data)).toBe(reference(data));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes what yaml writes for every YAML artifact of the example config', async () => {
    const model = await loadConfig('slo.config.ts');
    let documents = 0;
    for (const artifact of compile(model)) {
      if (artifact.format !== 'yaml' && artifact.format !== 'yaml-stream') continue;
      for (const data of artifact.format === 'yaml' ? [artifact.data] : (artifact.data as unknown[])) {
        expect(toYaml(data)).toBe(reference(data));
        documents++;
      }
    }
    expect(documents).toBeGreaterThan(10);
  });

  it('reads back strings of blank lines with their spaces, which yaml alone writes as a block that loses them', () => {
    const blank = [' \n', '  \n', ' \n\n', '\n \n', ' \n \n', '\n\n   \n'];
    for (const value of blank) {
      expect(parse(stringify({ k: value }, { lineWidth: 0 })), 'yaml alone, which this works around').not.toEqual({ k: value });
      for (const data of [{ k: value }, [value], { k: [value] }, [{ k: value }]]) expect(parse(toYaml(data))).toEqual(data);
    }
    // Blank lines without spaces, and spaces on one line, read back as yaml writes them.
    expect(toYaml({ a: '\n\n', b: '  ' })).toBe('a: |+\n  \n\nb: "  "\n');
    expect(parse(toYaml({ a: '\n\n', b: '  ' }))).toEqual({ a: '\n\n', b: '  ' });
  });

  it('reads back as the data it wrote, tabs in strings and all', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_.\/-]{0,12}$/), fc.oneof(tricky, fc.array(tricky, { maxLength: 3 })), { minKeys: 1, maxKeys: 5 }), (data) => {
        expect(parse(toYaml(data))).toEqual(data);
      }),
      { numRuns: 1000 },
    );
  });
});
