/**
 * Reading the YAML users write (sweep specs, device profiles): typed getters that name the file and
 * the key path in every error, and the one way enum-like words are parsed.
 *
 * <p>Below every other package: it knows nothing of models, stages or devices.
 */
package io.edgesweep.spec;
