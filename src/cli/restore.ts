import { backupStamp } from '../operations/backup-names.js';
import { replaceSqliteFile, sqliteInUse, verifySqliteFile } from '../operations/sqlite-file.js';

/**
 * `restore FILE`: refuses while a server (or anything) holds the database, verifies every chain of FILE,
 * then puts a copy in place and keeps the file it replaces as `<db>.replaced-<Beijing time>`.
 */
export function restoreCommand(source: string, database: string): number {
  if (database === ':memory:') {
    console.error('✘ DATABASE_PATH=:memory: has no file to restore into');
    return 2;
  }
  if (sqliteInUse(database)) {
    console.error(
      `✘ 数据库 ${database} 正在被使用（服务器未停止？），未恢复 / the database is in use: stop the server first`,
    );
    return 1;
  }
  let check: ReturnType<typeof verifySqliteFile>;
  try {
    check = verifySqliteFile(source);
  } catch (error) {
    console.error(`✘ ${source} 不是可用的账本数据库，未恢复 / not a ledger database: ${(error as Error).message}`);
    return 1;
  }
  if (!check.ok) {
    console.error(
      `✘ ${source} 未通过校验，未恢复 / does not verify, nothing restored:\n  ${check.problems.join('\n  ')}`,
    );
    return 1;
  }
  const kept = replaceSqliteFile(source, database, backupStamp(new Date()));
  for (const h of check.heads) console.error(`  ${h.villageCode} #${h.seq} ${h.hash}`);
  console.error(`✔ 已恢复 ${source} → ${database}${kept ? `；原文件保留为 ${kept}` : ''}`);
  console.log(JSON.stringify({ restored: database, kept, heads: check.heads, audit: check.audit }));
  return 0;
}
