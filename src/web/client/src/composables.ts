// Shared page logic: the village's API prefix, years with data, paged server-side lists, confirmations.
import { ElMessage, ElMessageBox } from 'element-plus';
import { reactive, ref } from 'vue';
import { api, ApiError } from './api/client';
import type { JournalEntry, Page } from './api/types';
import { state } from './store';

export const V = (): { villageId: string } => ({ villageId: state.villageId });

/** The years that have journal entries (entries are in posting order, not date order), newest first. */
export async function journalYears(): Promise<number[]> {
  const count = (query: Record<string, string | number>) =>
    api.get<'/api/villages/{villageId}/journal', Page<JournalEntry>>('/api/villages/{villageId}/journal', {
      path: V(),
      query: { limit: 1, ...query },
    });
  const thisYear = Number(state.today.slice(0, 4));
  const first = await count({});
  if (!first.total) return [thisYear];
  const from = Math.min(Number(first.items[0].date.slice(0, 4)), thisYear);
  const years = Array.from({ length: thisYear - from + 1 }, (_, i) => thisYear - i);
  const totals = await Promise.all(years.map((y) => count({ from: `${y}-01-01`, to: `${y}-12-31` })));
  const found = years.filter((_, i) => totals[i].total > 0);
  return found.length ? found : [thisYear];
}

/** A list paged and filtered by the server (no silent cut-off): page, size, total, filters. */
export function usePaged<T, F extends Record<string, unknown>>(
  load: (query: F & { limit: number; offset: number }) => Promise<Page<T>>,
  filters: F,
  size = 20,
) {
  const list = reactive({ items: [] as T[], total: 0, page: 1, size, loading: false });
  const query = reactive(filters) as F;
  let ticket = 0;
  async function fetchPage(page = list.page) {
    const mine = ++ticket;
    list.loading = true;
    try {
      const res = await load({ ...(query as F), limit: list.size, offset: (page - 1) * list.size });
      if (mine !== ticket) return;
      list.items = res.items as never;
      list.total = res.total;
      list.page = page;
    } catch (e) {
      fail(e);
    } finally {
      if (mine === ticket) list.loading = false;
    }
  }
  return { list, query, fetchPage };
}

/** Shows an error the way people read it (the Chinese message). */
export function fail(e: unknown): void {
  ElMessage({
    type: 'error',
    // the pages' own checks throw Errors in Chinese ("请填写异议内容"): shown as they are
    message:
      e instanceof ApiError || (e instanceof Error && /[\u4e00-\u9fa5]/.test(e.message))
        ? e.message
        : '操作未成功，请重试',
    duration: 6000,
    showClose: true,
  });
}

export function done(message: string): void {
  ElMessage({ type: 'success', message, duration: 4000 });
}

/** Asks before an act that cannot be taken back (posting, reversing, paying); false when cancelled. */
export async function confirmAct(message: string, title = '请确认'): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, {
      confirmButtonText: '确定',
      cancelButtonText: '取消',
      type: 'warning',
    });
    return true;
  } catch {
    return false;
  }
}

/** Asks for a reason (冲销原因, 驳回理由…); null when cancelled. */
export async function askReason(title: string, label = '原因'): Promise<string | null> {
  try {
    const res = await ElMessageBox.prompt(`请填写${label}`, title, {
      confirmButtonText: '确定',
      cancelButtonText: '取消',
      inputValidator: (v: string) => (v && v.trim() ? true : `请填写${label}`),
    });
    return (res as { value: string }).value.trim();
  } catch {
    return null;
  }
}

export const busy = ref(false);
