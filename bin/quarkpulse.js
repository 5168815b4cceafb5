#!/usr/bin/env -S node --no-memory-reducer
'use strict';
// The compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
// Node flags: src/daemon/node-flags.ts says why (a test keeps this line in step with it).
require('../dist/src/cli.js').main(process.argv.slice(2));
