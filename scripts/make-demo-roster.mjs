#!/usr/bin/env node
// Writes data/demo/roster.csv: a 巴彦霍德嘎查-like roster, deterministic (seeded), 184 households /
// 367 members (41 of one, 103 of two, 40 of three), Mongolian and Han names, a few 脱贫户, and three
// spouses from outside whose membership is not yet confirmed (是否成员 = 否).
import { writeFileSync } from 'node:fs';

let seed = 20211225;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(rand() * list.length)];

const MONGOL = ['巴特尔', '孟和', '阿古拉', '额尔敦', '那仁', '宝音', '朝鲁', '苏和', '布和', '特木尔', '达来', '巴图', '吉日嘎拉', '满都拉', '格日勒图', '乌力吉', '额尔德尼', '呼和', '毕力格', '查干'];
const MONGOL_F = ['其其格', '乌云', '图雅', '萨仁', '斯琴', '敖登', '乌兰', '哈斯', '娜仁花', '托娅', '高娃', '塔娜', '琪琪格', '阿拉坦'];
const HAN_SURNAME = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '孙', '马', '高', '郭'];
const HAN_GIVEN = ['建国', '秀英', '伟', '洋', '静', '帆', '敏', '磊', '红', '强', '丽', '军', '峰', '霞', '海燕', '志刚'];
const MONGOL_SURNAME = ['孟', '包', '白', '韩', '吴', '乌'];

const sizes = [...Array(41).fill(1), ...Array(103).fill(2), ...Array(40).fill(3)];
for (let i = sizes.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [sizes[i], sizes[j]] = [sizes[j], sizes[i]];
}
const rows = ['户编号,户主,姓名,与户主关系,是否成员,标签'];
let members = 0;
let outsiders = 0;
sizes.forEach((size, index) => {
  const code = `BYHD${String(index + 1).padStart(3, '0')}`;
  const mongol = rand() < 0.7;
  const head = mongol ? (rand() < 0.3 ? pick(MONGOL_SURNAME) : '') + pick(MONGOL) : pick(HAN_SURNAME) + pick(HAN_GIVEN);
  const tag = index % 15 === 4 ? '脱贫户' : '';
  const people = [[head, '户主']];
  if (size >= 2) people.push([mongol ? pick(MONGOL_F) : pick(HAN_SURNAME) + pick(HAN_GIVEN), '配偶']);
  if (size >= 3) people.push([mongol ? pick([...MONGOL, ...MONGOL_F]) : head[0] + pick(HAN_GIVEN), '子女']);
  for (const [name, relation] of people) {
    rows.push(`${code},${head},${name},${relation},是,${tag}`);
    members++;
  }
  if (outsiders < 3 && size === 1 && index > 100) {
    rows.push(`${code},${head},${pick(HAN_SURNAME)}${pick(HAN_GIVEN)},配偶,否,${tag}`);
    outsiders++;
  }
});
writeFileSync('data/demo/roster.csv', rows.join('\n') + '\n');
console.log(`data/demo/roster.csv: ${sizes.length} households, ${members} members, ${outsiders} not yet members`);
