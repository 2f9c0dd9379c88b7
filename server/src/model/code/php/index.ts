import type { FrameworkExtractor } from '../extractor';
import { phpHeaderExtractor } from './header-extractor';

/** The PHP framework extractors. */
export const phpExtractors: FrameworkExtractor[] = [phpHeaderExtractor];
