// Hash routes under /web (the server serves one page; /web#/ledger etc.). Each route names who may open it.
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { session } from './api/client';
import { loadSession, state } from './store';

const STAFF = ['admin', 'accountant', 'cadre', 'scorer', 'auditor'];

export const MENU: Array<{ path: string; title: string; roles: string[] }> = [
  { path: '/home', title: '首页', roles: STAFF },
  { path: '/households', title: '花名册', roles: STAFF },
  { path: '/ledger', title: '记账', roles: ['accountant', 'cadre', 'auditor', 'admin'] },
  { path: '/reports', title: '科目余额表', roles: ['accountant', 'cadre', 'auditor', 'admin'] },
  { path: '/shares', title: '股权', roles: ['accountant', 'cadre', 'auditor', 'admin'] },
  { path: '/charter', title: '章程设置', roles: ['cadre', 'auditor', 'admin'] },
  { path: '/scoring', title: '积分', roles: ['cadre', 'scorer', 'auditor', 'admin'] },
  { path: '/dividends', title: '分红', roles: ['cadre', 'accountant', 'auditor', 'admin'] },
  { path: '/health', title: '账本核验', roles: STAFF },
  { path: '/admin', title: '用户与村', roles: ['admin'] },
  { path: '/township', title: '乡镇汇总', roles: STAFF },
  { path: '/backups', title: '备份', roles: ['admin'] },
  { path: '/mine', title: '我家', roles: ['household'] },
];

const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/home' },
  { path: '/login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
  { path: '/home', component: () => import('./pages/HomePage.vue') },
  { path: '/households', component: () => import('./pages/HouseholdsPage.vue') },
  { path: '/household/:id', component: () => import('./pages/HouseholdPage.vue'), props: true },
  { path: '/ledger', component: () => import('./pages/LedgerPage.vue') },
  { path: '/reports', component: () => import('./pages/TrialBalancePage.vue') },
  { path: '/shares', component: () => import('./pages/SharesPage.vue') },
  { path: '/charter', component: () => import('./pages/CharterPage.vue') },
  { path: '/scoring', component: () => import('./pages/ScoringPage.vue') },
  { path: '/dividends', component: () => import('./pages/DividendsPage.vue') },
  { path: '/run/:id', component: () => import('./pages/RunPage.vue'), props: true },
  { path: '/run/:id/payments', component: () => import('./pages/RunPaymentsPage.vue'), props: true },
  { path: '/township', component: () => import('./pages/TownshipPage.vue') },
  { path: '/backups', component: () => import('./pages/BackupsPage.vue') },
  { path: '/health', component: () => import('./pages/HealthPage.vue') },
  { path: '/admin', component: () => import('./pages/AdminPage.vue') },
  { path: '/mine', component: () => import('./pages/MinePage.vue') },
  { path: '/:rest(.*)*', redirect: '/home' },
];

export const router = createRouter({ history: createWebHashHistory(), routes });

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (!session.token) return { path: '/login', query: { next: to.fullPath } };
  if (!state.me) await loadSession();
  const item = MENU.find((m) => to.path.startsWith(m.path));
  const mine = state.me?.role === 'household';
  if (mine && !['/mine', '/household', '/run'].some((p) => to.path.startsWith(p))) return '/mine';
  if (item && !item.roles.includes(state.me?.role ?? '')) return mine ? '/mine' : '/home';
  return true;
});
