/**
 * The {@code edgesweep} command line (picocli): one class per subcommand.
 *
 * <p>Commands parse flags, call the library and print what a user needs. Only here are exit
 * codes decided: 2 for bad input (an {@link io.edgesweep.InvalidInputException}), 1 for any other
 * failure.
 */
package io.edgesweep.cli;
