import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import type { TestApp } from '../support/test-app.js';
import type { Factory } from '../support/factories.js';
import { withTestApp } from '../support/with-test-app.js';

describe('OpenAPI document', () => {
  let t: TestApp;
  let f: Factory;
  withTestApp((app, factory) => ([t, f] = [app, factory]));

  it('dumps', async () => {
    const docs = await t.http.get('/api/docs-json');
    writeFileSync('/tmp/oa/doc.json', JSON.stringify(docs.body, null, 1));
    expect(f).toBeDefined();
  });
});
