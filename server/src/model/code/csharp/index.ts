import type { FrameworkExtractor } from '../extractor';
import { aspnetExtractor } from './aspnet-extractor';

/** The C# framework extractors. */
export const csharpExtractors: FrameworkExtractor[] = [aspnetExtractor];
