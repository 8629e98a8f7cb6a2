/**
 * Image datasets: IDX import, Parquet splits through parquet-avro, stratified sampling, and DJL
 * batches.
 *
 * <p>Nothing here knows about models or compression. Every reader checks its input and throws
 * {@link io.edgesweep.InvalidInputException} naming the file and the field at fault.
 */
package io.edgesweep.data;
