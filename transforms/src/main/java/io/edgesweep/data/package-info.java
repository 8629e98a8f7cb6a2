/**
 * Image datasets: IDX, image-folder (PNG/JPEG through ImageIO) and NumPy import, Parquet splits
 * through parquet-avro, stratified sampling and the four-split draw, and DJL batches.
 *
 * <p>Nothing here knows about models or compression. Every reader checks its input and throws
 * {@link io.edgesweep.InvalidInputException} naming the file and the field at fault.
 */
package io.edgesweep.data;
