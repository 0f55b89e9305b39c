/**
 * Helpers shared by the modules of this package. Not re-exported from the package index: they are
 * implementation details, free to change.
 * @packageDocumentation
 */

/**
 * Multiplies a non-negative decimal written as text by 10^power without floating-point error
 * (1.15 × 10^4 must give 11500, not 11499.999999999998), by moving the decimal point in the text.
 * @param digits - text matching `\d+(\.\d+)?`
 * @example scaleDecimalText('1.5', 4) // 15000
 * @internal
 */
export function scaleDecimalText(digits: string, power: number): number {
  const [intPart = '0', fracPart = ''] = digits.split('.');
  const shifted = intPart + fracPart.padEnd(power, '0').slice(0, power);
  const rest = fracPart.slice(power);
  return Number(rest.length > 0 ? `${shifted}.${rest}` : shifted);
}

/**
 * Renders a number for a message: integers as they are (no thousands separators, like the
 * documents), other values rounded to at most two decimals.
 * @example formatAmount(1940.0000000000002) // '1940'
 * @internal
 */
export function formatAmount(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/**
 * Renders a ratio (0..1) as a percentage for a message.
 * @param decimals - fixed number of decimals; when omitted, as few as needed (0.2 → '20%').
 * @example formatPercent(2500 / 9700, 1) // '25.8%'
 * @internal
 */
export function formatPercent(ratio: number, decimals?: number): string {
  const percent = ratio * 100;
  if (decimals !== undefined) return `${percent.toFixed(decimals)}%`;
  return `${Math.round(percent * 1e6) / 1e6}%`;
}

/**
 * Tolerance for comparisons of computed quantities, so that 0.7 − 0.2 (= 0.49999999999999994 in
 * binary floating point) still counts as 0.5.
 * @example 0.7 - 0.2 + EPSILON >= 0.5 // true
 * @internal
 */
export const EPSILON = 1e-9;
