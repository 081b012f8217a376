/**
 * Amount in Chinese capitals (大写金额) by the rules for bills and settlement vouchers:
 * 零 for inner zeros (a run of zeros as one), 整 after 元 when the amount ends at 元,
 * 零 after 元 when 角 is 0 but 分 is not, a leading ten written 壹拾. Where two forms are allowed
 * we write the first official one: 107,000.53 → 壹拾万柒仟元零伍角叁分.
 */
const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const GROUP_UNITS = ['', '万', '亿', '万亿'];

export function chineseAmount(fen: number | bigint): string {
  const total = BigInt(fen);
  if (total < 0n) throw new RangeError('chineseAmount: negative amount');
  const yuan = total / 100n;
  const jiao = Number((total / 10n) % 10n);
  const fenDigit = Number(total % 10n);
  if (total === 0n) return '零元整';

  let text = yuan > 0n ? integerCapitals(yuan) + '元' : '';
  if (jiao === 0 && fenDigit === 0) return text + '整';
  // 元位 0 before a non-zero 角, or 角 0 before a non-zero 分: 零 after 元 (the first official form).
  if (yuan > 0n && (jiao === 0 || yuan % 10n === 0n)) text += '零';
  if (jiao > 0) text += DIGITS[jiao] + '角';
  if (fenDigit > 0) text += DIGITS[fenDigit] + '分';
  return text;
}

function integerCapitals(value: bigint): string {
  const groups: number[] = [];
  for (let rest = value; rest > 0n; rest /= 10_000n) groups.push(Number(rest % 10_000n));
  if (groups.length > GROUP_UNITS.length) throw new RangeError('chineseAmount: amount too large');
  let text = '';
  let pendingZero = false;
  for (let g = groups.length - 1; g >= 0; g--) {
    const group = groups[g];
    if (group === 0) {
      pendingZero = text.length > 0;
      continue;
    }
    if (text.length > 0 && (pendingZero || group < 1000)) text += '零';
    text += groupCapitals(group) + GROUP_UNITS[g];
    pendingZero = false;
  }
  return text;
}

function groupCapitals(group: number): string {
  let text = '';
  let zero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const digit = Math.floor(group / 10 ** pos) % 10;
    if (digit === 0) {
      zero = text.length > 0;
      continue;
    }
    if (zero) text += '零';
    text += DIGITS[digit] + SMALL_UNITS[pos];
    zero = false;
  }
  return text;
}
