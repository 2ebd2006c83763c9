// node --test test/run-node.mjs (from the renderer directory): the pure modules' tests through node:test.
import { test as nodeTest } from 'node:test';
import { tests } from './harness.js';
import './all-tests.js';

for (const t of tests) {
  nodeTest(t.name, { skip: t.dom ? 'needs a browser DOM (run test/index.html)' : false }, () => t.fn());
}
