import type { GridHeat } from '../api/types';
import type { RegionNode } from '../regions/region-tree';
import { useT } from '../i18n/i18n';

/** Colour steps by open demands: none, 1, 2–3, 4–6, 7 or more. */
const STEPS = [0, 1, 2, 4, 7];
const STEP_LABELS = ['0', '1', '2–3', '4–6', '7+'];

export function heatStep(open: number): number {
  let step = 0;
  STEPS.forEach((threshold, i) => {
    if (open >= threshold) step = i;
  });
  return step;
}

interface Props {
  region: RegionNode;
  heat: ReadonlyMap<string, GridHeat>;
  onSelect(id: string): void;
}

/**
 * A schematic map drawn from the hierarchy, not from geography: each grid is a tile, grouped in
 * its community (and street); the tile's colour says how many demands are open there.
 */
export function GridMap({ region, heat, onSelect }: Props) {
  const { t } = useT();
  return (
    <div class={`map map-${region.level}`} data-testid="grid-map" data-region-id={region.id}>
      <div class="legend" aria-hidden="true">
        <span>{t('map.legend')}</span>
        {STEP_LABELS.map((label, i) => (
          <span class="legend-step" key={label}>
            <i class={`tile heat-${i}`} />
            {label}
          </span>
        ))}
      </div>
      {region.level === 'GRID' ? (
        <div class="tiles">
          <Tile grid={region} heat={heat} onSelect={onSelect} />
        </div>
      ) : region.children.length === 0 ? (
        <p class="muted">{t('map.empty')}</p>
      ) : (
        <Group node={region} heat={heat} onSelect={onSelect} top />
      )}
    </div>
  );
}

function Group({ node, heat, onSelect, top = false }: { node: RegionNode; heat: ReadonlyMap<string, GridHeat>; onSelect(id: string): void; top?: boolean }) {
  const grids = node.children.filter((c) => c.level === 'GRID');
  const groups = node.children.filter((c) => c.level !== 'GRID');
  return (
    <div class={`map-group level-${node.level}${top ? ' is-top' : ''}`}>
      {!top && (
        <button type="button" class="map-label" onClick={() => onSelect(node.id)}>
          {node.name}
        </button>
      )}
      {grids.length > 0 && (
        <div class="tiles">
          {grids.map((grid) => (
            <Tile key={grid.id} grid={grid} heat={heat} onSelect={onSelect} />
          ))}
        </div>
      )}
      {groups.length > 0 && (
        <div class="map-groups">
          {groups.map((child) => (
            <Group key={child.id} node={child} heat={heat} onSelect={onSelect} />
          ))}
        </div>
      )}
    </div>
  );
}

function Tile({ grid, heat, onSelect }: { grid: RegionNode; heat: ReadonlyMap<string, GridHeat>; onSelect(id: string): void }) {
  const { t } = useT();
  const h = heat.get(grid.id);
  const open = h?.open ?? 0;
  const label = t('map.tile', { grid: grid.name, open, overdue: h?.overdue ?? 0, urgent: h?.urgent ?? 0 });
  return (
    <button
      type="button"
      class={`tile heat-${heatStep(open)}${h?.overdue ? ' has-overdue' : ''}${h?.urgent ? ' has-urgent' : ''}`}
      title={label}
      aria-label={label}
      data-testid="map-tile"
      data-grid-id={grid.id}
      data-open={open}
      onClick={() => onSelect(grid.id)}
    >
      {open > 0 ? open : ''}
    </button>
  );
}
