import type { FrameworkExtractor } from '../extractor';
import { ginExtractor } from './gin-extractor';
import { goHttpExtractor } from './http-extractor';
import { rsCorsExtractor } from './rscors-extractor';

/** The Go extractors: rs/cors, gin-contrib/cors and hand-written net/http headers. */
export const goExtractors: FrameworkExtractor[] = [rsCorsExtractor, ginExtractor, goHttpExtractor];
