package dev.keyhold.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The error codes docs/api.md promises clients, read from its "Errors" section: the problem codes of its first table,
 * the field codes of {@code errors[]} in its second, and the RFC 6749 {@code error} values of {@code POST /token}. An
 * answer with a code outside these is a code a client cannot know.
 */
record DocumentedCodes(Set<String> problems, Set<String> fields, Set<String> tokenErrors) {

  static final Path API_DOC = Path.of("..", "docs", "api.md");

  /** The RFC 6749 section 5.2 errors and Keyhold's own 429 codes that the paragraph on {@code POST /token} names. */
  private static final List<String> TOKEN_ERRORS = List.of("invalid_request", "unsupported_grant_type",
      "invalid_grant", "mfa_required", "temporarily_unavailable", "too_many_attempts", "rate_limited");

  private static final Pattern FIRST_CELL = Pattern.compile("^\\| (`[a-z_]+`(?:, `[a-z_]+`)*) \\|");
  private static final Pattern CODE = Pattern.compile("`([a-z_]+)`");

  static DocumentedCodes read() {
    List<String> lines;
    try {
      lines = Files.readAllLines(API_DOC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int errors = lines.indexOf("## Errors");
    int fieldTable = indexFrom(lines, errors, "Field codes in `errors[]`");
    int tokenParagraph = indexFrom(lines, fieldTable, "`POST /token` answers errors as RFC 6749");
    Set<String> problems = codesOfFirstColumn(lines.subList(errors, fieldTable));
    Set<String> fields = codesOfFirstColumn(lines.subList(fieldTable, tokenParagraph));
    StringBuilder paragraph = new StringBuilder();
    for (int i = tokenParagraph; i < lines.size() && !lines.get(i).isBlank(); i++) {
      paragraph.append(lines.get(i)).append(' ');
    }
    for (String code : TOKEN_ERRORS) {
      if (!paragraph.toString().contains("`" + code + "`") && !paragraph.toString().contains("\"" + code + "\"")) {
        throw new IllegalStateException("docs/api.md no longer names the /token error " + code);
      }
    }
    if (problems.size() < 20 || fields.size() < 20) {
      throw new IllegalStateException("docs/api.md's error tables were not found: " + problems + " " + fields);
    }
    return new DocumentedCodes(Set.copyOf(problems), Set.copyOf(fields), Set.copyOf(TOKEN_ERRORS));
  }

  private static int indexFrom(List<String> lines, int from, String prefix) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new IllegalStateException("docs/api.md has no line starting " + prefix);
  }

  private static Set<String> codesOfFirstColumn(List<String> lines) {
    Set<String> codes = new LinkedHashSet<>();
    for (String line : lines) {
      Matcher cell = FIRST_CELL.matcher(line);
      if (cell.find()) {
        Matcher code = CODE.matcher(cell.group(1));
        while (code.find()) {
          codes.add(code.group(1));
        }
      }
    }
    return codes;
  }
}
