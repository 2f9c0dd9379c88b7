import type { FixProvider } from '../../../rules/rule';
import { djangoFixProvider } from '../../../fixes/python-django-fixer';
import type { CorsPolicy } from '../../cors-policy';
import type { CodeFile } from '../code-project';
import type { DjangoCorsConfig } from './django-policy';
import type { DjangoSetting } from './django-settings';

/** Where a Django policy's settings were written, for fixes that rewrite them. */
export interface DjangoTarget {
  settingsFile: CodeFile;
  settings: Map<string, DjangoSetting>;
  config: DjangoCorsConfig;
}

/** Filled by the extractor, read by the fixer: policies are the same objects in one analysis. */
export const djangoTargets = new WeakMap<CorsPolicy, DjangoTarget>();

export function djangoFixer(readText: (file: string) => string | undefined): Partial<FixProvider> {
  return djangoFixProvider(readText);
}
