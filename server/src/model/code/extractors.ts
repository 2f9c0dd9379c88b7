import type { FrameworkExtractor } from './extractor';
import { goExtractors } from './go/index';
import { csharpExtractors } from './csharp/index';
import { javaExtractors } from './java/index';
import { jsExtractors } from './js/index';
import { pythonExtractors } from './python/index';
import { phpExtractors } from './php/index';
import { rubyExtractors } from './ruby/index';

/** Every framework extractor; a new framework adds one line here. */
export const extractors: FrameworkExtractor[] = [
  // First: the Go fixer answers for .go files before the JS one reads their text as JavaScript.
  ...goExtractors,
  ...jsExtractors,
  ...javaExtractors,
  ...csharpExtractors,
  ...pythonExtractors,
  ...rubyExtractors,
  ...phpExtractors,
];
