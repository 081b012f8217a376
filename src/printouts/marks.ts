/** The mark a printout of a dividend run carries while its figures are not an obligation. Pure. */

/** 草稿 until the run is posted, 已冲销 once reversed, none when posted. */
export function runMark(status: string): string | null {
  if (status === 'posted') return null;
  return status === 'reversed' ? '已冲销' : '草稿';
}

/** The sentence printed with the mark (PDF page top, HTML banner, XLSX page header). */
export function markNote(mark: string): string {
  return mark === '已冲销'
    ? '已冲销（本方案已红字冲销，不得作为领款依据）'
    : `${mark}（未过账，不得作为领款或记账依据）`;
}
