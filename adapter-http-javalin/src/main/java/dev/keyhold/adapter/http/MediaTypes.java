package dev.keyhold.adapter.http;

import java.util.Locale;

/** Media type comparison ignoring case and parameters, accepting only UTF-8 as a charset. */
final class MediaTypes {
  private MediaTypes() {}

  static boolean matches(String contentType, String expected) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.split(";");
    if (!parts[0].trim().equalsIgnoreCase(expected)) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].split("=", 2);
      if (param[0].trim().equalsIgnoreCase("charset")) {
        String charset = param.length == 2 ? param[1].trim().replace("\"", "") : "";
        if (!charset.toLowerCase(Locale.ROOT).equals("utf-8")) {
          return false;
        }
      }
    }
    return true;
  }
}
