import type { FrameworkExtractor } from './extractor';
import { javaExtractors } from './java/index';
import { jsExtractors } from './js/index';
import { pythonExtractors } from './python/index';
import { rubyExtractors } from './ruby/index';

/** Every framework extractor; a new framework adds one line here. */
export const extractors: FrameworkExtractor[] = [
  ...jsExtractors,
  ...javaExtractors,
  ...pythonExtractors,
  ...rubyExtractors,
];
