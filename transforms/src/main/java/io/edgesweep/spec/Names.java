package io.edgesweep.spec;

import io.edgesweep.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads an enum constant by the name users write for it ({@code per-channel}, {@code max-accuracy}):
 * the one parser behind every such field, so all accept the same spellings (case and surrounding
 * blanks do not matter) and fail with the same message, naming the input and listing the choices.
 */
public final class Names {
  private Names() {}

  /**
   * The name users write for a constant: its Java name in lower case with words joined by hyphens
   * ({@code PER_CHANNEL} is {@code per-channel}), so an enum states its spellings once, in its
   * constants' names.
   */
  public static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Reads a constant by its {@linkplain #of user's name}. */
  public static <E extends Enum<E>> E parse(Class<E> type, String text, String source, String field, String what) {
    return parse(type, Names::of, text, source, field, what);
  }

  /**
   * @param name the spelling of each constant
   * @param what the kind of thing, for the message: "unknown device class 'x'"
   */
  public static <E extends Enum<E>> E parse(
      Class<E> type, Function<E, String> name, String text, String source, String field, String what) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (name.apply(constant).toLowerCase(Locale.ROOT).equals(wanted)) {
        return constant;
      }
    }
    throw new InvalidInputException(source, field, "unknown " + what + " '" + text + "'; use one of "
        + Arrays.stream(type.getEnumConstants()).map(name).collect(Collectors.joining(", ")));
  }
}
