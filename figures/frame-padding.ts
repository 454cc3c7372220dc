// How far a plot keeps its data from its frame. A point at the very end of a scale's domain (a count of 0, a
// fraction of 1, the first value of a sweep) would otherwise sit on the axis line, half cut off by the plot's
// clip or hidden under the axis; Vega's continuous-scale `padding` widens the domain by this many pixels at
// each end instead, so every point is drawn whole and no datum is moved or clipped.

/** pixels between a continuous scale's domain ends and the plot's frame (a little more than the largest point radius) */
export const FRAME_PADDING = 6;
