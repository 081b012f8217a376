import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals';
import { Factory } from './factories.js';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.js';

/**
 * One app per describe block: `let t: TestApp; let f: Factory; withTestApp((app, factory) => ([t, f] = [app, factory]));`
 * starts it before the block's tests and closes it after.
 */
export function withTestApp(assign: (app: TestApp, factory: Factory) => void, options: TestAppOptions = {}): void {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await createTestApp(options);
    assign(app, new Factory(app));
  });
  afterAll(async () => {
    await app?.close();
  });
}

/** Each test may move the product clock (tokens follow it): it is set back to where the test found it. */
export function withClockRestored(app: () => TestApp): void {
  let start: Date;
  beforeEach(() => {
    start = app().clock.now();
  });
  afterEach(() => app().clock.set(start));
}
