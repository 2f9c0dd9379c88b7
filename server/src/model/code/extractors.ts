import type { FrameworkExtractor } from './extractor';

/** Every framework extractor; a new framework adds one line here. */
export const extractors: FrameworkExtractor[] = [];
