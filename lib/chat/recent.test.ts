import { describe, expect, it } from 'vitest';
import { RecentConversations } from './recent';

const scope = { siteId: 's', visitorId: 'v' };
const turn = (content: string) => ({
  scope,
  locale: null,
  version: 'v1',
  history: [{ role: 'user' as const, content }],
});

describe('held conversation histories', () => {
  it('are usable once the answer is stored, by the same visitor only', () => {
    const recent = new RecentConversations();
    recent.stored('c', turn('hello'), 'a1');
    expect(recent.get(scope, 'c')).toBeUndefined();
    recent.answered('c', 'a1', 'hi there');
    expect(recent.get(scope, 'c')?.history).toEqual([
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'hi there' },
    ]);
    expect(recent.get({ siteId: 's', visitorId: 'other' }, 'c')).toBeUndefined();
    expect(recent.get({ siteId: 'other', visitorId: 'v' }, 'c')).toBeUndefined();
  });

  it('ignore the end of an answer they no longer wait for, and keep an empty answer out', () => {
    const recent = new RecentConversations();
    recent.stored('c', turn('one'), 'a1');
    recent.stored('c', turn('two'), 'a2');
    recent.answered('c', 'a1', 'late');
    expect(recent.get(scope, 'c')).toBeUndefined();
    recent.answered('c', 'a2', '');
    expect(recent.get(scope, 'c')?.history).toEqual([{ role: 'user', content: 'two' }]);
  });

  it('are bounded in number, in size and in idle time', () => {
    let now = 0;
    const recent = new RecentConversations(() => now, { entries: 2, chars: 10, idleMs: 1000 });
    for (const id of ['a', 'b', 'c']) {
      recent.stored(id, turn('xx'), `${id}1`);
      recent.answered(id, `${id}1`, 'yy');
    }
    expect(recent.size).toBe(2);
    expect(recent.get(scope, 'a')).toBeUndefined();
    recent.stored('d', turn('0123456789'), 'd1');
    expect(recent.size).toBe(1);
    now = 2000;
    recent.answered('d', 'd1', '');
    now = 3001;
    expect(recent.get(scope, 'd')).toBeUndefined();
    expect(recent.size).toBe(0);
  });
});
