/** How the bench report writes numbers and tables (Markdown). */
export const MIB_PER_MB = 1_000_000 / 1_048_576;

export const fixed = (value: number, digits = 0) => value.toFixed(digits);
export const ms = (value: number) => `${fixed(value, value < 10 ? 2 : 1)} ms`;
export const ratio = (value: number, base: number) => `${fixed(value / base, 2)}×`;
/** A difference, with its sign. */
export const signed = (value: number, digits = 1) =>
  `${value >= 0 ? '+' : ''}${fixed(value, digits)}`;
/** The change from `base`, signed. */
export const delta = (value: number, base: number) =>
  `${value >= base ? '+' : ''}${ms(value - base)}`;
export const optional = (value: number | undefined) => (value === undefined ? '–' : String(value));

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
