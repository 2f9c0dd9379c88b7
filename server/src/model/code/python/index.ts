import type { FrameworkExtractor } from '../extractor';

/** The Python framework extractors. */
export const pythonExtractors: FrameworkExtractor[] = [];
