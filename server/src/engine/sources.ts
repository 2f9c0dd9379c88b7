import { apacheSource } from '../sources/apache-source';
import { codeSource } from '../sources/code-source';
import { nginxSource } from '../sources/nginx-source';
import type { SourceAnalyzer } from './source';

/** Every kind of input, in claiming order: the first source that claims a file gets it. */
export const sources: SourceAnalyzer[] = [nginxSource, apacheSource, codeSource];

let ready: Promise<void> | undefined;

/** Runs each source's one-time set-up (parser loading); call and await before the first analysis. */
export function initSources(): Promise<void> {
  ready ??= Promise.all(sources.map((s) => s.init?.())).then(() => undefined);
  return ready;
}
