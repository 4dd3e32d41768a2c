import { describe, expect, it } from 'vitest';
import { helloTargets, parentOrigin, parseCommand, parseInit } from './protocol';

const token = 'a'.repeat(43);
const conversation = '0b6c3c1e-8f0a-4c8e-9d5e-1f2a3b4c5d6e';

describe('parseInit', () => {
  it('accepts a version 1 init and keeps a well-formed stored visitor', () => {
    expect(
      parseInit({
        v: 1,
        type: 'parley:init',
        open: true,
        state: { token, conversation, user: 'user-42', labels: [] },
      }),
    ).toEqual({ v: 1, type: 'parley:init', open: true, state: { token, conversation, user: 'user-42' } });
  });
  it('drops a malformed stored visitor instead of sending it anywhere', () => {
    const init = parseInit({
      v: 1,
      type: 'parley:init',
      state: { token: 'x y', conversation: '../etc', user: 'u'.repeat(201) },
    });
    expect(init?.state).toEqual({ token: null, conversation: null, user: null });
    expect(init?.open).toBe(false);
    expect(parseInit({ v: 1, type: 'parley:init' })?.state).toEqual({
      token: null,
      conversation: null,
      user: null,
    });
  });
  it('ignores other versions and other messages', () => {
    expect(parseInit({ v: 2, type: 'parley:init', state: { token } })).toBeNull();
    expect(parseInit({ type: 'parley:init' })).toBeNull();
    expect(parseInit('parley:init')).toBeNull();
    expect(parseInit(null)).toBeNull();
  });
});

describe('parseCommand', () => {
  it('reads the commands of version 1', () => {
    expect(parseCommand({ v: 1, type: 'open', open: true, focus: true })).toEqual({
      type: 'open',
      open: true,
      focus: true,
    });
    expect(parseCommand({ v: 1, type: 'open', open: false })).toEqual({
      type: 'open',
      open: false,
      focus: false,
    });
    expect(parseCommand({ v: 1, type: 'send', text: 'hi' })).toEqual({ type: 'send', text: 'hi' });
    expect(parseCommand({ v: 1, type: 'reset' })).toEqual({ type: 'reset' });
  });
  it("reads Parley('identify') as the host passed it: the user id (a number too) and its signature", () => {
    const userHash = 'ab'.repeat(32);
    expect(parseCommand({ v: 1, type: 'identify', userId: 'u-1', userHash, name: 'Ada', email: 7 })).toEqual({
      type: 'identify',
      user: { id: 'u-1', hash: userHash, name: 'Ada', email: undefined },
    });
    expect(parseCommand({ v: 1, type: 'identify', userId: 42, userHash })).toMatchObject({
      user: { id: '42', hash: userHash },
    });
    expect(parseCommand({ v: 1, type: 'identify', userId: 'u-1', userHash: 'not-hex' })).toBeNull();
    expect(parseCommand({ v: 1, type: 'identify', userId: '', userHash })).toBeNull();
    expect(parseCommand({ v: 1, type: 'identify', userHash })).toBeNull();
  });
  it('ignores anything else', () => {
    expect(parseCommand({ v: 1, type: 'send', text: 42 })).toBeNull();
    expect(parseCommand({ v: 1, type: 'open' })).toBeNull();
    expect(parseCommand({ v: 2, type: 'reset' })).toBeNull();
    expect(parseCommand({ v: 1, type: 'eval', code: 'alert(1)' })).toBeNull();
    expect(parseCommand(undefined)).toBeNull();
  });
});

describe('helloTargets', () => {
  const allowed = ['http://127.0.0.1:3000', 'https://shop.example'];
  it("says hello to the parent's exact origin when the browser tells it", () => {
    expect(helloTargets(allowed, 'https://shop.example')).toEqual(['https://shop.example']);
  });
  it('says nothing to a parent that is not allowed', () => {
    expect(helloTargets(allowed, 'https://evil.example')).toEqual([]);
  });
  it('otherwise tries each allowed origin: the browser delivers to the matching one only', () => {
    expect(helloTargets([...allowed, allowed[0]], undefined)).toEqual(allowed);
  });
});

describe('parentOrigin', () => {
  it('is what ancestorOrigins says, when the browser has it', () => {
    expect(parentOrigin('https://shop.example', 'https://other.example/page')).toBe('https://shop.example');
  });
  it("is the referrer's origin otherwise (Firefox): the page that created the frame", () => {
    expect(parentOrigin(undefined, 'https://shop.example/cart?id=1')).toBe('https://shop.example');
    expect(parentOrigin(undefined, 'http://localhost:4567/')).toBe('http://localhost:4567');
  });
  it('is unknown without either, or with a referrer that is no web page', () => {
    expect(parentOrigin(undefined, '')).toBeUndefined();
    expect(parentOrigin(undefined, 'about:blank')).toBeUndefined();
  });
});
