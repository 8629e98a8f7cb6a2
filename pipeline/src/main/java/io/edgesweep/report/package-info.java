/**
 * What a sweep leaves for its users: variants.parquet, pareto.json, picks.json and the terminal
 * table of picks.
 *
 * <p>Formats only; the numbers come from the transforms module's results.
 */
package io.edgesweep.report;
