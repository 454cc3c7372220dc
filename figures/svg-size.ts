// The width of an SVG that figures/render.ts wrote: vega puts it on the root <svg> element, in pixels. (The
// report checks every figure's SVG in full before it shows it, report/build.ts checkedSvgSize.)

/** The width on the root <svg> element, or NaN when it has none. */
export function svgWidth(svg: string): number {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  return Number(/\swidth="([0-9.]+)"/.exec(root)?.[1] ?? Number.NaN);
}
