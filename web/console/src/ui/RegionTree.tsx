import { useState } from 'preact/hooks';
import type { OpenCounts, RegionNode } from '../regions/region-tree';
import { useT } from '../i18n/i18n';

interface Props {
  root: RegionNode;
  counts: ReadonlyMap<string, OpenCounts>;
  selectedId: string;
  onSelect(id: string): void;
}

/** Districts and streets start open, communities closed (their grids are many). */
const startsOpen = (node: RegionNode) => node.level === 'DISTRICT' || node.level === 'STREET';

export function RegionTree({ root, counts, selectedId, onSelect }: Props) {
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const flip = (id: string) =>
    setToggled((old) => {
      const next = new Set(old);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <ul class="tree" role="tree" data-testid="region-tree">
      <TreeItem node={root} counts={counts} selectedId={selectedId} onSelect={onSelect} toggled={toggled} onToggle={flip} />
    </ul>
  );
}

interface ItemProps extends Omit<Props, 'root'> {
  node: RegionNode;
  toggled: ReadonlySet<string>;
  onToggle(id: string): void;
}

function TreeItem({ node, counts, selectedId, onSelect, toggled, onToggle }: ItemProps) {
  const { t, tEnum } = useT();
  const expanded = startsOpen(node) !== toggled.has(node.id);
  const count = counts.get(node.id);
  const open = count?.open ?? 0;
  return (
    <li role="treeitem" aria-expanded={node.children.length ? expanded : undefined} aria-selected={node.id === selectedId}>
      <div class={`tree-row${node.id === selectedId ? ' is-selected' : ''}`} data-testid="region-node" data-region-id={node.id} data-level={node.level} data-open={open}>
        {node.children.length ? (
          <button type="button" class="caret" onClick={() => onToggle(node.id)} title={expanded ? t('tree.collapse') : t('tree.expand')}>
            {expanded ? '▾' : '▸'}
          </button>
        ) : (
          <span class="caret" />
        )}
        <button type="button" class="tree-name" onClick={() => onSelect(node.id)} title={tEnum('level', node.level)}>
          {node.name}
        </button>
        {open > 0 && (
          <span class={`count${(count?.overdue ?? 0) > 0 ? ' count-overdue' : (count?.urgent ?? 0) > 0 ? ' count-urgent' : ''}`} title={t('tree.open', { count: open })}>
            {open}
          </span>
        )}
      </div>
      {expanded && node.children.length > 0 && (
        <ul role="group">
          {node.children.map((child) => (
            <TreeItem key={child.id} node={child} counts={counts} selectedId={selectedId} onSelect={onSelect} toggled={toggled} onToggle={onToggle} />
          ))}
        </ul>
      )}
    </li>
  );
}
