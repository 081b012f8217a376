import type { TestApp } from './test-app.js';

/** Every user the factory creates has this password (policy-compliant). */
export const USER_PASSWORD = 'password-123';

let counter = 0;
const next = () => ++counter;

export type Role = 'admin' | 'accountant' | 'cadre' | 'scorer' | 'auditor' | 'household';

function expectStatus(res: { status: number; body: unknown }, status: number, what: string) {
  if (res.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** One-line builders of valid records over HTTP, as a user would create them. */
export class Factory {
  constructor(readonly t: TestApp) {}

  async village(overrides: Record<string, unknown> = {}): Promise<{ id: string; code: string; name: string }> {
    const n = next();
    const res = await this.t
      .as(await this.t.adminToken())
      .post('/api/villages')
      .send({ code: `V${n}`, name: `测试嘎查${n}`, ...overrides });
    expectStatus(res, 201, 'create village');
    return res.body;
  }

  /** Creates a user and returns its token. */
  async user(
    role: Role,
    villageId?: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ id: string; username: string; token: string }> {
    const username = `${role}${next()}`;
    const password = USER_PASSWORD;
    const res = await this.t
      .as(await this.t.adminToken())
      .post('/api/users')
      .send({ username, password, role, ...(villageId ? { villageId } : {}), ...extra });
    expectStatus(res, 201, `create ${role}`);
    return { id: res.body.id, username, token: await this.t.login(username, password) };
  }

  async household(villageId: string, token: string, members = 1, overrides: Record<string, unknown> = {}) {
    const code = (overrides.code as string) ?? `H${String(next()).padStart(4, '0')}`;
    const res = await this.t
      .as(token)
      .post(`/api/villages/${villageId}/households`)
      .send({
        code,
        headName: `户主${code}`,
        members: Array.from({ length: members }, (_, i) => ({
          name: `成员${code}-${i}`,
          relation: i === 0 ? '户主' : '子女',
        })),
        ...overrides,
      });
    expectStatus(res, 201, 'create household');
    return res.body as { id: string; code: string; members: { id: string }[] };
  }

  async income(villageId: string, token: string, amount: string, overrides: Record<string, unknown> = {}) {
    const res = await this.t
      .as(token)
      .post(`/api/villages/${villageId}/income`)
      .send({
        date: '2021-06-30',
        category: '经营收入',
        amount,
        voucherNo: `IN-${next()}`,
        ...overrides,
      });
    expectStatus(res, 201, 'record income');
    return res.body as { id: string; entryId: string; seq: number; hash: string };
  }

  async expense(villageId: string, token: string, amount: string, overrides: Record<string, unknown> = {}) {
    const res = await this.t
      .as(token)
      .post(`/api/villages/${villageId}/expenses`)
      .send({
        date: '2021-07-31',
        category: '管理费用',
        amount,
        voucherNo: `EX-${next()}`,
        ...overrides,
      });
    expectStatus(res, 201, 'record expense');
    return res.body;
  }

  /** A village with an accountant, two cadres, two scorers and an auditor. */
  async staffedVillage() {
    const village = await this.village();
    const [accountant, cadre, cadre2, scorer, scorer2, auditor] = await Promise.all([
      this.user('accountant', village.id),
      this.user('cadre', village.id),
      this.user('cadre', village.id),
      this.user('scorer', village.id),
      this.user('scorer', village.id),
      this.user('auditor', village.id),
    ]);
    return { village, accountant, cadre, cadre2, scorer, scorer2, auditor };
  }
}
