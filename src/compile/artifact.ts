/** What a compiler returns: a file's place under the output directory and its data; output/ serializes it. */
export interface Artifact {
  /** Relative to the output directory, `/`-separated. */
  readonly path: string;
  /** `yaml-stream`: a multi-document YAML file, `data` the documents in order; `go-template`: Alertmanager template text; `shell`: a POSIX sh script. */
  readonly format: 'yaml' | 'yaml-stream' | 'json' | 'markdown' | 'go-template' | 'shell';
  /** Plain data (objects, arrays, strings, numbers); for markdown, the text. */
  readonly data: unknown;
}
