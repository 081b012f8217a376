/** A deterministic roster CSV: `households` households whose member counts cycle through `sizes`. */
export function rosterCsv(households: number, sizes: number[] = [1, 2, 3]): { csv: string; members: number } {
  const lines = ['householdCode,headName,memberName,relation,isMember'];
  let members = 0;
  for (let h = 1; h <= households; h++) {
    const code = `H${String(h).padStart(4, '0')}`;
    const size = sizes[(h - 1) % sizes.length];
    for (let m = 0; m < size; m++) {
      lines.push(`${code},户主${h},成员${h}-${m},${m === 0 ? '户主' : '子女'},是`);
      members++;
    }
  }
  return { csv: lines.join('\n') + '\n', members };
}
