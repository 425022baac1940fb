/**
 * The flowchart of an SOP's activity table, as PermenPAN-RB 35/2012 draws it: one column per
 * executor (Pelaksana), one row per step; the first step is a terminator (rounded, "Mulai"), the
 * last a terminator ("Selesai"), the others process boxes; each box sits in the columns of the
 * step's executors, and an arrow runs from each step to the next (with elbows where the next step
 * is done in other columns). Computed once, as geometry, and drawn by every renderer (pdfmake
 * vectors in the PDF, inline SVG on the web page): pure, no drawing library.
 *
 * Coordinates: x in column units (0 = the left edge of the first executor column, `columns.length`
 * the right edge of the last); y within one row, either the row's `'top'` / `'bottom'` edge or an
 * offset in points (CSS pixels on the web) from the row's centre, downwards positive. The renderer
 * picks each row's height (at least `MIN_ROW_HEIGHT`); boxes keep their height whatever the row's.
 */

/** What the flowchart needs of a step (an `SopStep` is one). */
export interface FlowStepInput {
  readonly code: string;
  readonly executorRoles: readonly string[];
}

export type FlowNodeKind = 'start' | 'process' | 'end';
export type FlowY = 'top' | 'bottom' | number;

/** A box over the executor columns [colFrom, colTo) of its row. */
export interface FlowBox {
  readonly colFrom: number;
  readonly colTo: number;
  /** Left and right edges, in column units (inset from the columns' edges). */
  readonly x1: number;
  readonly x2: number;
}

export interface FlowNode {
  readonly step: string;
  readonly row: number;
  readonly kind: FlowNodeKind;
  /**
   * One box per run of adjacent executor columns (one box for a step done in adjacent columns,
   * several joined by a dashed link when the executors' columns are apart). The first is the one
   * arrows enter and leave.
   */
  readonly boxes: readonly FlowBox[];
}

export interface FlowPoint { readonly row: number; readonly x: number; readonly y: FlowY }

/** An arrow from one step's box to the next step's: a polyline, arrowhead at the last point. */
export interface FlowEdge {
  readonly from: string;
  readonly to: string;
  readonly points: readonly FlowPoint[];
}

/** A straight piece of a drawing inside one row. */
export interface FlowSegment {
  readonly x1: number;
  readonly y1: FlowY;
  readonly x2: number;
  readonly y2: FlowY;
  /** An arrowhead at (x2, y2), pointing along the segment. */
  readonly arrow: boolean;
  /** A link between boxes of one step (drawn dashed), not a flow. */
  readonly link: boolean;
}

/** What a renderer draws in one row: its node and the pieces of arrows and links that pass through it. */
export interface FlowRow {
  readonly node: FlowNode;
  readonly segments: readonly FlowSegment[];
}

export interface SopFlowchart {
  /** The executor roles, in the order of the columns (as they first appear in the steps). */
  readonly columns: readonly string[];
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
  readonly rows: readonly FlowRow[];
}

/** Height of a box (points in the PDF, CSS pixels on the web). */
export const BOX_HEIGHT = 22;
/** Where an arrow turns towards another column: this far below its row's centre. */
export const ELBOW_Y = BOX_HEIGHT / 2 + 8;
/** The least height of a row, so a box, its elbow and the arrows in and out all fit. */
export const MIN_ROW_HEIGHT = 2 * (ELBOW_Y + 8);
/** How far a box stands in from its columns' edges, in column units. */
export const BOX_INSET = 0.12;

/** Runs of adjacent column indexes, in order: [0, 1, 3] → [[0, 2], [3, 4]]. */
function runsOf(cols: readonly number[]): [number, number][] {
  const sorted = [...new Set(cols)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const c of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] === c) last[1] = c + 1;
    else runs.push([c, c + 1]);
  }
  return runs;
}

/** The flowchart of these steps, in their order. */
export function sopFlowchart(steps: readonly FlowStepInput[]): SopFlowchart {
  const columns = [...new Set(steps.flatMap((s) => s.executorRoles))];
  const nodes: FlowNode[] = steps.map((s, row) => ({
    step: s.code,
    row,
    kind: row === 0 ? 'start' : row === steps.length - 1 ? 'end' : 'process',
    // A step that names no executor is drawn across every column (nobody in particular).
    boxes: runsOf(s.executorRoles.length ? s.executorRoles.map((r) => columns.indexOf(r)) : columns.map((_, i) => i))
      .map(([colFrom, colTo]) => ({ colFrom, colTo, x1: colFrom + BOX_INSET, x2: colTo - BOX_INSET })),
  }));
  const segments: FlowSegment[][] = nodes.map(() => []);
  const seg = (row: number, x1: number, y1: FlowY, x2: number, y2: FlowY, arrow = false, link = false): void => {
    segments[row]?.push({ x1, y1, x2, y2, arrow, link });
  };
  const edges: FlowEdge[] = [];
  for (const n of nodes) {
    // The boxes of one step: dashed links between the runs, at the centre.
    n.boxes.slice(1).forEach((b, i) => seg(n.row, n.boxes[i]?.x2 ?? b.x1, 0, b.x1, 0, false, true));
    const next = nodes[n.row + 1];
    if (!next) continue;
    const a = n.boxes[0] as FlowBox;
    const b = next.boxes[0] as FlowBox;
    const lo = Math.max(a.x1, b.x1);
    const hi = Math.min(a.x2, b.x2);
    const top = -BOX_HEIGHT / 2;
    const bottom = BOX_HEIGHT / 2;
    let points: FlowPoint[];
    if (lo < hi) {
      // The boxes share columns: straight down, through the middle of what they share.
      const x = (lo + hi) / 2;
      points = [{ row: n.row, x, y: bottom }, { row: n.row, x, y: 'bottom' }, { row: next.row, x, y: 'top' }, { row: next.row, x, y: top }];
      seg(n.row, x, bottom, x, 'bottom');
    } else {
      // Down, across to the next step's column below this box, down into the next row.
      const xa = (a.x1 + a.x2) / 2;
      const xb = (b.x1 + b.x2) / 2;
      points = [{ row: n.row, x: xa, y: bottom }, { row: n.row, x: xa, y: ELBOW_Y }, { row: n.row, x: xb, y: ELBOW_Y },
        { row: n.row, x: xb, y: 'bottom' }, { row: next.row, x: xb, y: 'top' }, { row: next.row, x: xb, y: top }];
      seg(n.row, xa, bottom, xa, ELBOW_Y);
      seg(n.row, xa, ELBOW_Y, xb, ELBOW_Y);
      seg(n.row, xb, ELBOW_Y, xb, 'bottom');
    }
    const last = points[points.length - 1] as FlowPoint;
    seg(next.row, last.x, 'top', last.x, top, true);
    edges.push({ from: n.step, to: next.step, points });
  }
  return { columns, nodes, edges, rows: nodes.map((node) => ({ node, segments: segments[node.row] ?? [] })) };
}

/** A y of the geometry in a row `height` tall, from the row's top. */
export function flowYIn(y: FlowY, height: number): number {
  if (y === 'top') return 0;
  if (y === 'bottom') return height;
  return height / 2 + y;
}
