import { CombinedGraphQLErrors, ServerError, ServerParseError } from '@apollo/client/errors';
import { describe, expect, it } from 'vitest';
import { errorCode, errorMessage, errorTitle } from '../errors';
import { formatRatio, formatValue } from '../numbers';
import { planYearList, planYears } from '../plans';
import { grantLabel, grantScope } from '../grants';

describe('errorTitle', () => {
  it('says 无法连接服务器 only when no answer came; an HTTP 500 is the server’s error', () => {
    const response = new Response('{"message":"boom"}', { status: 500 });
    const http500 = new ServerError('Response not successful: Received status code 500', {
      response,
      bodyText: '{"message":"boom"}',
    });
    expect(errorTitle(http500)).toBe('服务器出错');
    expect(errorMessage(http500)).toBe('服务器错误（HTTP 500），请稍后重试');
    const html502 = new ServerParseError(new SyntaxError('Unexpected token <'), {
      response: new Response('<html>Bad Gateway</html>', { status: 502 }),
      bodyText: '<html>Bad Gateway</html>',
    });
    expect(errorTitle(html502)).toBe('服务器出错');
    expect(errorTitle(new TypeError('Failed to fetch'))).toBe('无法连接服务器');
  });
});

describe('errorMessage', () => {
  it('shows the server’s own messages, each once', () => {
    const error = new CombinedGraphQLErrors({
      data: null,
      errors: [
        { message: '登录失败次数过多，该账号已被临时锁定', extensions: { code: 'TOO_MANY_REQUESTS' } },
        { message: '登录失败次数过多，该账号已被临时锁定', extensions: { code: 'TOO_MANY_REQUESTS' } },
      ],
    });
    expect(errorMessage(error)).toBe('登录失败次数过多，该账号已被临时锁定');
    expect(errorCode(error)).toBe('TOO_MANY_REQUESTS');
  });

  it('says in words that the server cannot be reached', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe('无法连接服务器，请检查网络后重试');
    expect(errorCode(new TypeError('x'))).toBeUndefined();
  });
});

describe('figures', () => {
  it('shows values with thousands separators, never rounded', () => {
    expect(formatValue(20090)).toBe('20,090');
    expect(formatValue(1234567.125)).toBe('1,234,567.125');
    expect(formatValue(0.5)).toBe('0.5');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(null)).toBe('—');
    expect(formatRatio(0.2)).toBe('20%');
  });

  it('writes a plan’s period', () => {
    expect(planYears({ startYear: 2021, endYear: 2021 })).toBe('2021');
    expect(planYears({ startYear: 2019, endYear: 2021 })).toBe('2019—2021');
    expect(planYearList({ startYear: 2019, endYear: 2021 })).toEqual([2019, 2020, 2021]);
    expect(planYearList({ startYear: 2022, endYear: null })).toEqual([2022]);
  });
});

describe('grants in words', () => {
  it('names the role and the scope', () => {
    expect(grantLabel({ role: 'CITY_ADMIN' })).toBe('市人力社保局（全市）');
    expect(grantLabel({ role: 'DISTRICT_ADMIN', district: { name: '武隆区' } })).toBe('区县管理员（武隆区）');
    expect(
      grantScope({
        role: 'DEPARTMENT_HEAD',
        district: { name: '武隆区' },
        organisation: { name: '区人力社保局' },
      }),
    ).toBe('武隆区 / 区人力社保局');
  });
});
