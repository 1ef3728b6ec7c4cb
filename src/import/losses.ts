/**
 * What an import could not carry across, each with the source file and the YAML path
 * it is about. Nothing the source says is dropped without one of these.
 */
export interface Loss {
  readonly file: string;
  /** YAML path in the source document: `slos[0].sli.plugin`, `spec.indicator.latencyNative`. */
  readonly path: string;
  readonly message: string;
  /** The whole SLO stayed behind, not only one of its options. */
  readonly dropsSlo: boolean;
}

/** Where in one source document a mapper is reading: the file, and which document of its stream. */
export interface SourceRef {
  readonly file: string;
  /** Index of the document in a multi-document stream; undefined in a file of one document. */
  readonly document?: number;
}

export function sourcePath(source: SourceRef, path: string): string {
  return source.document === undefined ? path : `[document ${source.document}] ${path}`;
}

export function formatLoss(loss: Loss): string {
  return `${loss.file}: ${loss.path}: ${loss.message}${loss.dropsSlo ? ' (SLO not imported)' : ''}`;
}

export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${file}: ${path ? `${path}: ` : ''}${problem}`);
    this.name = 'ImportError';
  }
}
