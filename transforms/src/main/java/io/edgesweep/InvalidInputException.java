package io.edgesweep;

/**
 * Thrown when a file or value a user supplied cannot be used as given.
 *
 * <p>The message always names the input (a file, a flag, a spec) and, where there is one, the
 * field inside it, so that the user can fix the input without reading a stack trace. Library
 * code throws it; only the command line decides the exit code and what the user reads.
 */
public class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String field;
  private final String problem;

  public InvalidInputException(String source, String field, String problem) {
    this(source, field, problem, null);
  }

  public InvalidInputException(String source, String field, String problem, Throwable cause) {
    super(describe(source, field, problem), cause);
    this.source = source;
    this.field = field;
    this.problem = problem;
  }

  /** The file, flag or spec that was wrong. */
  public String source() {
    return source;
  }

  /** The field inside the source, or null when the whole source is at fault. */
  public String field() {
    return field;
  }

  /** What is wrong, without the source and field. */
  public String problem() {
    return problem;
  }

  private static String describe(String source, String field, String problem) {
    StringBuilder message = new StringBuilder(source);
    if (field != null && !field.isEmpty()) {
      message.append(": ").append(field);
    }
    return message.append(": ").append(problem).toString();
  }
}
