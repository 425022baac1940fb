import type { Lang } from '../../messages/catalogue.js';
import { t } from '../../messages/catalogue.js';
import type { FlowRow, FlowY, SopFlowchart } from '../../presenters/sop-flowchart.js';
import { BOX_HEIGHT } from '../../presenters/sop-flowchart.js';
import { sopRoleLabel } from '../../presenters/sop-text.js';

/**
 * One step's part of the SOP flowchart (`sopFlowchart`, the geometry the PDF draws too) as inline
 * SVG over the row's executor columns: it fills its cell whatever the row's height (the cell is
 * as tall as the step's text). Presentation attributes and CSS classes only (the CSP forbids
 * `style=`): x in percent of the columns' width; y in pixels from the row's centre inside a
 * nested viewport at 50 %, in which -50 % / 50 % are the row's top and bottom edges.
 */
export function SopFlowRowSvg({ row, flow, lang }: { row: FlowRow; flow: SopFlowchart; lang: Lang }) {
  const n = flow.columns.length;
  const x = (u: number): string => `${+(u / n * 100).toFixed(3)}%`;
  const y = (v: FlowY): string => (v === 'top' ? '-50%' : v === 'bottom' ? '50%' : String(v));
  const node = row.node;
  const marker = `sop-arrow-${node.row}`;
  const next = flow.nodes[node.row + 1];
  const executors = [...new Set(node.boxes.flatMap((b) => flow.columns.slice(b.colFrom, b.colTo)))].map((r) => sopRoleLabel(r, lang));
  const label = t(lang, 'web.sop.flow', { step: node.step, shape: t(lang, `web.sop.shape.${node.kind}`), executors: executors.join(', '), next: next?.step ?? '' });
  const terminator = node.kind !== 'process';
  const first = node.boxes[0];
  return (
    <svg class="sop-flow" width="100%" height="100%" role="img" aria-label={label} data-step={node.step} data-kind={node.kind}>
      <defs>
        <marker id={marker} viewBox="0 0 8 8" refX="8" refY="4" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">
          <path d="M0,0 L8,4 L0,8 z" class="sop-flow-head" />
        </marker>
      </defs>
      {Array.from({ length: n - 1 }, (_, k) => <line class="sop-flow-rule" x1={x(k + 1)} y1="0" x2={x(k + 1)} y2="100%" />)}
      <svg y="50%" overflow="visible">
        {row.segments.map((s) => (
          <line class={s.link ? 'sop-flow-link' : 'sop-flow-line'} x1={x(s.x1)} y1={y(s.y1)} x2={x(s.x2)} y2={y(s.y2)}
            {...(s.arrow ? { 'marker-end': `url(#${marker})` } : {})} />
        ))}
        {node.boxes.map((b) => (
          <rect class="sop-flow-box" x={x(b.x1)} y={String(-BOX_HEIGHT / 2)} width={x(b.x2 - b.x1)} height={String(BOX_HEIGHT)}
            rx={terminator ? String(BOX_HEIGHT / 2) : '0'} data-cols={`${b.colFrom}-${b.colTo}`} />
        ))}
        {terminator && first && (
          <text class="sop-flow-label" x={x((first.x1 + first.x2) / 2)} y="0" text-anchor="middle" dominant-baseline="central">
            {t(lang, node.kind === 'start' ? 'web.sop.start' : 'web.sop.end')}
          </text>
        )}
      </svg>
    </svg>
  );
}
