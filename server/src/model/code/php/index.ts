import type { FrameworkExtractor } from '../extractor';
import { phpHeaderExtractor } from './header-extractor';
import { laravelExtractor } from './laravel-extractor';
import { symfonyExtractor } from './symfony-extractor';

/** The PHP framework extractors. */
export const phpExtractors: FrameworkExtractor[] = [phpHeaderExtractor, laravelExtractor, symfonyExtractor];
