/** A model as the files it renders to: compile, serialize, list in the manifest. Pure. */
import { compile } from './compile/index.ts';
import { serialize } from './output/serialize.ts';
import { withManifest, type RenderedFile } from './output/emit.ts';
import type { Model } from './model/slo.ts';

/** The files one at a time, the manifest last. */
export function render(model: Model): Generator<RenderedFile> {
  return withManifest(serialized(model));
}

function* serialized(model: Model): Generator<RenderedFile> {
  for (const artifact of compile(model)) yield { path: artifact.path, content: serialize(artifact, model.source) };
}
