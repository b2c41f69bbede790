/**
 * Where everything sits in the tally picture. The picture has one fixed size, 1280 × 720 pixels
 * (Telegram shows a photo up to 1280 pixels wide without scaling it down): a title band, then a
 * grid with one row per state and one column per recommendation, a consensus row under it and
 * the legend below that. Cells shrink to fit many states or items, and grow no larger than
 * `MAX_CELL`, so a small round stays a compact table at the left.
 */

export const TALLY_PICTURE_SIZE = { width: 1280, height: 720 } as const;

const MARGIN = 32;
const LABEL_WIDTH = 300;
const GRID_TOP = 150;
const HEADER_HEIGHT = 36;
const CONSENSUS_HEIGHT = 48;
const LEGEND_HEIGHT = 44;
const MAX_CELL = { width: 120, height: 56 };
/** The gap between neighbouring cells, left white. */
export const CELL_GAP = 4;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TallyLayout {
  /** Left edge of the state names. */
  labelX: number;
  labelWidth: number;
  /** Top-left of the first cell (below the items' labels). */
  gridX: number;
  gridY: number;
  cellWidth: number;
  cellHeight: number;
  /** Baseline of the items' labels above the grid. */
  headerBaseline: number;
  /** Top of the consensus row. */
  consensusY: number;
  /** Top of the legend. */
  legendY: number;
  rows: number;
  columns: number;
}

/** The layout for `states` rows and `items` columns. */
export function tallyLayout(states: number, items: number): TallyLayout {
  const { width, height } = TALLY_PICTURE_SIZE;
  const gridX = MARGIN + LABEL_WIDTH;
  const gridY = GRID_TOP + HEADER_HEIGHT;
  const lowestLegend = height - MARGIN - LEGEND_HEIGHT;
  const rowsHeight = lowestLegend - CONSENSUS_HEIGHT - 12 - gridY;
  const cellWidth = Math.max(
    8,
    Math.min(MAX_CELL.width, Math.floor((width - MARGIN - gridX) / Math.max(1, items))),
  );
  const cellHeight = Math.max(8, Math.min(MAX_CELL.height, Math.floor(rowsHeight / Math.max(1, states))));
  return {
    labelX: MARGIN,
    labelWidth: LABEL_WIDTH - 16,
    gridX,
    gridY,
    cellWidth,
    cellHeight,
    headerBaseline: gridY - 12,
    consensusY: gridY + cellHeight * states + 12,
    // Right under the consensus row: a short grid leaves the white space at the bottom, not in the middle.
    legendY: Math.min(lowestLegend, gridY + cellHeight * states + 12 + CONSENSUS_HEIGHT),
    rows: states,
    columns: items,
  };
}

/** The coloured square of state `row`'s answer on item `column` (both counted from 0). */
export function cellBox(layout: TallyLayout, row: number, column: number): Box {
  return {
    x: layout.gridX + column * layout.cellWidth + CELL_GAP / 2,
    y: layout.gridY + row * layout.cellHeight + CELL_GAP / 2,
    width: layout.cellWidth - CELL_GAP,
    height: layout.cellHeight - CELL_GAP,
  };
}
