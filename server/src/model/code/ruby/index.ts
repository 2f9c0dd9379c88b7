import type { FrameworkExtractor } from '../extractor';
import { rackCorsExtractor } from './rack-cors-extractor';

/** The Ruby framework extractors. */
export const rubyExtractors: FrameworkExtractor[] = [rackCorsExtractor];
