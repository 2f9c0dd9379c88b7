import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';

/**
 * The official schema is draft-04; Ajv 8 speaks draft-07, which differs for
 * this schema only in the name of the id keyword (`id` → `$id`). Formats are
 * checked for real rather than ignored. One `pattern` of the schema has a stray
 * `]` that only non-unicode regular expressions accept, as JSON Schema tools of its time did.
 */
export function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../fixtures/cli/sarif-schema-2.1.0.json'), 'utf8'));
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s) && URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s) && URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile(schema);
}
