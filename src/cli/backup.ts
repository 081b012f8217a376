import Database from 'better-sqlite3';

/**
 * Online backup of the SQLite file with SQLite's backup API: consistent while the server keeps writing
 * (WAL), page by page, reporting progress.
 */
export async function backupSqlite(
  source: string,
  target: string,
  progress?: (done: number, total: number) => void,
): Promise<number> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const result = await db.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        progress?.(totalPages - remainingPages, totalPages);
        return 200;
      },
    });
    return result.totalPages;
  } finally {
    db.close();
  }
}
