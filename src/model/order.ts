/**
 * The one string order of everything sloforge emits: Unicode code points, whatever the
 * machine's locale (`localeCompare` sorts `aa` after `z` under `LANG=da_DK.UTF-8`).
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/**
 * UTF-16 units reordered so their order is that of the code points they encode: a
 * surrogate (U+D800–DFFF, half of a code point above U+FFFF) ranks above U+E000–FFFF.
 */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
