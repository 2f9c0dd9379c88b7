import type { FrameworkExtractor } from '../extractor';
import { servletExtractor } from './servlet-extractor';
import { springExtractor } from './spring-extractor';

/** The Java framework extractors. */
export const javaExtractors: FrameworkExtractor[] = [springExtractor, servletExtractor];
