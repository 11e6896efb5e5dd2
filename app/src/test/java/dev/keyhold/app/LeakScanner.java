package dev.keyhold.app;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhold.identity.model.mfa.RecoveryCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for secrets in log output, in every form they could be written in: as they are, JSON-escaped, and for tokens
 * and keys also as the SHA-256 stores keep (hex, base64, base64url), the signature of a JWT, and the bytes of a
 * base64 key as hex; TOTP secrets also in lower case and as their bytes; recovery codes also as the normalized form
 * and hash stores keep; {@code otpauth://} URIs also URL-encoded; and six-digit codes wherever they stand alone as a
 * number (not inside a longer number, a timestamp's fraction or an id); and any JWT an identity provider issued. Also
 * flags anything that looks like an Argon2 hash.
 */
final class LeakScanner {

  /** A secret found in the output: its name and the form it was found in; never the value itself. */
  record Leak(String secret, String form) {}

  /** A compact JWS: base64url header and payload starting as JSON objects do ({@code eyJ}), and a signature. */
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Map<String, String>> formsBySecret = new LinkedHashMap<>();
  private final Map<String, Pattern> codes = new LinkedHashMap<>();
  private final Map<String, String> issuers = new LinkedHashMap<>();

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

  /** A TOTP secret in base32: as it is, in lower case, and its bytes as hex, base64 and base64url. */
  LeakScanner totpSecret(String name, String base32) {
    Map<String, String> forms = forms(name);
    forms.put("as is", base32);
    forms.put("lower case", base32.toLowerCase(Locale.ROOT));
    byte[] key = base32Decode(base32);
    forms.put("bytes as hex", HexFormat.of().formatHex(key));
    forms.put("bytes as base64", Base64.getEncoder().encodeToString(key));
    forms.put("bytes as base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(key));
    return this;
  }

  /** A URI carrying a secret ({@code otpauth://}): as it is and URL-encoded, as a query parameter would carry it. */
  LeakScanner uri(String name, String value) {
    Map<String, String> forms = forms(name);
    forms.put("as is", value);
    forms.put("url-encoded", URLEncoder.encode(value, StandardCharsets.UTF_8));
    return this;
  }

  /**
   * A recovery code: as shown, and normalized (what is hashed) as it is, in upper case and as its SHA-256 in every
   * common encoding.
   */
  LeakScanner recoveryCode(String name, String shown) {
    String normalized = RecoveryCodes.normalize(shown);
    if (normalized.isEmpty()) {
      throw new IllegalArgumentException(name + " is not a recovery code");
    }
    token(name, normalized);
    Map<String, String> forms = formsBySecret.get(name);
    forms.put("as shown", shown);
    forms.put("normalized, upper case", normalized.toUpperCase(Locale.ROOT));
    return this;
  }

  /**
   * A short numeric code (a TOTP code): found where it stands alone as a number, since six digits also occur by chance
   * inside longer numbers, timestamps ({@code .123456Z}) and ids.
   */
  LeakScanner code(String name, String digits) {
    if (!digits.matches("[0-9]{4,10}")) {
      throw new IllegalArgumentException(name + " is not a numeric code");
    }
    if (formsBySecret.containsKey(name) || codes.containsKey(name)) {
      throw new IllegalArgumentException("two secrets named " + name);
    }
    codes.put(name, Pattern.compile("(?<![0-9A-Za-z._+/-])" + digits + "(?![0-9A-Za-z])"));
    return this;
  }

  /**
   * Every token an identity provider issues, which the test never sees (the provider hands them to Keyhold only):
   * found as any JWT in the output whose payload names {@code issuer} as its {@code iss}, JSON-escaped or not.
   */
  LeakScanner tokensIssuedBy(String name, String issuer) {
    if (formsBySecret.containsKey(name) || codes.containsKey(name) || issuers.containsKey(name)) {
      throw new IllegalArgumentException("two secrets named " + name);
    }
    issuers.put(name, issuer);
    return this;
  }

  int size() {
    return formsBySecret.size() + codes.size() + issuers.size();
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
    codes.forEach((name, pattern) -> {
      if (pattern.matcher(output).find()) {
        leaks.add(new Leak(name, "standing alone"));
      }
    });
    if (!issuers.isEmpty()) {
      Matcher jwt = JWT.matcher(output);
      while (jwt.find()) {
        String iss = issuerOf(jwt.group().split("\\.")[1]);
        issuers.forEach((name, issuer) -> {
          if (issuer.equals(iss)) {
            leaks.add(new Leak(name, "a JWT it issued"));
          }
        });
      }
    }
    if (output.contains("$argon2")) {
      leaks.add(new Leak("a password hash", "argon2 encoding"));
    }
    return new ArrayList<>(leaks);
  }

  /** The {@code iss} of a JWT payload, or {@code null} when it is not one. */
  private static String issuerOf(String payload) {
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(payload)).path("iss").asText(null);
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private Map<String, String> forms(String name) {
    if (formsBySecret.containsKey(name) || codes.containsKey(name)) {
      throw new IllegalArgumentException("two secrets named " + name);
    }
    Map<String, String> forms = new LinkedHashMap<>();
    formsBySecret.put(name, forms);
    return forms;
  }

  /** RFC 4648 base32, upper or lower case, padding optional. */
  static byte[] base32Decode(String text) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : text.toUpperCase(Locale.ROOT).toCharArray()) {
      if (c == '=') {
        break;
      }
      int value = alphabet.indexOf(c);
      if (value < 0) {
        throw new IllegalArgumentException("not base32: " + c);
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        bytes.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
