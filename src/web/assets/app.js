// 集体经济分红账本 — the web interface: a small client over the same HTTP API, in simplified Chinese.
(function () {
  'use strict';

  // ---- state and API ---------------------------------------------------------------------------
  const state = {
    token: sessionStorage.getItem('token') || '',
    me: null,
    villages: [],
    villageId: sessionStorage.getItem('villageId') || '',
  };

  async function api(method, path, body, isForm) {
    const headers = {};
    if (state.token) headers.authorization = 'Bearer ' + state.token;
    if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
    const res = await fetch(path, { method, headers, body: isForm ? body : body !== undefined ? JSON.stringify(body) : undefined });
    const type = res.headers.get('content-type') || '';
    const data = type.includes('json') ? await res.json() : type.includes('text') ? await res.text() : await res.blob();
    if (res.status === 401 && path !== '/api/auth/login') {
      logout();
      throw Object.assign(new Error('登录已过期，请重新登录'), { status: 401, body: data });
    }
    if (!res.ok) throw Object.assign(new Error(messageOf(data)), { status: res.status, body: data });
    return data;
  }

  function messageOf(body) {
    if (!body) return '请求失败';
    if (Array.isArray(body.message)) return body.message.join('；');
    return body.message || String(body);
  }

  // ---- DOM helpers (text only: never innerHTML with data) ---------------------------------------
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
    return el;
  }
  const app = () => document.getElementById('app');
  function render(...nodes) {
    app().replaceChildren(...nodes);
  }
  const yuan = (s) => {
    const [w, f] = String(s).split('.');
    return w.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '.' + ((f || '') + '00').slice(0, 2);
  };
  // Amounts stay exact: yuan strings ⇄ integer fen, never floats.
  const toFen = (s) => {
    const [w, f = ''] = String(s).split('.');
    return Number(w) * 100 + Number((f + '00').slice(0, 2));
  };
  const fenText = (fen) => `${Math.trunc(fen / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
  const num = (v) => h('td', { class: 'num' }, v);
  function table(headers, rows, numeric) {
    return h('table', {}, h('thead', {}, h('tr', {}, headers.map((x, i) => h('th', { class: numeric && numeric.includes(i) ? 'num' : '' }, x)))), h('tbody', {}, rows));
  }
  function message(text, ok) {
    return h('div', { class: 'msg ' + (ok ? 'ok' : 'bad'), role: 'status' }, text);
  }

  /** A form whose fields show the server's 400/422 messages next to them. */
  function form(fields, submitLabel, onSubmit, opts) {
    const errors = {};
    const status = h('div');
    const el = h('form', { class: 'grid', novalidate: false });
    for (const f of fields) {
      const input = f.type === 'select'
        ? h('select', { name: f.name, required: f.required }, f.options.map((o) => h('option', { value: Array.isArray(o) ? o[0] : o }, Array.isArray(o) ? o[1] : o)))
        : f.type === 'textarea'
          ? h('textarea', { name: f.name, rows: f.rows || 3, required: f.required, placeholder: f.placeholder })
          : h('input', { name: f.name, type: f.type || 'text', required: f.required, pattern: f.pattern, placeholder: f.placeholder, value: f.value, step: f.step, min: f.min, max: f.max, maxlength: f.maxlength, title: f.title });
      if (f.value !== undefined && f.type === 'select') input.value = f.value;
      errors[f.name] = h('span', { class: 'err', 'data-error-for': f.name });
      el.append(h('label', {}, f.label, input, errors[f.name]));
    }
    const button = h('button', { type: 'submit' }, submitLabel);
    el.append(h('div', {}, button), status);
    el.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      for (const e of Object.values(errors)) e.textContent = '';
      status.replaceChildren();
      if (!el.checkValidity()) {
        el.reportValidity();
        return;
      }
      const values = Object.fromEntries(new FormData(el).entries());
      button.disabled = true;
      try {
        const result = await onSubmit(values, el);
        if (result !== undefined) status.replaceChildren(message(typeof result === 'string' ? result : '已保存', true));
        if (opts && opts.reset) el.reset();
      } catch (error) {
        showErrors(error, errors, status);
      } finally {
        button.disabled = false;
      }
    });
    return el;
  }

  function showErrors(error, errors, status) {
    const body = error.body || {};
    const list = Array.isArray(body.message) ? body.message : [];
    let placed = false;
    for (const m of list) {
      const field = String(m).split(/[:.]/)[0].trim();
      if (errors[field]) {
        errors[field].textContent = m;
        placed = true;
      }
    }
    if (Array.isArray(body.errors) && body.errors.length) {
      status.replaceChildren(message(error.message, false), table(['行/序号', '字段', '错误'], body.errors.map((e) => h('tr', {}, h('td', {}, e.row ?? e.index), h('td', {}, e.field), h('td', {}, e.message)))));
      return;
    }
    if (!placed || error.status !== 400) status.replaceChildren(message(`${error.status || ''} ${error.message}`, false));
  }

  async function openBlob(path, filename) {
    const blob = await api('GET', path);
    // A blob: document resolves no relative URL (the printouts' /web/assets/print.js): this origin is its base.
    const html = () => new Blob([String(blob).replace('<head>', `<head><base href="${location.origin}/">`)], { type: 'text/html' });
    const url = URL.createObjectURL(blob instanceof Blob ? blob : html());
    if (filename) {
      const a = h('a', { href: url, download: filename });
      document.body.append(a);
      a.click();
      a.remove();
    } else {
      window.open(url, '_blank');
    }
  }

  // ---- session and navigation ------------------------------------------------------------------
  /** endSession: the user clicked 退出, so the server ends the token too (a 401 means it already has). */
  function logout(endSession) {
    if (endSession && state.token) {
      fetch('/api/auth/logout', { method: 'POST', headers: { authorization: 'Bearer ' + state.token } }).catch(() => {});
    }
    state.token = '';
    state.me = null;
    sessionStorage.clear();
    location.hash = '#/login';
  }

  const NAV = [
    ['#/home', '首页', ['admin', 'accountant', 'cadre', 'scorer', 'auditor']],
    ['#/ledger', '记账', ['accountant', 'cadre', 'auditor', 'admin']],
    ['#/households', '花名册', ['admin', 'accountant', 'cadre', 'scorer', 'auditor']],
    ['#/scoring', '积分', ['cadre', 'scorer', 'auditor', 'admin']],
    ['#/dividends', '分红', ['cadre', 'accountant', 'auditor', 'admin']],
    ['#/health', '账本核验', ['admin', 'accountant', 'cadre', 'scorer', 'auditor']],
    ['#/mine', '我家', ['household']],
  ];

  function drawNav() {
    const nav = document.getElementById('nav');
    const who = document.getElementById('who');
    if (!state.me) {
      nav.replaceChildren();
      who.replaceChildren();
      return;
    }
    nav.replaceChildren(...NAV.filter((n) => n[2].includes(state.me.role)).map((n) => h('a', { href: n[0], class: location.hash.startsWith(n[0]) ? 'active' : '' }, n[1])));
    const roleName = { admin: '管理员', accountant: '会计', cadre: '干部', scorer: '评议员', auditor: '审计', household: '农牧户' }[state.me.role];
    const select = state.villages.length > 1
      ? h('select', { 'aria-label': '选择嘎查/村', onchange: (e) => { state.villageId = e.target.value; sessionStorage.setItem('villageId', state.villageId); route(); } },
        state.villages.map((v) => h('option', { value: v.id, selected: v.id === state.villageId }, v.name)))
      : h('span', {}, (state.villages[0] || {}).name || '');
    who.replaceChildren(select, ` ${state.me.username}（${roleName}） `, h('a', { href: '#/login', onclick: (e) => { e.preventDefault(); logout(true); } }, '退出'));
  }

  async function loadSession() {
    state.me = await api('GET', '/api/auth/me');
    state.villages = (await api('GET', '/api/villages')).items;
    state.today = (await api('GET', '/api/clock')).today;
    if (!state.villages.some((v) => v.id === state.villageId)) state.villageId = (state.villages[0] || {}).id || '';
    sessionStorage.setItem('villageId', state.villageId);
  }

  const V = () => `/api/villages/${state.villageId}`;
  // Business dates come from the server (its time zone and CLOCK), never from the browser's UTC date.
  // Until /api/clock answers, the browser's own clock read in Beijing time (en-CA formats YYYY-MM-DD).
  const today = () => state.today || new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const thisYear = () => Number(today().slice(0, 4));

  // ---- pages -----------------------------------------------------------------------------------
  function loginPage() {
    render(
      h('section', { class: 'card' }, h('h1', {}, '登录'),
        form([
          { name: 'username', label: '用户名', required: true, maxlength: 64 },
          { name: 'password', label: '密码', type: 'password', required: true },
        ], '登录', async (v) => {
          const res = await api('POST', '/api/auth/login', { username: v.username, password: v.password });
          state.token = res.accessToken;
          sessionStorage.setItem('token', state.token);
          await loadSession();
          location.hash = state.me.role === 'household' ? '#/mine' : '#/home';
        })),
    );
  }

  async function homePage() {
    const village = state.villages.find((v) => v.id === state.villageId);
    const parts = [h('h1', {}, village ? `${village.name}（${village.code}）` : '尚未分配嘎查/村')];
    if (state.me.role === 'admin') {
      parts.push(h('section', { class: 'card' }, h('h2', {}, '新建嘎查/村'), form([
        { name: 'code', label: '编号', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9_.\\-]{0,31}' },
        { name: 'name', label: '名称', required: true, maxlength: 64 },
        { name: 'township', label: '苏木/乡镇', maxlength: 64 },
      ], '创建', async (v) => {
        await api('POST', '/api/villages', { code: v.code, name: v.name, ...(v.township ? { township: v.township } : {}) });
        await loadSession();
        drawNav();
        return '已创建';
      }, { reset: true })));
      parts.push(h('section', { class: 'card' }, h('h2', {}, '新建用户'), form([
        { name: 'username', label: '用户名', required: true },
        { name: 'password', label: '初始密码（至少10位，不含用户名，不能太常见）', type: 'password', required: true, pattern: '.{10,200}', title: '至少10个字符' },
        { name: 'role', label: '角色', type: 'select', options: [['accountant', '会计'], ['cadre', '干部'], ['scorer', '评议员'], ['auditor', '审计'], ['household', '农牧户'], ['admin', '管理员']] },
        { name: 'householdId', label: '户ID（农牧户用户）' },
      ], '创建用户', async (v) => {
        await api('POST', '/api/users', { username: v.username, password: v.password, role: v.role, ...(v.householdId ? { householdId: v.householdId } : { villageId: state.villageId }) });
        return '已创建用户 ' + v.username;
      }, { reset: true })));
    }
    if (village) {
      const head = await api('GET', `${V()}/ledger/head`);
      parts.push(h('section', { class: 'card' }, h('h2', {}, '账本链头（请抄录公示）'), h('p', {}, `第 ${head.seq} 号凭证`), h('p', { class: 'hash' }, head.hash)));
    }
    parts.push(h('section', { class: 'card' }, h('h2', {}, '修改密码'), form([
      { name: 'old', label: '原密码', type: 'password', required: true },
      { name: 'new', label: '新密码（至少10位，不含用户名，不能太常见）', type: 'password', required: true, pattern: '.{10,200}', title: '至少10个字符' },
    ], '修改密码', async (v) => {
      await api('POST', '/api/auth/password', { old: v.old, new: v.new });
      return '密码已修改；其他设备上的登录已退出';
    }, { reset: true })));
    render(...parts);
  }

  async function ledgerPage() {
    const sources = (await api('GET', `${V()}/income-sources`)).items;
    const canWrite = state.me.role === 'accountant';
    const journalBox = h('div');
    const todayDate = today();
    const amountField = { name: 'amount', label: '金额（元）', required: true, pattern: '\\d+(\\.\\d{1,2})?', placeholder: '例如 120000.00', title: '最多两位小数' };
    const parts = [h('h1', {}, '记账')];
    if (canWrite) {
      parts.push(h('section', { class: 'card' }, h('h2', {}, '录入收入'), form([
        { name: 'date', label: '日期', type: 'date', required: true, value: todayDate, max: todayDate },
        { name: 'category', label: '收入类别', type: 'select', options: ['经营收入', '投资收益', '补助收入', '其他收入'] },
        { name: 'sourceCode', label: '收入来源', type: 'select', options: [['', '（不指定）'], ...sources.map((s) => [s.code, s.name])] },
        amountField,
        { name: 'voucherNo', label: '凭证号', required: true, maxlength: 64 },
        { name: 'distributable', label: '是否参与分配', type: 'select', options: [['true', '是'], ['false', '否（征地补偿、捐赠、资产处置）']] },
        { name: 'memo', label: '摘要', maxlength: 1000 },
      ], '保存收入', async (v) => {
        const res = await api('POST', `${V()}/income`, { date: v.date, category: v.category, amount: v.amount, voucherNo: v.voucherNo, distributable: v.distributable === 'true', ...(v.sourceCode ? { sourceCode: v.sourceCode } : {}), ...(v.memo ? { memo: v.memo } : {}) });
        loadJournal();
        return `已记账：第 ${res.seq} 号凭证`;
      }, { reset: true })));
      parts.push(h('section', { class: 'card' }, h('h2', {}, '录入支出'), form([
        { name: 'date', label: '日期', type: 'date', required: true, value: todayDate, max: todayDate },
        { name: 'category', label: '支出类别', type: 'select', options: ['经营支出', '管理费用', '其他支出', '公益支出'] },
        amountField,
        { name: 'voucherNo', label: '凭证号', required: true, maxlength: 64 },
        { name: 'memo', label: '摘要', maxlength: 1000 },
      ], '保存支出', async (v) => {
        const res = await api('POST', `${V()}/expenses`, { date: v.date, category: v.category, amount: v.amount, voucherNo: v.voucherNo, ...(v.memo ? { memo: v.memo } : {}) });
        loadJournal();
        return `已记账：第 ${res.seq} 号凭证`;
      }, { reset: true })));
    }
    const filter = { from: '', to: '', kind: '' };
    parts.push(h('section', { class: 'card' }, h('h2', {}, '序时账（凭证列表）'),
      h('div', { class: 'row noprint' },
        h('label', {}, '从', h('input', { type: 'date', onchange: (e) => { filter.from = e.target.value; loadJournal(); } })),
        h('label', {}, '到', h('input', { type: 'date', onchange: (e) => { filter.to = e.target.value; loadJournal(); } })),
        h('label', {}, '类型', h('select', { onchange: (e) => { filter.kind = e.target.value; loadJournal(); } },
          [['', '全部'], ['income', '收入'], ['expense', '支出'], ['reversal', '冲销'], ['dividend', '分红'], ['payment', '兑付'], ['close', '结账']].map(([v, t]) => h('option', { value: v }, t)))),
        h('button', { class: 'secondary', onclick: () => openBlob(`${V()}/journal/export.xlsx`, 'journal.xlsx') }, '导出 XLSX')),
      journalBox));
    const balanceBox = h('div');
    const year = thisYear();
    parts.push(h('section', { class: 'card' }, h('h2', {}, '科目余额表 / 收入来源'), h('div', { class: 'row' },
      h('label', {}, '年度', h('input', { type: 'number', min: 2000, max: 2100, value: year, onchange: (e) => loadBalance(e.target.value) }))), balanceBox));
    render(...parts);

    async function loadJournal() {
      const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v));
      const data = await api('GET', `${V()}/journal?limit=500&${q}`);
      journalBox.replaceChildren(h('p', { class: 'muted' }, `共 ${data.total} 条`), table(['号', '日期', '凭证号', '摘要', '借方', '贷方', ''], data.items.slice().reverse().map((e) => {
        const debit = e.lines.reduce((s, l) => s + toFen(l.debit), 0);
        const reverseBox = h('span');
        const canReverse = canWrite && ['income', 'expense', 'payment', 'manual'].includes(e.kind);
        return h('tr', { 'data-seq': e.seq }, h('td', {}, e.seq), h('td', {}, e.date), h('td', {}, e.voucherNo), h('td', {}, e.memo || e.kind),
          num(yuan(fenText(debit))), num(yuan(fenText(debit))),
          h('td', {}, canReverse ? h('button', { class: 'secondary', onclick: () => reverseBox.replaceChildren(form([{ name: 'reason', label: '冲销原因', required: true, maxlength: 1000 }], '确认冲销', async (v) => {
            const r = await api('POST', `${V()}/journal/${e.id}/reverse`, { reason: v.reason });
            setTimeout(loadJournal, 600);
            return `已冲销，冲销凭证第 ${r.seq} 号`;
          })) }, '冲销') : '', reverseBox));
      })));
    }
    async function loadBalance(y) {
      const [tb, income] = await Promise.all([
        api('GET', `${V()}/reports/trial-balance?from=${y}-01-01&to=${y}-12-31`),
        api('GET', `${V()}/reports/income/${y}`),
      ]);
      balanceBox.replaceChildren(
        table(['科目', '名称', '期初借', '期初贷', '本期借方', '本期贷方', '期末借', '期末贷'], tb.items.map((i) => h('tr', {}, h('td', {}, i.accountCode), h('td', {}, i.accountName), num(yuan(i.openingDebit)), num(yuan(i.openingCredit)), num(yuan(i.debit)), num(yuan(i.credit)), num(yuan(i.closingDebit)), num(yuan(i.closingCredit)))), [2, 3, 4, 5, 6, 7]),
        h('p', {}, tb.totals.balanced ? `借贷平衡：${yuan(tb.totals.debit)}` : '借贷不平衡！'),
        h('h2', {}, `${y} 年收入来源`),
        table(['来源', '金额'], income.bySource.map((s) => h('tr', {}, h('td', {}, (sources.find((x) => x.code === s.sourceCode) || {}).name || s.sourceCode), num(yuan(s.amount)))), [1]),
      );
    }
    loadJournal();
    loadBalance(year);
  }

  async function householdsPage() {
    const list = h('div');
    const canWrite = ['admin', 'accountant', 'cadre'].includes(state.me.role);
    let q = '';
    const parts = [h('h1', {}, '花名册'), h('section', { class: 'card' }, h('div', { class: 'row' },
      h('input', { type: 'search', placeholder: '搜索户编号或户主', 'aria-label': '搜索', oninput: (e) => { q = e.target.value; load(); } }),
      h('button', { class: 'secondary', onclick: () => openBlob(`${V()}/households/export.xlsx`, 'roster.xlsx') }, '导出 XLSX')), list)];
    if (canWrite) {
      const input = h('input', { type: 'file', name: 'file', accept: '.csv,.xlsx', required: true });
      const status = h('div');
      parts.push(h('section', { class: 'card' }, h('h2', {}, '导入花名册（CSV 或 XLSX，每人一行）'),
        h('p', { class: 'muted' }, '列：户编号, 户主, 姓名, 与户主关系, 是否成员（是/否）, 标签。任何一行有错，整批不导入。'),
        h('form', { onsubmit: async (e) => {
          e.preventDefault();
          const fd = new FormData();
          if (!input.files[0]) return;
          fd.append('file', input.files[0]);
          try {
            const r = await api('POST', `${V()}/households/import`, fd, true);
            status.replaceChildren(message(`已导入 ${r.households} 户 ${r.members} 人`, true));
            load();
          } catch (error) {
            showErrors(error, {}, status);
          }
        } }, input, ' ', h('button', { type: 'submit' }, '导入')), status));
    }
    render(...parts);
    async function load() {
      const data = await api('GET', `${V()}/households?limit=2000${q ? '&q=' + encodeURIComponent(q) : ''}`);
      list.replaceChildren(h('p', { class: 'muted' }, `共 ${data.total} 户，${data.items.reduce((s, x) => s + x.members.filter((m) => m.isMember).length, 0)} 名成员`),
        table(['户编号', '户主', '成员', '标签'], data.items.map((x) => h('tr', {}, h('td', {}, h('a', { href: `#/household/${x.id}` }, x.code)), h('td', {}, x.headName), h('td', {}, x.members.map((m) => m.name + (m.isMember ? '' : '（非成员）')).join('、')), h('td', {}, x.tags.map((t) => h('span', { class: 'tag' }, t)))))));
    }
    load();
  }

  async function householdPage(id) {
    let detail;
    try {
      detail = await api('GET', `${V()}/households/${id}`);
    } catch (error) {
      render(message(error.status === 404 ? '没有找到该户，或您无权查看。' : error.message, false));
      return;
    }
    const [holdings, runs] = await Promise.all([api('GET', `${V()}/holdings`), api('GET', `${V()}/dividend-runs`)]);
    const payoutRows = [];
    for (const run of runs.items.filter((r) => r.status === 'posted')) {
      const full = await api('GET', `/api/dividend-runs/${run.id}`);
      const mine = full.payouts.find((p) => p.householdId === id);
      if (mine) payoutRows.push(h('tr', {}, h('td', {}, run.year), num(yuan(mine.amount)), h('td', { class: 'hash' }, mine.verificationCode || ''),
        h('td', {}, h('button', { class: 'secondary', onclick: () => openBlob(`/api/dividend-runs/${run.id}/slips/${id}`) }, '明细单'))));
    }
    let scores = [];
    try {
      scores = await api('GET', `${V()}/scorecards?year=${thisYear() - 1}`);
    } catch (e) { /* no rule set that year */ }
    const card = scores.find((s) => s.householdId === id);
    render(h('h1', {}, `${detail.code} ${detail.headName}`),
      h('section', { class: 'card' }, h('h2', {}, '家庭成员'), table(['姓名', '与户主关系', '成员资格', '状态'], detail.members.map((m) => h('tr', {}, h('td', {}, m.name), h('td', {}, m.relation), h('td', {}, m.isMember ? '是' : '否'), h('td', {}, m.status + (m.statusDate ? ' ' + m.statusDate : '')))))),
      h('section', { class: 'card' }, h('h2', {}, '持股'), table(['股种', '数量', '出资额'], holdings.items.filter((x) => x.householdId === id).map((x) => h('tr', {}, h('td', {}, x.shareClassCode), num(x.quantity), num(yuan(x.capitalAmount))))),
        h('div', { class: 'row noprint' }, h('button', { class: 'secondary', onclick: () => openBlob(`${V()}/households/${id}/certificate`) }, '股权证'), h('button', { class: 'secondary', onclick: () => openBlob(`${V()}/households/${id}/certificate?format=pdf`, `股权证-${detail.code}.pdf`) }, '股权证 PDF'))),
      h('section', { class: 'card' }, h('h2', {}, '积分'), card ? h('p', {}, `最终积分 ${card.score}（排名 ${card.rank}）：` + card.byCategory.map((c) => `${c.category} ${c.points > 0 ? '+' : ''}${c.points}`).join('，')) : h('p', { class: 'muted' }, '暂无积分')),
      h('section', { class: 'card' }, h('h2', {}, '历年分红'), table(['年度', '金额', '核验码', ''], payoutRows, [1])),
      h('section', { class: 'card' }, h('h2', {}, '变更记录'), table(['时间', '操作', '内容'], detail.history.map((c) => h('tr', {}, h('td', {}, c.at.slice(0, 16).replace('T', ' ')), h('td', {}, c.action), h('td', { class: 'muted' }, JSON.stringify(c.change)))))));
  }

  async function scoringPage() {
    const year = Number(sessionStorage.getItem('scoreYear') || thisYear());
    const canRecord = ['cadre', 'scorer'].includes(state.me.role);
    const canRules = ['cadre', 'admin'].includes(state.me.role);
    let ruleSet = null;
    try {
      ruleSet = await api('GET', `${V()}/score-rulesets/${year}`);
    } catch (e) { /* none yet */ }
    const parts = [h('h1', {}, '积分（村规民约积分制）'), h('div', { class: 'row' }, h('label', {}, '年度', h('input', { type: 'number', min: 2000, max: 2100, value: year, onchange: (e) => { sessionStorage.setItem('scoreYear', e.target.value); scoringPage(); } })))];
    if (!ruleSet) {
      parts.push(h('section', { class: 'card' }, h('p', {}, `${year} 年尚无积分规则。`), canRules ? form([{ name: 'fromYear', label: '从哪一年复制规则', type: 'number', required: true, value: year - 1 }], '复制上年规则', async (v) => {
        await api('POST', `${V()}/score-rulesets/copy`, { fromYear: Number(v.fromYear), toYear: year });
        scoringPage();
        return '已复制';
      }) : ''));
      render(...parts);
      return;
    }
    parts.push(h('section', { class: 'card' }, h('h2', {}, `积分规则（基础分 ${ruleSet.baseScore}）${ruleSet.frozen ? '【已冻结】' : ''}`),
      table(['编号', '名称', '类别', '分值范围', '年上限'], ruleSet.rules.map((r) => h('tr', {}, h('td', {}, r.code), h('td', {}, r.name), h('td', {}, r.category), h('td', {}, `${r.minPoints} ~ ${r.maxPoints}`), h('td', {}, r.capPerYear ?? '')))),
    ));
    const households = (await api('GET', `${V()}/households?limit=5000`)).items;
    if (canRecord) {
      const rows = households.map((x) => h('tr', {}, h('td', {}, x.code), h('td', {}, x.headName), h('td', {}, h('input', { type: 'number', name: 'p-' + x.id, step: 1, 'aria-label': `${x.code} 分值`, style: 'width:6em' }))));
      const status = h('div');
      const rule = h('select', { name: 'ruleCode' }, ruleSet.rules.map((r) => h('option', { value: r.code }, `${r.code} ${r.name}（${r.minPoints}~${r.maxPoints}）`)));
      const date = h('input', { type: 'date', name: 'date', required: true, value: `${year}-06-30` });
      const evidence = h('input', { name: 'evidence', required: true, placeholder: '评议依据', maxlength: 1000 });
      parts.push(h('section', { class: 'card' }, h('h2', {}, '评议会录入（多户一次提交，全部成功或全部不保存）'),
        h('form', { onsubmit: async (e) => {
          e.preventDefault();
          const events = households.map((x) => ({ x, v: e.target.elements['p-' + x.id].value })).filter((r) => r.v !== '').map((r) => ({ householdId: r.x.id, ruleCode: rule.value, points: Number(r.v), date: date.value, evidence: evidence.value }));
          if (!events.length || !e.target.checkValidity()) { e.target.reportValidity(); status.replaceChildren(message('请至少填写一户的分值', false)); return; }
          try {
            const r = await api('POST', `${V()}/score-events/bulk`, { events });
            status.replaceChildren(message(`已记录 ${r.created} 条，待另一人审核`, true));
            e.target.reset();
            loadPending();
          } catch (error) {
            const body = error.body || {};
            if (Array.isArray(body.errors)) body.errors = body.errors.map((x) => ({ ...x, row: events[x.index] && households.find((hh) => hh.id === events[x.index].householdId).code }));
            showErrors(error, {}, status);
          }
        } }, h('div', { class: 'row' }, rule, date, evidence), table(['户编号', '户主', '分值'], rows), h('button', { type: 'submit' }, '提交评议结果'), status)));
    }
    const pending = h('div');
    const cards = h('div');
    const objections = h('div');
    parts.push(h('section', { class: 'card' }, h('h2', {}, '待审核积分'), pending), h('section', { class: 'card' }, h('h2', {}, '异议'), objections), h('section', { class: 'card' }, h('h2', {}, '积分排名（公示）'), cards));
    render(...parts);
    const codeOf = new Map(households.map((x) => [x.id, x.code]));
    async function loadPending() {
      const data = await api('GET', `${V()}/score-events?year=${year}&status=pending&limit=500`);
      pending.replaceChildren(data.total ? table(['户', '规则', '分值', '日期', '依据', ''], data.items.map((e) => {
        const cell = h('td');
        if (canRecord && e.recordedBy !== state.me.id) {
          cell.append(h('button', { onclick: async () => { try { await api('POST', `/api/score-events/${e.id}/approve`, {}); loadPending(); loadCards(); } catch (err) { cell.append(message(err.message, false)); } } }, '通过'), ' ',
            h('button', { class: 'secondary', onclick: async () => { const reason = prompt('驳回原因'); if (!reason) return; await api('POST', `/api/score-events/${e.id}/reject`, { reason }); loadPending(); } }, '驳回'));
        } else if (e.recordedBy === state.me.id) cell.append(h('span', { class: 'muted' }, '本人记录，须他人审核'));
        return h('tr', { 'data-event': e.id }, h('td', {}, codeOf.get(e.householdId) || ''), h('td', {}, e.ruleCode), num(e.points), h('td', {}, e.date), h('td', {}, e.evidence), cell);
      })) : h('p', { class: 'muted' }, '没有待审核的积分'));
    }
    async function loadCards() {
      const data = await api('GET', `${V()}/scorecards?year=${year}`);
      const sorted = data.slice().sort((a, b) => a.rank - b.rank);
      cards.replaceChildren(h('button', { class: 'secondary noprint', onclick: () => window.print() }, '打印'), table(['排名', '户编号', '户主', '积分', '分类明细'], sorted.map((c) => h('tr', {}, num(c.rank), h('td', {}, c.householdCode), h('td', {}, c.headName), num(c.score), h('td', {}, c.byCategory.map((x) => `${x.category} ${x.points > 0 ? '+' : ''}${x.points}`).join('，')))), [0, 3]));
    }
    async function loadObjections() {
      const data = await api('GET', `${V()}/objections?year=${year}`);
      objections.replaceChildren(data.total ? table(['事项', '理由', '状态', ''], data.items.map((o) => h('tr', {}, h('td', {}, o.eventId.slice(0, 8)), h('td', {}, o.reason), h('td', {}, { open: '待处理', upheld: '成立', dismissed: '驳回' }[o.status]),
        h('td', {}, o.status === 'open' && state.me.role === 'cadre' ? [h('button', { onclick: async () => { const reason = prompt('处理意见'); if (!reason) return; await api('POST', `/api/objections/${o.id}/uphold`, { reason }); loadObjections(); loadCards(); } }, '异议成立'), ' ',
          h('button', { class: 'secondary', onclick: async () => { const reason = prompt('驳回理由'); if (!reason) return; await api('POST', `/api/objections/${o.id}/dismiss`, { reason }); loadObjections(); } }, '驳回')] : '')))) : h('p', { class: 'muted' }, '没有异议'));
    }
    loadPending();
    loadCards();
    loadObjections();
  }

  const SCHEMES = [
    ['none', '平均分配：按人数（或股数）平均'],
    ['split', '股份分红+积分奖励：一部分按积分另行奖励（推荐）'],
    ['proportional', '按积分比例：人数×积分（有法律风险）'],
    ['tiered', '积分档次系数：按分档系数（有法律风险）'],
  ];

  async function dividendsPage() {
    const runs = (await api('GET', `${V()}/dividend-runs`)).items;
    const canCreate = state.me.role === 'cadre';
    const selected = new Set();
    const compareBox = h('div');
    const parts = [h('h1', {}, '年度分红')];
    if (canCreate) {
      parts.push(h('section', { class: 'card' }, h('h2', {}, '新建分配方案（草稿）'), form([
        { name: 'year', label: '年度', type: 'number', required: true, min: 2000, max: 2100, value: thisYear() - 1 },
        { name: 'scheme', label: '分配办法', type: 'select', options: SCHEMES },
        { name: 'basis', label: '分配依据', type: 'select', options: [['member', '按成员人数'], ['share', '按持有股份']] },
        { name: 'amount', label: '分配总额（元，留空=全部可分配）', pattern: '\\d+(\\.\\d{1,2})?' },
        { name: 'reservePercent', label: '公积公益金提取比例 %（留空=章程最低比例）', pattern: '\\d+(\\.\\d{1,4})?' },
        { name: 'scoreShare', label: '积分奖励占比（如 0.3）', pattern: '0\\.\\d{1,4}', value: '0.3' },
        { name: 'tiers', label: '积分档次（分:系数，逗号分隔）', placeholder: '60:0.8,90:1,110:1.2' },
        { name: 'deductions', label: '提取项目（名称=金额，每行一项）', type: 'textarea', placeholder: '防贫保险=3360.00' },
      ], '计算草稿', async (v) => {
        const scoring = { mode: v.scheme };
        if (v.scheme === 'split') scoring.scoreShare = v.scoreShare;
        if (v.scheme === 'tiered') scoring.tiers = v.tiers.split(',').filter(Boolean).map((t) => ({ minScore: Number(t.split(':')[0]), factor: t.split(':')[1] }));
        const deductions = v.deductions.split('\n').map((x) => x.trim()).filter(Boolean).map((x) => ({ name: x.split('=')[0].trim(), amount: (x.split('=')[1] || '').trim() }));
        const run = await api('POST', `${V()}/dividend-runs`, { year: Number(v.year), ...(v.reservePercent ? { reservePercent: v.reservePercent } : {}), deductions, distribute: v.amount ? { amount: v.amount } : { all: true }, basis: v.basis, scoring });
        location.hash = '#/run/' + run.id;
      })));
    }
    parts.push(h('section', { class: 'card' }, h('h2', {}, '方案列表'), table(['比较', '年度', '办法', '分配总额', '状态', '创建时间'], runs.map((r) => h('tr', {},
      h('td', {}, h('input', { type: 'checkbox', 'aria-label': '选择比较', onchange: (e) => { if (e.target.checked) selected.add(r.id); else selected.delete(r.id); } })),
      h('td', {}, h('a', { href: '#/run/' + r.id }, r.year)), h('td', {}, (SCHEMES.find((s) => s[0] === r.scoring.mode) || [])[1] || r.scoring.mode),
      num(yuan(r.pool)), h('td', {}, RUN_STATUS[r.status]), h('td', {}, r.createdAt.slice(0, 16).replace('T', ' '))))),
    h('button', { class: 'secondary', onclick: async () => {
      if (selected.size < 2) { compareBox.replaceChildren(message('请勾选至少两个方案', false)); return; }
      const c = await api('GET', `/api/dividend-runs/compare?ids=${[...selected].join(',')}`);
      compareBox.replaceChildren(
        table(['方案', '办法', '总额', '最少', '中位', '最多', '比第一个多', '比第一个少'], c.runs.map((r) => h('tr', {}, h('td', {}, r.id.slice(0, 8)), h('td', {}, r.scheme.mode), num(yuan(r.pool)), num(yuan(r.min)), num(yuan(r.median)), num(yuan(r.max)), num(r.gainVsFirst), num(r.loseVsFirst))), [2, 3, 4, 5, 6, 7]),
        ...c.runs.map((r, i) => histogram(`方案 ${r.id.slice(0, 8)}（${r.scheme.mode}）每户分红分布`, c.households.map((x) => toFen(x.amounts[i])))),
        table(['户编号', ...c.runs.map((r) => r.id.slice(0, 8)), '差额'], c.households.slice(0, 500).map((x) => h('tr', {}, h('td', {}, x.householdCode), x.amounts.map((a) => num(yuan(a))), num(x.differenceVsFirst[x.differenceVsFirst.length - 1])))),
      );
    } }, '比较所选方案'), compareBox));
    render(...parts);
  }

  /** Distribution of amounts (integer fen) in 20 bins. */
  function histogram(title, values) {
    const max = Math.max(...values, 0);
    const bins = 20;
    const counts = new Array(bins).fill(0);
    for (const v of values) counts[Math.min(bins - 1, max ? Math.floor((v / max) * bins) : 0)]++;
    const top = Math.max(...counts, 1);
    return h('figure', {}, h('figcaption', { class: 'muted' }, `${title}（0 – ${yuan(fenText(max))} 元）`), h('div', { class: 'bars', role: 'img', 'aria-label': title }, counts.map((c) => h('div', { style: `height:${(c / top) * 100}%`, title: String(c) }))));
  }

  const RUN_STATUS = { draft: '草稿', published: '公示中', approved: '已审批', posted: '已过账', paid: '已兑付', reversed: '已冲销' };

  async function runPage(id) {
    const run = await api('GET', `/api/dividend-runs/${id}`);
    const status = RUN_STATUS[run.status];
    const actions = h('div');
    const parts = [h('h1', {}, `${run.village} ${run.year} 年度分配方案（${status}）`),
      ...run.warnings.map((w) => h('div', { class: 'warn' }, w.message + (w.householdCodes ? `（${w.householdCodes.slice(0, 20).join('、')}${w.householdCodes.length > 20 ? '…' : ''}）` : ''))),
      h('section', { class: 'card' }, h('h2', {}, '分配总账'), table(['项目', '金额（元）'], [
        ['本年可分配收益', run.distributable], ['弥补亏损', run.lossMakeup], [`公积公益金（${run.reservePercent}%）`, run.reserve],
        ...run.deductions.map((d) => [d.name, d.amount]), ...run.guaranteed.map((g) => ['保底分红：' + g.holder, g.amount]),
        ['可供分配', run.available], ['成员分配总额', run.pool], ['未分配收益（留存）', run.retained],
      ].map(([k, v]) => h('tr', {}, h('td', {}, k), num(yuan(v)))), [1]),
      run.head ? h('p', { class: 'hash' }, `过账后账本链头 #${run.headSeq}：${run.head}`) : '', run.resolutionRef ? h('p', {}, '决议：' + run.resolutionRef) : ''),
      h('section', { class: 'card noprint' }, h('h2', {}, '操作'), actions),
      h('section', { class: 'card' }, h('h2', {}, `分户明细（${run.payouts.length} 户）`), table(['户编号', '单位', '积分', '系数', '金额', '核验码', ''], run.payouts.map((p) => h('tr', { 'data-household': p.householdCode }, h('td', {}, p.householdCode), num(p.units), num(p.score), num(p.factor), num(yuan(p.amount)), h('td', { class: 'hash' }, p.verificationCode || ''),
        h('td', {}, h('button', { class: 'secondary', onclick: () => openBlob(`/api/dividend-runs/${id}/slips/${p.householdId}`) }, '明细单')))), [1, 2, 3, 4]))];
    const role = state.me.role;
    if (run.publishedOn) actions.append(h('p', {}, `公示：${run.publishedOn} 起，异议截至 ${run.objectionsUntil}`));
    if (run.noticeUntil) actions.append(h('p', {}, `分红公示期至 ${run.noticeUntil}，期满后方可兑付`));
    if (role === 'cadre' && run.status === 'draft') {
      actions.append(h('button', { onclick: async () => {
        try { await api('POST', `/api/dividend-runs/${id}/publish`); runPage(id); } catch (err) { actions.append(message(err.message, false)); }
      } }, '公示方案（向成员公开）'), ' ',
      h('button', { class: 'secondary', onclick: async () => { await api('POST', `/api/dividend-runs/${id}/recompute`); runPage(id); } }, '按最新账目重新计算'), ' ',
      h('button', { class: 'secondary', onclick: async () => { if (!confirm('删除此草稿？')) return; await api('DELETE', `/api/dividend-runs/${id}`); location.hash = '#/dividends'; } }, '删除草稿'));
    }
    if (run.status === 'published') {
      const objections = await api('GET', `/api/dividend-runs/${id}/objections`);
      actions.append(h('h2', {}, `成员异议（${objections.total} 条）`), table(['理由', '状态', '答复', ''], objections.items.map((o) => h('tr', {}, h('td', {}, o.reason), h('td', {}, o.status === 'open' ? '待答复' : '已答复'), h('td', {}, o.answer || ''),
        h('td', {}, role === 'cadre' && o.status === 'open' ? form([{ name: 'answer', label: '答复', required: true, maxlength: 1000 }], '答复', async (v) => { await api('POST', `/api/plan-objections/${o.id}/answer`, { answer: v.answer }); runPage(id); }) : '')))));
      if (role === 'household') {
        actions.append(form([{ name: 'reason', label: '对方案的异议', type: 'textarea', required: true, maxlength: 1000 }], '提交异议', async (v) => { await api('POST', `/api/dividend-runs/${id}/objections`, { reason: v.reason }); runPage(id); }));
      }
    }
    if (role === 'cadre' && run.status === 'published') {
      actions.append(h('h2', {}, '审批（须由另一名干部，公示期满后，附成员（代表）大会决议）'), form([
        { name: 'resolutionRef', label: '决议编号', required: true, maxlength: 64 },
        { name: 'type', label: '会议类型', type: 'select', options: ['成员大会', '成员代表大会'] },
        { name: 'date', label: '会议日期', type: 'date', required: true },
        { name: 'eligible', label: '应到人数', type: 'number', min: 1, required: true },
        { name: 'present', label: '实到人数', type: 'number', min: 0, required: true },
        { name: 'inFavour', label: '赞成人数', type: 'number', min: 0, required: true },
      ], '审批通过', async (v) => {
        await api('POST', `/api/dividend-runs/${id}/approve`, { resolutionRef: v.resolutionRef, meeting: { type: v.type, date: v.date, eligible: Number(v.eligible), present: Number(v.present), inFavour: Number(v.inFavour) } });
        runPage(id);
      }));
    }
    if (role === 'cadre' && run.status === 'approved') {
      const box = h('div');
      actions.append(h('button', { onclick: async () => {
        try {
          const r = await api('POST', `/api/dividend-runs/${id}/post`);
          box.replaceChildren(message('已过账，链头 ' + r.head, true));
          setTimeout(() => runPage(id), 500);
        } catch (e) { box.replaceChildren(message(e.message, false)); }
      } }, '过账（写入总账）'), box);
    }
    if (role === 'cadre' && run.status === 'posted') {
      actions.append(form([{ name: 'reason', label: '冲销原因', required: true }], '冲销整个方案', async (v) => {
        await api('POST', `/api/dividend-runs/${id}/reverse`, { reason: v.reason });
        runPage(id);
      }));
    }
    if (role === 'accountant' && run.status === 'posted') {
      actions.append(h('h2', {}, '登记兑付'), form([
        { name: 'householdId', label: '户', type: 'select', options: run.payouts.filter((p) => p.amount !== '0.00').map((p) => [p.householdId, `${p.householdCode}（${p.amount}）`]) },
        { name: 'amount', label: '金额', required: true, pattern: '\\d+(\\.\\d{1,2})?' },
        { name: 'method', label: '方式', type: 'select', options: [['bank', '银行转账'], ['cash', '现金']] },
        { name: 'date', label: '日期', type: 'date', required: true, value: today() },
        { name: 'receiptNo', label: '收据号', required: true },
      ], '登记', async (v) => {
        const r = await api('POST', `/api/dividend-runs/${id}/payments`, { householdId: v.householdId, amount: v.amount, method: v.method, date: v.date, receiptNo: v.receiptNo });
        return `已登记，尚欠 ${r.owed} 元`;
      }, { reset: true }));
    }
    if (role !== 'household') {
      actions.append(h('div', { class: 'row' },
        h('button', { class: 'secondary', onclick: () => openBlob(`/api/dividend-runs/${id}/notice?format=html`) }, '公示表'),
        h('button', { class: 'secondary', onclick: () => openBlob(`/api/dividend-runs/${id}/notice?format=pdf`, 'notice.pdf') }, '公示表 PDF'),
        h('button', { class: 'secondary', onclick: () => openBlob(`/api/dividend-runs/${id}/notice?format=xlsx`, 'notice.xlsx') }, '公示表 XLSX'),
        run.status === 'posted' && role !== 'scorer' ? h('button', { class: 'secondary', onclick: () => openBlob(`/api/dividend-runs/${id}/slips`, 'slips.pdf') }, '全部明细单 PDF') : ''));
    }
    render(...parts);
  }

  async function healthPage() {
    const result = h('div');
    const parts = [h('h1', {}, '账本核验'), h('section', { class: 'card' }, h('button', { onclick: async () => {
      result.replaceChildren(h('p', {}, '正在核验…'));
      const r = await api('GET', `${V()}/ledger/verify`);
      result.replaceChildren(r.ok ? message(`✔ 账本完整：共 ${r.entries} 条凭证，链头 #${r.headSeq}`, true) : message(`✘ 账本在第 ${r.firstBadSeq} 号凭证处断裂，请立即报告苏木/乡镇农经站`, false), r.ok ? h('p', { class: 'hash' }, r.head) : '');
    } }, '核验哈希链'), result)];
    if (['admin', 'auditor'].includes(state.me.role)) {
      const audit = await api('GET', `/api/audit?villageId=${state.villageId}&limit=200`);
      parts.push(h('section', { class: 'card' }, h('h2', {}, '操作日志'), table(['时间', '操作人', '角色', '操作', '对象'], audit.items.map((a) => h('tr', {}, h('td', {}, a.at.slice(0, 19).replace('T', ' ')), h('td', {}, a.actor), h('td', {}, a.role || ''), h('td', {}, a.action), h('td', { class: 'hash' }, a.target || ''))))));
    }
    render(...parts);
  }

  async function minePage() {
    const households = (await api('GET', `${V()}/households`)).items;
    const mine = households[0];
    if (!mine) {
      render(message('没有找到您的户信息', false));
      return;
    }
    await householdPage(mine.id);
  }

  // ---- router ----------------------------------------------------------------------------------
  async function route() {
    const hash = location.hash || '#/home';
    if (!state.token) {
      drawNav();
      loginPage();
      return;
    }
    try {
      if (!state.me) await loadSession();
      drawNav();
      const [, page, id] = hash.split('/');
      if (state.me.role === 'household' && !['mine', 'household', 'login'].includes(page)) return minePage();
      switch (page) {
        case 'login': return loginPage();
        case 'ledger': return await ledgerPage();
        case 'households': return await householdsPage();
        case 'household': return await householdPage(id);
        case 'scoring': return await scoringPage();
        case 'dividends': return await dividendsPage();
        case 'run': return await runPage(id);
        case 'health': return await healthPage();
        case 'mine': return await minePage();
        default: return await homePage();
      }
    } catch (error) {
      if (error.status === 401) return;
      render(message(`出错了：${error.message}`, false));
    }
  }

  window.addEventListener('hashchange', route);
  document.addEventListener('DOMContentLoaded', route);
})();
