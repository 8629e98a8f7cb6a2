/**
 * A run folder's files and what is made from them: variants.parquet, pareto.json, picks.json, the
 * report (HTML with XChart plots, Markdown, JSON), pick-time selection and the export of picks.
 *
 * <p>Lives here: the writers the sweep calls ({@link io.edgesweep.report.RunFolderFiles}, {@link
 * io.edgesweep.report.RunOutputs}), the reader of a finished run ({@link
 * io.edgesweep.report.RunFolder}), the report's renderers, {@link io.edgesweep.report.RunPick} and
 * {@link io.edgesweep.report.PickExport}. Everything after the sweep works from the folder's files
 * alone (plus the artifact store for an export), so a report or a pick can be redone later.
 *
 * <p>Must not live here: selection rules (that is {@code io.edgesweep.select}), cost or size
 * arithmetic ({@code io.edgesweep.evaluate}), the bundle's binary layout ({@code
 * io.edgesweep.bundle}), exit codes or printing for the user (the CLI).
 */
package io.edgesweep.report;
