/** Password rules of CONTRACT "Accounts and sessions": pure, shared by the API, the CLI and ADMIN_PASSWORD. */

export const PASSWORD_LENGTH_MIN = 10;
export const PASSWORD_LENGTH_MAX = 200;

/** Lower-cased passwords seen at the top of leaked lists (global and Chinese), refused outright. */
const COMMON_PASSWORDS = new Set([
  '123456',
  '1234567',
  '12345678',
  '123456789',
  '1234567890',
  '12345678910',
  '0123456789',
  '0987654321',
  '111111',
  '11111111',
  '1111111111',
  '000000',
  '00000000',
  '0000000000',
  '666666',
  '66666666',
  '6666666666',
  '888888',
  '88888888',
  '8888888888',
  '123123',
  '123123123',
  '1231231234',
  '112233',
  '11223344',
  '147258369',
  '123321',
  '123654',
  '654321',
  '987654321',
  '5201314',
  '52013145201314',
  '1314520',
  'woaini',
  'woaini1314',
  'woaini520',
  'iloveyou',
  'iloveyou1',
  'password',
  'password1',
  'password12',
  'password123',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'qwerty',
  'qwertyuiop',
  'qwerty123',
  'qwerty1234',
  'qwe123456',
  'qweasdzxc',
  'qazwsxedc',
  '1qaz2wsx',
  '1qaz2wsx3edc',
  '1q2w3e4r',
  '1q2w3e4r5t',
  'zaq12wsx',
  'asdfghjkl',
  'asdf1234',
  'zxcvbnm',
  'zxcvbnm123',
  'abc123',
  'abc123456',
  'abcd1234',
  'abcdefg123',
  'a123456',
  'a12345678',
  'a123456789',
  'aa123456',
  'aa12345678',
  'admin',
  'admin123',
  'admin1234',
  'admin12345',
  'admin888',
  'administrator',
  'root',
  'root123',
  'letmein',
  'welcome',
  'welcome1',
  'welcome123',
  'changeme',
  'changeme123',
  'default',
  'test1234',
  'test12345',
  'demo1234',
  'demo12345',
  'guest123',
  'user1234',
  'superman',
  'dragon',
  'monkey',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'shadow',
  'master',
  'trustno1',
  'whatever',
  'computer',
  'internet',
  'starwars',
  'iloveyou123',
  'wang123456',
  'zhang123456',
  'li123456',
  'liu123456',
  'chen123456',
  'woaini123',
  'woaiwojia',
  'huang123456',
  'zhangwei',
  'wangwei',
  '1234qwer',
  'qwer1234',
  '12qwaszx',
  'q1w2e3r4',
  'q1w2e3r4t5',
  'password!',
  'mima123456',
  'mima1234',
]);

/** Why a password is refused (bilingual, naming the field), or null when it is acceptable. */
export function passwordProblem(password: string, username: string, field = 'password'): string | null {
  const chars = [...password];
  if (chars.length < PASSWORD_LENGTH_MIN || chars.length > PASSWORD_LENGTH_MAX) {
    const range = `${PASSWORD_LENGTH_MIN}–${PASSWORD_LENGTH_MAX}`;
    return `${field}: 密码须为${range}个字符 / ${field} must be ${range} characters`;
  }
  if (password.trim() === '' || new Set(chars).size < 3) {
    return `${field}: 密码不能全是空格或重复的字符 / ${field} must not be blank or a few repeated characters`;
  }
  // Full-width letters and digits (a Chinese input method's ｐａｓｓｗｏｒｄ１２３) compare as their ASCII forms.
  const fold = (text: string) => text.normalize('NFKC').toLowerCase();
  const lower = fold(password);
  const name = fold(username).trim();
  if (lower.trim() === name || lower.trim() === [...name].reverse().join('')) {
    return `${field}: 密码不能与用户名相同 / ${field} must not be the username`;
  }
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(lower.replace(/[!.@#_\-\s]+$/, ''))) {
    return `${field}: 密码太常见，容易被猜中，请换一个 / ${field} is a common password: choose another`;
  }
  return null;
}
