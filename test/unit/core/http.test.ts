import { describe, expect, it } from 'vitest';
import { displayUrl, hasUserinfo, isSameOrigin, originOf } from '../../../src/core/http/origin';
import { countHeader, getHeader } from '../../../src/core/http/headers';
import { parseTokenList } from '../../../src/core/http/tokens';
import { parseMimeType } from '../../../src/core/http/mime';
import {
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedRequestHeader,
  isForbiddenRequestHeader,
  isSimpleRangeValue,
} from '../../../src/core/http/safelist';
import { isCorsSafelistedMethod, isForbiddenMethod, normalizeMethod } from '../../../src/core/http/methods';

describe('originOf: serialized like browsers', () => {
  it.each([
    ['HTTPS://App.Example.COM/path?q#f', 'https://app.example.com'],
    ['http://a.example:80/', 'http://a.example'],
    ['https://a.example:443', 'https://a.example'],
    ['http://a.example:8080/x', 'http://a.example:8080'],
    ['http://[0:0:0:0:0:0:0:1]:3000/', 'http://[::1]:3000'],
    ['data:text/plain,hi', 'null'],
    ['file:///tmp/a.html', 'null'],
    ['about:blank', 'null'],
    ['null', 'null'],
    ['blob:https://a.example/uuid', 'https://a.example'],
  ])('%s → %s', (url, origin) => expect(originOf(url)).toBe(origin));

  it('is undefined for non-URLs', () => {
    expect(originOf('not a url')).toBeUndefined();
    expect(originOf('')).toBeUndefined();
    expect(originOf(undefined)).toBeUndefined();
  });

  it('isSameOrigin compares serialized origins; opaque is never same-origin', () => {
    expect(isSameOrigin('http://a.example/x', 'http://A.example:80/y')).toBe(true);
    expect(isSameOrigin('http://a.example', 'https://a.example')).toBe(false);
    expect(isSameOrigin('http://127.0.0.1:44000', 'http://localhost:44000')).toBe(false);
    expect(isSameOrigin('null', 'null')).toBe(false);
  });

  it('userinfo and display', () => {
    expect(hasUserinfo('http://u:p@a.example/')).toBe(true);
    expect(hasUserinfo('http://@a.example/')).toBe(false);
    expect(displayUrl('http://localhost:44001')).toBe('http://localhost:44001/');
    expect(displayUrl('<script>')).toBe('<script>');
  });
});

describe('headers: Fetch "get"', () => {
  const list = [
    { name: 'Access-Control-Allow-Origin', value: '  https://a.example ' },
    { name: 'access-control-allow-origin', value: '\t*' },
    { name: 'X', value: 'y' },
  ];
  it('combines repeated fields with ", " after trimming, case-insensitively', () => {
    expect(getHeader(list, 'ACCESS-CONTROL-ALLOW-ORIGIN')).toBe('https://a.example, *');
    expect(countHeader(list, 'access-control-allow-origin')).toBe(2);
    expect(getHeader(list, 'missing')).toBeNull();
  });
  it('survives junk entries', () => {
    expect(getHeader([null, { name: 5 }, { name: 'a', value: undefined }] as never, 'a')).toBe('');
    expect(getHeader(undefined, 'a')).toBeNull();
  });
});

describe('tokens: #token lists as Chromium parses ACAM/ACAH', () => {
  it.each([
    ['GET, POST, ', ['GET', 'POST']],
    [',,PUT,,', ['PUT']],
    ['  x-a ,\tx-b', ['x-a', 'x-b']],
    ['*', ['*']],
    ['', []],
  ])('%j parses', (v, items) => expect(parseTokenList(v)).toEqual({ ok: true, items }));
  it.each([
    ['GET POST', 'GET POST'],
    ['GET;POST', 'GET;POST'],
    ['"PUT"', '"PUT"'],
    ['x-a, Content Type', 'Content Type'],
    ['Bad value', 'Bad value'],
    ['ÄPUT', 'ÄPUT'],
  ])('%j is unparsable', (v, invalid) => expect(parseTokenList(v)).toEqual({ ok: false, invalid }));
});

describe('mime: strict "parse a MIME type"', () => {
  it.each(['text/plain', 'Text/Plain', 'text/plain;charset=utf-8', 'text/plain;', 'text/plain;garbage', ' text/plain ', 'text/plain ; a=b'])('%j parses to text/plain', (v) =>
    expect(parseMimeType(v)?.essence).toBe('text/plain'),
  );
  it.each(['text /plain', 'text/plain,', 'text/plain,x/x', 'text/plain\v', 'text', '/plain', 'text/', ''])('%j fails', (v) => expect(parseMimeType(v)).toBeNull());
  it('keeps parameters', () => expect(parseMimeType('a/b; Charset="utf-8"')?.parameters.get('charset')).toBe('utf-8'));
});

describe('safelist: CORS-safelisted request-header (WPT cors-safelisted-request-header.any.js, not-cors-safelisted.json)', () => {
  it.each([
    ['content-type', 'text/plain', true],
    ['content-type', 'Text/Plain', true],
    ['content-type', 'text/plain;charset=utf-8', true],
    ['content-type', 'text/plain;', true],
    ['content-type', 'text/plain;garbage', true],
    ['content-type', 'multipart/form-data; boundary=x', true],
    ['content-type', 'application/x-www-form-urlencoded', true],
    ['content-type', 'text /plain', false],
    ['content-type', 'text/plain,', false],
    ['content-type', 'text/plain,x/x', false],
    ['content-type', 'text/plain\v', false],
    ['content-type', 'application/www-form-urlencoded', false],
    ['content-type', 'application/json', false],
    ['content-type', 'text/html', false],
    ['content-type', `text/plain;${'a'.repeat(120)}`, false],
    ['accept', '*/*', true],
    ['accept', '"', false],
    ['accept', 'a'.repeat(128), true],
    ['accept', 'a'.repeat(129), false],
    ['accept-language', 'en-US,en;q=0.9', true],
    ['accept-language', '\u0001', false],
    ['accept-language', '@', false],
    ['content-language', 'de', true],
    ['content-language', 'de@', false],
    ['range', 'bytes=0-10', true],
    ['range', 'bytes=100-', true],
    ['range', 'bytes=200-100', false],
    ['range', 'bytes =100-200', false],
    ['range', 'bytes=100-200,300-400', false],
    ['range', 'bytes=-500', false],
    ['range', 'bytes 0-', false],
    ['range', `bytes=${'1'.repeat(61)}-`, false],
    ['authorization', 'Bearer x', false],
    ['x-custom', '1', false],
  ])('%s: %j → %s', (name, value, safe) => expect(isCorsSafelistedRequestHeader(name, value)).toBe(safe));

  it('Chromium extras: client hints with valid values only', () => {
    expect(isCorsSafelistedRequestHeader('dpr', '2', { chromeExtras: true })).toBe(true);
    expect(isCorsSafelistedRequestHeader('dpr', '2x', { chromeExtras: true })).toBe(false);
    expect(isCorsSafelistedRequestHeader('width', '1.5', { chromeExtras: true })).toBe(false);
    expect(isCorsSafelistedRequestHeader('dpr', '2')).toBe(false);
  });

  it('unsafe names: lowercase, sorted, deduplicated; browser-added headers ignored', () => {
    const names = corsUnsafeRequestHeaderNames([
      { name: 'X-Zed', value: '1' },
      { name: 'Authorization', value: 'B x' },
      { name: 'Content-Type', value: 'application/json' },
      { name: 'x-zed', value: '2' },
      { name: 'Origin', value: 'http://a.example' },
      { name: 'Cookie', value: 'a=1' },
      { name: 'Sec-Fetch-Mode', value: 'cors' },
      { name: 'User-Agent', value: 'UA' },
      { name: 'Referer', value: 'http://a.example/' },
      { name: 'Accept', value: '*/*' },
    ]);
    expect(names).toEqual(['authorization', 'content-type', 'x-zed']);
  });

  it('1024-byte total rule makes every safelisted header unsafe', () => {
    const h = (n: number) => [
      { name: 'Accept', value: 'a'.repeat(128) },
      { name: 'Accept-Language', value: 'b'.repeat(128) },
      { name: 'Content-Language', value: 'c'.repeat(n) },
    ];
    expect(corsUnsafeRequestHeaderNames(h(100))).toEqual([]);
    const many = Array.from({ length: 9 }, (_, i) => ({ name: i % 2 ? 'Accept' : 'Accept-Language', value: 'a'.repeat(120) }));
    expect(corsUnsafeRequestHeaderNames(many)).toEqual(['accept', 'accept-language']);
  });

  it('DevTools "Disable cache" headers can be skipped', () => {
    const list = [{ name: 'Cache-Control', value: 'no-cache' }, { name: 'Pragma', value: 'no-cache' }];
    expect(corsUnsafeRequestHeaderNames(list)).toEqual(['cache-control', 'pragma']);
    expect(corsUnsafeRequestHeaderNames(list, { skipDevtoolsCacheHeaders: true })).toEqual([]);
  });

  it('forbidden request headers', () => {
    for (const n of ['Origin', 'Cookie', 'Host', 'Referer', 'Sec-Fetch-Mode', 'Proxy-Authorization', 'Connection', 'Content-Length']) expect(isForbiddenRequestHeader(n)).toBe(true);
    expect(isForbiddenRequestHeader('X-HTTP-Method-Override', 'TRACE')).toBe(true);
    expect(isForbiddenRequestHeader('X-HTTP-Method-Override', 'PATCH')).toBe(false);
    expect(isForbiddenRequestHeader('User-Agent')).toBe(false);
    expect(isForbiddenRequestHeader('User-Agent', '', { chromeExtras: true })).toBe(true);
    expect(isForbiddenRequestHeader('Authorization')).toBe(false);
  });

  it('simple range', () => {
    expect(isSimpleRangeValue('BYTES=0-1')).toBe(true); // Chromium lowercases first
    expect(isSimpleRangeValue('bytes=99999999999999999999-')).toBe(false);
  });
});

describe('methods', () => {
  it('normalizes only the six well-known methods', () => {
    expect(normalizeMethod('get')).toBe('GET');
    expect(normalizeMethod('delete')).toBe('DELETE');
    expect(normalizeMethod('patch')).toBe('patch');
    expect(normalizeMethod('Patch')).toBe('Patch');
  });
  it('safelisted and forbidden', () => {
    expect(['GET', 'HEAD', 'POST', 'get'].every(isCorsSafelistedMethod)).toBe(true);
    expect(isCorsSafelistedMethod('PUT')).toBe(false);
    expect(isForbiddenMethod('connect')).toBe(true);
    expect(isForbiddenMethod('PATCH')).toBe(false);
  });
});
