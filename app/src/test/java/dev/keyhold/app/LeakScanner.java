package dev.keyhold.app;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Looks for secrets in log output, in every form they could be written in: as they are, JSON-escaped, and for tokens
 * and keys also as the SHA-256 stores keep (hex, base64, base64url), the signature of a JWT, and the bytes of a
 * base64 key as hex. Also flags anything that looks like an Argon2 hash.
 */
final class LeakScanner {

  /** A secret found in the output: its name and the form it was found in; never the value itself. */
  record Leak(String secret, String form) {}

  private final Map<String, Map<String, String>> formsBySecret = new LinkedHashMap<>();

  /** A secret to look for as it is (a password, a header value). */
  LeakScanner secret(String name, String value) {
    forms(name).put("as is", value);
    return this;
  }

  /** A token: as it is, its SHA-256 in every common encoding, and the signature part when it is a JWT. */
  LeakScanner token(String name, String value) {
    Map<String, String> forms = forms(name);
    forms.put("as is", value);
    byte[] digest = sha256(value);
    forms.put("sha-256 hex", HexFormat.of().formatHex(digest));
    forms.put("sha-256 hex upper case", HexFormat.of().withUpperCase().formatHex(digest));
    forms.put("sha-256 base64", Base64.getEncoder().encodeToString(digest));
    forms.put("sha-256 base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
    String[] jwt = value.split("\\.");
    if (jwt.length == 3 && jwt[2].length() >= 20) {
      forms.put("jwt signature", jwt[2]);
    }
    return this;
  }

  /** A base64 key: as it is, and its bytes as hex and base64url. */
  LeakScanner base64Key(String name, String value) {
    Map<String, String> forms = forms(name);
    forms.put("as is", value);
    byte[] key = Base64.getDecoder().decode(value);
    forms.put("hex", HexFormat.of().formatHex(key));
    forms.put("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(key));
    return this;
  }

  int size() {
    return formsBySecret.size();
  }

  /** Every secret found in {@code output}, in each form found; empty when clean. */
  List<Leak> scan(String output) {
    Set<Leak> leaks = new LinkedHashSet<>();
    formsBySecret.forEach((name, forms) -> forms.forEach((form, value) -> {
      if (output.contains(value)) {
        leaks.add(new Leak(name, form));
      }
      String escaped = new String(JsonStringEncoder.getInstance().quoteAsString(value));
      if (!escaped.equals(value) && output.contains(escaped)) {
        leaks.add(new Leak(name, form + ", JSON-escaped"));
      }
    }));
    if (output.contains("$argon2")) {
      leaks.add(new Leak("a password hash", "argon2 encoding"));
    }
    return new ArrayList<>(leaks);
  }

  private Map<String, String> forms(String name) {
    if (formsBySecret.containsKey(name)) {
      throw new IllegalArgumentException("two secrets named " + name);
    }
    Map<String, String> forms = new LinkedHashMap<>();
    formsBySecret.put(name, forms);
    return forms;
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
