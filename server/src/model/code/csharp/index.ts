import type { FrameworkExtractor } from '../extractor';
import { aspnetExtractor } from './aspnet-extractor';
import { dotnetHandlerExtractor } from './handler-extractor';

/** The C# framework extractors. */
export const csharpExtractors: FrameworkExtractor[] = [aspnetExtractor, dotnetHandlerExtractor];
