import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SOP_01_2019 } from '../../src/domain/sop/sop-01.js';
import type { FlowEdge, FlowNode, FlowPoint, FlowStepInput, SopFlowchart } from '../../src/presenters/sop-flowchart.js';
import { BOX_HEIGHT, ELBOW_Y, MIN_ROW_HEIGHT, flowYIn, sopFlowchart } from '../../src/presenters/sop-flowchart.js';
import { SEVEN_STEP_COLUMNS, SEVEN_STEP_SOP } from '../support/sop-revision.js';

/*
 * The SOP flowchart's geometry (presenters/sop-flowchart.ts), which the PDF and the web page both
 * draw: a box for every step in exactly its executors' columns, terminators first and last, an
 * arrow from each step's box to the next step's, and each row's pieces meeting the next row's.
 */

/** The columns a node's boxes cover. */
const covered = (n: FlowNode): number[] => n.boxes.flatMap((b) => Array.from({ length: b.colTo - b.colFrom }, (_, i) => b.colFrom + i));

function assertWellFormed(flow: SopFlowchart, steps: readonly FlowStepInput[]): void {
  assert.equal(flow.nodes.length, steps.length);
  assert.equal(flow.rows.length, steps.length);
  steps.forEach((s, i) => {
    const n = flow.nodes[i] as FlowNode;
    assert.equal(n.step, s.code);
    assert.equal(n.row, i);
    assert.deepEqual(covered(n), s.executorRoles.map((r) => flow.columns.indexOf(r)).sort((a, b) => a - b), `${s.code}: boxes in its executors' columns`);
    for (const b of n.boxes) assert.ok(b.x1 > b.colFrom && b.x2 < b.colTo && b.x1 < b.x2, `${s.code}: a box inside its columns`);
    assert.equal(n.kind, i === 0 ? 'start' : i === steps.length - 1 ? 'end' : 'process', `${s.code}: terminators first and last`);
  });
  assert.deepEqual(flow.edges.map((e) => `${e.from}>${e.to}`), steps.slice(1).map((s, i) => `${steps[i]?.code}>${s.code}`), 'arrows connect consecutive steps');
  for (const e of flow.edges) assertEdge(flow, e);
}

function assertEdge(flow: SopFlowchart, e: FlowEdge): void {
  const from = flow.nodes.find((n) => n.step === e.from) as FlowNode;
  const to = flow.nodes.find((n) => n.step === e.to) as FlowNode;
  const first = e.points[0] as FlowPoint;
  const last = e.points[e.points.length - 1] as FlowPoint;
  const a = from.boxes[0];
  const b = to.boxes[0];
  assert.ok(a && b);
  // Leaves the bottom edge of the step's box, enters the top edge of the next one's.
  assert.deepEqual([first.row, first.y], [from.row, BOX_HEIGHT / 2], `${e.from}: from its box's bottom`);
  assert.ok(first.x > a.x1 && first.x < a.x2, `${e.from}: within its box`);
  assert.deepEqual([last.row, last.y], [to.row, -BOX_HEIGHT / 2], `${e.to}: into its box's top`);
  assert.ok(last.x > b.x1 && last.x < b.x2, `${e.to}: within its box`);
  // Only vertical and horizontal runs (elbows), and the row changes only across the row edge.
  e.points.slice(1).forEach((p, i) => {
    const q = e.points[i] as FlowPoint;
    if (p.row !== q.row) assert.deepEqual([q.y, p.y, q.x], ['bottom', 'top', p.x], 'crosses into the next row straight down');
    else assert.ok(p.x === q.x || p.y === q.y, 'an elbow, never a slant');
  });
  // The row slices hold exactly the edge's pieces, the arrowhead on the last.
  const pieces = flow.rows.flatMap((r) => r.segments.filter((s) => !s.link).map((s) => ({ row: r.node.row, ...s })))
    .filter((s) => (s.row === from.row && !s.arrow) || (s.row === to.row && s.arrow));
  const expected = e.points.slice(1).flatMap((p, i) => {
    const q = e.points[i] as FlowPoint;
    return p.row === q.row ? [{ row: p.row, x1: q.x, y1: q.y, x2: p.x, y2: p.y, arrow: p === last, link: false }] : [];
  });
  assert.deepEqual(pieces, expected, `${e.from}>${e.to}: the rows draw the arrow`);
}

describe('SOP flowchart geometry', () => {
  it('SOP-01: three executor columns, every step one box over all three, straight arrows down, Mulai and Selesai as terminators', () => {
    const flow = sopFlowchart(SOP_01_2019.steps);
    assert.deepEqual(flow.columns, ['admin_lpse', 'dit_eproc', 'pihak_berwenang']);
    assertWellFormed(flow, SOP_01_2019.steps);
    for (const n of flow.nodes) assert.deepEqual(n.boxes.map((b) => [b.colFrom, b.colTo]), [[0, 3]]);
    for (const e of flow.edges) assert.equal(new Set(e.points.map((p) => p.x)).size, 1, 'straight down');
    assert.deepEqual([flow.nodes[0]?.kind, flow.nodes[5]?.kind], ['start', 'end']);
  });

  it('a revision: seven steps, four columns, a step by two adjacent executors and one by two apart, with elbows between columns', () => {
    const flow = sopFlowchart(SEVEN_STEP_SOP.steps);
    assert.deepEqual(flow.columns, SEVEN_STEP_COLUMNS);
    assertWellFormed(flow, SEVEN_STEP_SOP.steps);
    const boxes = (code: string) => flow.nodes.find((n) => n.step === code)?.boxes.map((b) => [b.colFrom, b.colTo]);
    assert.deepEqual(boxes('B3'), [[0, 2]], 'two adjacent executors: one box over both columns');
    assert.deepEqual(boxes('B5'), [[0, 1], [3, 4]], 'two executors apart: a box in each column');
    const b5 = flow.rows[4];
    assert.deepEqual(b5?.segments.filter((s) => s.link).map((s) => [s.x1, s.x2, s.y1]), [[1 - 0.12, 3 + 0.12, 0]], 'joined by a link');
    // B1 (column 0) to B2 (column 1): down, across below the box, down into B2.
    const e12 = flow.edges[0] as FlowEdge;
    assert.deepEqual(e12.points.map((p) => [p.row, p.x, p.y]), [[0, 0.5, 11], [0, 0.5, ELBOW_Y], [0, 1.5, ELBOW_Y], [0, 1.5, 'bottom'], [1, 1.5, 'top'], [1, 1.5, -11]]);
    // B2 (column 1) to B3 (columns 0–1): they share column 1, straight down there.
    assert.deepEqual([...new Set((flow.edges[1] as FlowEdge).points.map((p) => p.x))], [1.5]);
  });

  it('rows are tall enough for a box, its elbow and the arrows; y resolves from the row top', () => {
    assert.ok(MIN_ROW_HEIGHT >= 2 * ELBOW_Y + 8);
    assert.deepEqual([flowYIn('top', 80), flowYIn('bottom', 80), flowYIn(-11, 80), flowYIn(ELBOW_Y, 80)], [0, 80, 29, 40 + ELBOW_Y]);
  });

  it('a single step is a start terminator with no arrow; two steps are start and end', () => {
    const one = sopFlowchart([{ code: 'B1', executorRoles: ['admin_lpse'] }]);
    assert.deepEqual([one.nodes[0]?.kind, one.edges.length], ['start', 0]);
    const two = sopFlowchart([{ code: 'B1', executorRoles: ['a'] }, { code: 'B2', executorRoles: ['b'] }]);
    assert.deepEqual(two.nodes.map((n) => n.kind), ['start', 'end']);
    assertWellFormed(two, [{ code: 'B1', executorRoles: ['a'] }, { code: 'B2', executorRoles: ['b'] }]);
  });
});
