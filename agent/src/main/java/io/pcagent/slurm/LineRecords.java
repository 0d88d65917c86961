package io.pcagent.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Output of one record a line, read line by line: a line that cannot be read becomes a {@link ParseProblem} and
 * never costs the others. What a line was called ({@code NodeName=...}, a job id) names the record in the problem.
 */
final class LineRecords {
  /** How one line becomes a record; throws {@link RecordProblem} (or IllegalArgumentException) when it cannot. */
  @FunctionalInterface
  interface LineParser<T> {
    T parse(String line);
  }

  private LineRecords() {}

  /**
   * @param emptyAnswers whole lines Slurm prints instead of records ("No nodes in the system")
   * @param recordName what the line calls its record, read without trusting the rest of the line
   */
  static <T> Parsed<T> parse(String source, String output, Set<String> emptyAnswers, Function<String, Optional<String>> recordName,
      LineParser<T> parser) {
    Reader<T> reader = new Reader<>(source, emptyAnswers, recordName, parser);
    for (String line : output.split("\n", -1)) {
      reader.accept(line);
    }
    return reader.result();
  }

  /**
   * The same, a line at a time as a command prints it ({@code CommandRunner.runLines}): only the records are kept, never
   * the output whole. Lines come from one thread; the result is read once the command has ended.
   */
  static final class Reader<T> {
    private final String source;
    private final Set<String> emptyAnswers;
    private final Function<String, Optional<String>> recordName;
    private final LineParser<T> parser;
    private final List<T> records = new ArrayList<>();
    private final List<ParseProblem> problems = new ArrayList<>();
    private int lineNumber;

    Reader(String source, Set<String> emptyAnswers, Function<String, Optional<String>> recordName, LineParser<T> parser) {
      this.source = source;
      this.emptyAnswers = emptyAnswers;
      this.recordName = recordName;
      this.parser = parser;
    }

    synchronized void accept(String raw) {
      lineNumber++;
      String line = raw.strip();
      if (line.isEmpty() || emptyAnswers.contains(line)) {
        return;
      }
      try {
        records.add(parser.parse(line));
      } catch (RecordProblem e) {
        problems.add(new ParseProblem(source, lineNumber, recordName.apply(line), Optional.ofNullable(e.field()), e.getMessage()));
      } catch (IllegalArgumentException e) {
        problems.add(new ParseProblem(source, lineNumber, recordName.apply(line), Optional.empty(), e.getMessage()));
      }
    }

    synchronized Parsed<T> result() {
      return new Parsed<>(records, problems);
    }
  }

  /** The value of {@code key=} at the start of a line, up to the first space: {@code node compute-1}. */
  static Function<String, Optional<String>> leadingKey(String key, String kind) {
    String prefix = key + "=";
    return line -> {
      if (!line.startsWith(prefix)) {
        return Optional.empty();
      }
      int end = line.indexOf(' ', prefix.length());
      String name = line.substring(prefix.length(), end < 0 ? line.length() : end);
      return name.isEmpty() ? Optional.empty() : Optional.of(kind + " " + abbreviate(name));
    };
  }

  static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
