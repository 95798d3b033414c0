import { DataError } from '../../functions/domain/errors.js';

/**
 * Joins a header and rows into the runner's table CSV (`,` between cells, one `\n` after each
 * line). The runner's tables are never quoted, so a cell holding a `,` would silently become two
 * cells downstream: it is refused here, naming where it is.
 */
export function tableCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, ...rows].map((cells, line) => {
    const bad = cells.findIndex((cell) => cell.includes(',') || cell.includes('\n'));
    if (bad >= 0) {
      const where = line === 0 ? 'the header' : `row ${line} (id ${cells[0] ?? ''})`;
      throw new DataError(
        `${where}, column "${header[bad] ?? bad + 1}" holds a "," or a line break, which the runner's unquoted CSV cannot store`,
      );
    }
    return cells.join(',');
  });
  return `${lines.join('\n')}\n`;
}
