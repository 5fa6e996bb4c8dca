import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, request } from '../api/graphql';
import { keepSubscribed } from '../api/keep-subscribed';
import { LiveLink, type LinkState } from '../api/live';
import { HEATMAP, WALL } from '../api/operations';
import type { FeedEvent, GridHeat, RegionRef, WallStats } from '../api/types';
import { FeedController } from '../feed/feed-controller';
import { loadSubtree, type RegionNode } from '../regions/region-tree';

/** The clock, ticking every `ms`: relative times and deadlines passing while nothing else changes. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** The signed-in console's one graphql-ws connection and its state. */
export function useLiveLink(token: string): { link: LiveLink | null; state: LinkState } {
  const [state, setState] = useState<LinkState>('connecting');
  const [link, setLink] = useState<LiveLink | null>(null);
  useEffect(() => {
    const created = new LiveLink(token, setState);
    setLink(created);
    return () => created.dispose();
  }, [token]);
  return { link, state };
}

/** The feed of the tree root; `onEvent` hears each new event once. */
export function useFeed(link: LiveLink | null, token: string, rootId: string | null, onEvent: (event: FeedEvent) => void): FeedController | null {
  const [, setVersion] = useState(0);
  const [feed, setFeed] = useState<FeedController | null>(null);
  const listener = useRef(onEvent);
  listener.current = onEvent;
  useEffect(() => {
    if (!link || !rootId) return;
    const controller = new FeedController(link, token, rootId, () => setVersion((n) => n + 1), (event) => listener.current(event));
    setFeed(controller);
    controller.start();
    return () => controller.stop();
  }, [link, token, rootId]);
  return feed && feed.rootId === rootId ? feed : null;
}

/** The command-center wall's counters for a region, pushed by the server when they change. */
export function useWall(link: LiveLink | null, regionId: string | null): { stats: WallStats | null; error: string | null } {
  const [stats, setStats] = useState<WallStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setStats(null);
    setError(null);
    if (!link || !regionId) return;
    return keepSubscribed<{ commandCenterStats: WallStats }>(
      link,
      WALL,
      { regionId },
      (data) => {
        setStats(data.commandCenterStats);
        setError(null);
      },
      (message, code) => setError(code ? `${code}: ${message}` : message),
    );
  }, [link, regionId]);
  return { stats, error };
}

export function useSubtree(root: RegionRef | null, token: string): { tree: RegionNode | null; error: string | null } {
  const [tree, setTree] = useState<RegionNode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    setTree(null);
    setError(null);
    if (!root) return;
    let current = true;
    loadSubtree(root, token).then(
      (loaded) => current && setTree(loaded),
      (err: unknown) => {
        if (!current) return;
        setError(messageOf(err));
        setTimeout(() => current && setAttempt((n) => n + 1), 3_000); // the network may come back; the tree is needed for everything else
      },
    );
    return () => {
      current = false;
    };
  }, [root?.id, token, attempt]);
  return { tree, error };
}

/**
 * Open demands per grid of the tree root. Read again a second after the feed moved (several
 * events in a burst cost one read), on every reconnection, and every half minute for deadlines.
 */
export function useHeatmap(rootId: string | null, token: string, feedMoved: number, linkState: LinkState): Map<string, GridHeat> {
  const [heat, setHeat] = useState<Map<string, GridHeat>>(new Map());
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (!rootId || linkState !== 'live') return;
    let current = true;
    const timer = setTimeout(
      () => {
        request<{ regionHeatmap: GridHeat[] }>(HEATMAP, { regionId: rootId }, token).then(
          (data) => current && setHeat(new Map(data.regionHeatmap.map((h) => [h.grid.id, h]))),
          () => undefined, // kept as it was; the next trigger reads again
        );
      },
      feedMoved === 0 ? 0 : 1_000,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [rootId, token, feedMoved, linkState, tick]);
  useEffect(() => setHeat(new Map()), [rootId]);
  return heat;
}

export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
