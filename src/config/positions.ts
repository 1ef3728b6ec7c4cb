/** Where a config path is written in a YAML or JSON text, from the `yaml` package's node ranges. */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Locate, Path } from './diagnostics.ts';

/**
 * The position of a path in a parsed YAML document: of the value where it is a scalar,
 * of its key where it is a block (which starts on the lines below), and of the nearest
 * written ancestor where the path is not written at all (a missing field).
 */
export function yamlPositions(document: Document, lines: LineCounter): Locate {
  return (path: Path) => {
    let node: unknown = document.contents;
    let offset = (node as Node | null)?.range?.[0];
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(document);
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        node = isAlias(pair.value) ? pair.value.resolve(document) : pair.value;
        offset = (isScalar(node) ? node.range?.[0] : undefined) ?? (pair.key as Node).range?.[0] ?? offset;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
        node = node.items[segment];
        offset = (node as Node).range?.[0] ?? offset;
      } else break;
    }
    if (offset === undefined) return undefined;
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
}

/** Positions in a JSON text, which parses as YAML; parsed only once a problem asks for one. */
export function jsonPositions(text: string): Locate {
  let locate: Locate | undefined;
  return (path) => {
    if (!locate) {
      const lines = new LineCounter();
      const document = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
      locate = document.errors.length > 0 ? () => undefined : yamlPositions(document, lines);
    }
    return locate(path);
  };
}
