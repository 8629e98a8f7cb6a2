/**
 * What every package of edgesweep shares: only the error type for bad user input.
 *
 * <p>Nothing else belongs here; a helper that two packages need lives in the upper one of the
 * two (data, model, compress, evaluate, select, transforms, in that order).
 */
package io.edgesweep;
