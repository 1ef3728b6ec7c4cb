/** A problem in the config, with the path of the value it is about: `services[0].slos[1].objective`. */
export interface Diagnostic {
  readonly path: string;
  readonly message: string;
}

/** Thrown when a config cannot be used; carries every problem found, not just the first. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super(`${file}: ${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'}\n${diagnostics.map(formatDiagnostic).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function formatDiagnostic(diagnostic: Diagnostic): string {
  return diagnostic.path ? `  ${diagnostic.path}: ${diagnostic.message}` : `  ${diagnostic.message}`;
}

/** `['services', 0, 'slos', 1]` → `services[0].slos[1]`. */
export function configPath(segments: readonly (string | number)[]): string {
  return segments
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const safe = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment) ? segment : JSON.stringify(segment);
      if (safe !== segment) return `[${safe}]`;
      return index === 0 ? segment : `.${segment}`;
    })
    .join('');
}

/** Collects diagnostics under a path prefix, so checks deep in the tree need not know where they are. */
export class DiagnosticList {
  readonly items: Diagnostic[] = [];

  add(path: readonly (string | number)[], message: string): void {
    this.items.push({ path: configPath(path), message });
  }
}
