// Who is logged in, their villages, the chosen village and the server's business date.
import { reactive } from 'vue';
import { api, forgetToken, raw, session } from './api/client';
import type { Me, Page, Village } from './api/types';

export const state = reactive({
  me: null as Me | null,
  villages: [] as Village[],
  villageId: sessionStorage.getItem('villageId') ?? '',
  /** Beijing business date from /api/clock (never the browser's UTC date) */
  today: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()),
});

export async function loadSession(): Promise<void> {
  const [me, villages, clock] = await Promise.all([
    api.get<'/api/auth/me', Me>('/api/auth/me'),
    api.get<'/api/villages', Page<Village>>('/api/villages'),
    api.get<'/api/clock', { today: string }>('/api/clock'),
  ]);
  state.me = me;
  state.villages = villages.items;
  state.today = clock.today;
  if (!state.villages.some((v) => v.id === state.villageId)) state.villageId = state.villages[0]?.id ?? '';
  sessionStorage.setItem('villageId', state.villageId);
}

export function chooseVillage(id: string): void {
  state.villageId = id;
  sessionStorage.setItem('villageId', id);
}

export async function logout(): Promise<void> {
  if (session.token) await raw('POST', '/api/auth/logout').catch(() => undefined);
  forgetToken();
  state.me = null;
  sessionStorage.removeItem('villageId');
}

export const role = (): string => state.me?.role ?? '';
export const can = (...roles: string[]): boolean => roles.includes(role());
