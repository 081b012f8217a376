import { describe, expect, it } from '@jest/globals';
import { markNote, runMark } from './marks.js';

describe('run marks', () => {
  it('草稿 until posted, 已冲销 once reversed, none when posted', () => {
    expect(['draft', 'published', 'approved', 'posted', 'reversed'].map(runMark)).toEqual([
      '草稿',
      '草稿',
      '草稿',
      null,
      '已冲销',
    ]);
  });

  it('says why the paper cannot be paid on', () => {
    expect(markNote('草稿')).toBe('草稿（未过账，不得作为领款或记账依据）');
    expect(markNote('已冲销')).toBe('已冲销（本方案已红字冲销，不得作为领款依据）');
  });
});
