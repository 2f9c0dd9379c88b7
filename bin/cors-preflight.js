#!/usr/bin/env node
'use strict';
require('./load-bundle.js').loadBundle(require('node:path').join(__dirname, '../dist/cli.js'));
