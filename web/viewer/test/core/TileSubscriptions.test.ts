import { describe, expect, it } from 'vitest';
import { TileSubscriptions } from '../../src/core/TileSubscriptions';

describe('TileSubscriptions', () => {
  it('should subscribe every wanted tile at first', () => {
    const subs = new TileSubscriptions();
    subs.want(['b', 'a']);

    expect(subs.diff()).toEqual({ subscribe: ['a', 'b'], unsubscribe: [] });
  });

  it('should have nothing to do once the diff is committed', () => {
    const subs = new TileSubscriptions();
    subs.want(['a', 'b']);
    subs.commitSubscribed(subs.diff().subscribe);

    expect(subs.diff()).toEqual({ subscribe: [], unsubscribe: [] });
  });

  it('should subscribe new tiles and unsubscribe dropped ones when the view changes', () => {
    const subs = new TileSubscriptions();
    subs.want(['a', 'b', 'c']);
    subs.commitSubscribed(['a', 'b', 'c']);

    subs.want(['b', 'c', 'd']);

    expect(subs.diff()).toEqual({ subscribe: ['d'], unsubscribe: ['a'] });
  });

  it('should keep a failed subscription pending for the next diff', () => {
    const subs = new TileSubscriptions();
    subs.want(['a', 'b']);
    subs.commitSubscribed(['a']);

    expect(subs.diff().subscribe).toEqual(['b']);
  });

  it('should resubscribe everything wanted after the connection is lost', () => {
    const subs = new TileSubscriptions();
    subs.want(['a', 'b']);
    subs.commitSubscribed(['a', 'b']);

    subs.connectionLost();

    expect(subs.diff()).toEqual({ subscribe: ['a', 'b'], unsubscribe: [] });
    expect(subs.subscribedTiles.size).toBe(0);
  });

  it('should forget unsubscribed tiles', () => {
    const subs = new TileSubscriptions();
    subs.want(['a']);
    subs.commitSubscribed(['a']);
    subs.want([]);
    subs.commitUnsubscribed(subs.diff().unsubscribe);

    expect(subs.diff()).toEqual({ subscribe: [], unsubscribe: [] });
    expect(subs.isWanted('a')).toBe(false);
  });
});
