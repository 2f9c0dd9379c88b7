import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createNodeFileHost } from '../../../../server/src/engine/node-file-host';
import { apacheSource } from '../../../../server/src/sources/apache-source';

describe('Apache source: Debian layout', () => {
  it('analyses a site enabled by a link once, in the context of apache2.conf', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apache-debian-'));
    fs.mkdirSync(path.join(dir, 'sites-available'));
    fs.mkdirSync(path.join(dir, 'sites-enabled'));
    fs.writeFileSync(path.join(dir, 'apache2.conf'), 'IncludeOptional sites-enabled/*.conf\n');
    fs.writeFileSync(path.join(dir, 'sites-available/api.conf'), '<VirtualHost *:80>\n    ServerName api.example.com\n    Header always set Access-Control-Allow-Origin "*"\n</VirtualHost>\n');
    fs.symlinkSync('../sites-available/api.conf', path.join(dir, 'sites-enabled/api.conf'));
    const files = ['apache2.conf', 'sites-available/api.conf', 'sites-enabled/api.conf'].map((f) => path.join(dir, f));
    const r = apacheSource.analyze(files, createNodeFileHost());
    assert.equal(r.policies.length, 1);
    assert.equal(r.policies[0].label, 'VirtualHost *:80 (api.example.com)');
    assert.deepEqual(r.includes.get(path.join(dir, 'apache2.conf')), [path.join(dir, 'sites-enabled/api.conf')]);
  });
});
