import type { FrameworkExtractor } from '../extractor';
import { djangoExtractor } from './django-extractor';
import { flaskExtractor } from './flask-extractor';
import { pythonHandlerExtractor } from './python-handler-extractor';
import { starletteExtractor } from './starlette-extractor';

/** The Python framework extractors. */
export const pythonExtractors: FrameworkExtractor[] = [flaskExtractor, djangoExtractor, starletteExtractor, pythonHandlerExtractor];
