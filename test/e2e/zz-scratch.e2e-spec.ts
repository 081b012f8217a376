import { it } from '@jest/globals';
import { voucherPdf, noticePdf } from '../../src/printouts/pdf.js';
import { noticeOf, readPdf, voucherOf } from '../support/printout-builders.js';
import { writeFileSync } from 'node:fs';
it('scratch', async () => {
  for (const n of [1, 2, 22, 23, 40, 187, 431]) {
    const pdf = await voucherPdf(voucherOf(n));
    writeFileSync(`/tmp/print-scratch/v${n}.pdf`, pdf);
    console.log('voucher', n, readPdf(pdf).pages);
  }
  for (const st of ['draft', 'posted']) {
    const pdf = await noticePdf(noticeOf(184, st));
    writeFileSync(`/tmp/print-scratch/n-${st}.pdf`, pdf);
    console.log('notice', st, readPdf(pdf).pages);
  }
});
