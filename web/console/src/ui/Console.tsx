import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { DemandRow, FeedEvent, RegionRef } from '../api/types';
import { useT, type Lang } from '../i18n/i18n';
import { countOpen, findRegion, loadDistricts, pathTo } from '../regions/region-tree';
import type { Session } from '../session';
import { DemandPanel } from './DemandPanel';
import { Feed } from './Feed';
import { GridMap } from './GridMap';
import { Header } from './Header';
import { messageOf, useFeed, useHeatmap, useLiveLink, useNow, useSubtree, useWall } from './hooks';
import { RegionTree } from './RegionTree';
import { Wall } from './Wall';

interface Props {
  session: Session;
  onLang(lang: Lang): void;
  onSignOut(ended: boolean): void;
}

/**
 * The signed-in console. Its jurisdiction (the scope, or for a platform admin the district picked)
 * is the tree root: the live feed and the heat map cover all of it, and picking a region inside
 * narrows the list, the wall and the map to that region.
 */
export function Console({ session, onLang, onSignOut }: Props) {
  const { t } = useT();
  const { token, viewer } = session;
  const now = useNow();
  const { link, state: linkState } = useLiveLink(token);

  const [districts, setDistricts] = useState<RegionRef[] | null>(null);
  const [districtId, setDistrictId] = useState<string | null>(null);
  const [rootError, setRootError] = useState<string | null>(null);
  useEffect(() => {
    if (viewer.scope) return;
    loadDistricts(token).then(
      (list) => {
        setDistricts(list);
        setDistrictId((id) => id ?? list[0]?.id ?? null);
      },
      (err: unknown) => setRootError(messageOf(err)),
    );
  }, [token, viewer.scope]);
  const root: RegionRef | null = viewer.scope ?? districts?.find((d) => d.id === districtId) ?? null;

  const { tree, error: treeError } = useSubtree(root, token);
  const [selectedRegionId, setSelectedRegionId] = useState<string | null>(null);
  useEffect(() => setSelectedRegionId(root?.id ?? null), [root?.id]);
  const regionId = selectedRegionId ?? root?.id ?? null;
  const region = findRegion(tree, regionId ?? '') ?? tree;

  const [selectedDemand, setSelectedDemand] = useState<string | null>(null);
  const [demandChanges, setDemandChanges] = useState(0);
  const [feedMoved, setFeedMoved] = useState(0);
  const onEvent = useCallback(
    (event: FeedEvent) => {
      setFeedMoved((n) => n + 1);
      if (event.demand.id === selectedDemand) setDemandChanges((n) => n + 1);
    },
    [selectedDemand],
  );
  const feed = useFeed(link, token, root?.id ?? null, onEvent);
  useEffect(() => {
    if (feed && regionId && linkState === 'live') void feed.showRegion(regionId);
  }, [feed, regionId, linkState]);

  const wall = useWall(link, regionId);
  const heat = useHeatmap(root?.id ?? null, token, feedMoved, linkState);
  const counts = useMemo(() => (tree ? countOpen(tree, heat) : new Map()), [tree, heat]);

  useEffect(() => {
    if (linkState === 'refused') onSignOut(true);
  }, [linkState]);

  const selectDemand = (id: string | null) => {
    setDemandChanges(0);
    setSelectedDemand(id);
  };
  const offerRow = useCallback((row: DemandRow) => feed?.offer(row), [feed]);
  const breadcrumb = tree && regionId ? pathTo(tree, regionId) : [];

  return (
    <div class="console" data-testid="console" data-root-id={root?.id ?? ''} data-region-id={regionId ?? ''}>
      <Header viewer={viewer} linkState={linkState} onLang={onLang} onSignOut={() => onSignOut(false)} />
      <Wall stats={wall.stats} error={wall.error} />
      <div class="columns">
        <aside class="side">
          <section class="panel regions">
            <div class="panel-head">
              <h2>{t('tree.heading')}</h2>
              {!viewer.scope && districts && (
                <select aria-label={t('tree.districts')} value={districtId ?? ''} onChange={(e) => setDistrictId(e.currentTarget.value)} data-testid="district-picker">
                  {districts.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              )}
            </div>
            {rootError || treeError ? (
              <p class="error">{t('tree.error', { message: rootError ?? treeError ?? '' })}</p>
            ) : tree && regionId ? (
              <RegionTree root={tree} counts={counts} selectedId={regionId} onSelect={setSelectedRegionId} />
            ) : (
              <p class="muted">{t('tree.loading')}</p>
            )}
          </section>
          <section class="panel map-panel">
            <div class="panel-head">
              <h2>{t('map.heading', { region: region?.name ?? '' })}</h2>
            </div>
            {region && <GridMap region={region} heat={heat} onSelect={setSelectedRegionId} />}
          </section>
        </aside>
        <main class="middle">
          {breadcrumb.length > 1 && (
            <nav class="breadcrumb" data-testid="breadcrumb">
              {breadcrumb.map((r, i) => (
                <button type="button" key={r.id} class="link-button" disabled={i === breadcrumb.length - 1} onClick={() => setSelectedRegionId(r.id)}>
                  {r.name}
                </button>
              ))}
            </nav>
          )}
          <Feed feed={feed} regionId={regionId ?? ''} regionName={region?.name ?? root?.name ?? ''} selectedId={selectedDemand} now={now} onSelect={selectDemand} />
        </main>
        <aside class="right">
          {selectedDemand ? (
            <DemandPanel
              key={selectedDemand}
              demandId={selectedDemand}
              token={token}
              viewer={viewer}
              changes={demandChanges}
              now={now}
              onRow={offerRow}
              onClose={() => selectDemand(null)}
            />
          ) : (
            <section class="detail panel" data-testid="detail" data-state="empty">
              <p class="muted pad">{t('detail.placeholder')}</p>
            </section>
          )}
        </aside>
      </div>
    </div>
  );
}
