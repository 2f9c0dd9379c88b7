import { apacheSource } from '../sources/apache-source';
import { codeSource } from '../sources/code-source';
import { nginxSource } from '../sources/nginx-source';
import type { SourceAnalyzer } from './source';

/** Every kind of input, in claiming order: the first source that claims a file gets it. */
export const sources: SourceAnalyzer[] = [nginxSource, apacheSource, codeSource];

const ready = new Map<SourceAnalyzer, Promise<void>>();

/** Runs one source's one-time set-up (parser loading), once. */
export function initSource(source: SourceAnalyzer): Promise<void> {
  let done = ready.get(source);
  if (!done) {
    done = Promise.resolve(source.init?.());
    ready.set(source, done);
  }
  return done;
}

/** Runs every source's one-time set-up; call and await before the first analysis. */
export function initSources(): Promise<void> {
  return Promise.all(sources.map(initSource)).then(() => undefined);
}
