package dev.keyhold.adapter.http;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's description of itself: the OpenAPI document, and Swagger UI showing it. Swagger UI comes from the
 * {@code org.webjars:swagger-ui} jar, with Keyhold's own page and initializer script, so the browser loads nothing
 * from anywhere else (the pages' {@link #CONTENT_SECURITY_POLICY} would refuse it). Only the files named in
 * {@link #ASSETS} are served, looked up by exact name: no request can reach any other resource.
 */
final class DocsRoutes {

  static final String DOCUMENT_PATH = "/api/v1/openapi.json";
  static final String PAGE_PATH = "/api/v1/docs";

  /**
   * Scripts, styles, images and requests from this origin only, and {@code data:} images, which Swagger UI draws its
   * icons with. No inline script or style, no eval, no plugins, no framing. {@code SwaggerUiBrowserTest} shows that
   * Swagger UI needs no more.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
      + "style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
      + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** The files under {@value #PAGE_PATH}, by name, with their media types. */
  static final Map<String, String> ASSETS = Map.of(
      "swagger-ui.css", "text/css;charset=utf-8",
      "index.css", "text/css;charset=utf-8",
      "swagger-ui-bundle.js", "text/javascript;charset=utf-8",
      "swagger-ui-bundle.js.LICENSE.txt", "text/plain;charset=utf-8",
      "swagger-initializer.js", "text/javascript;charset=utf-8",
      "favicon-16x16.png", "image/png",
      "favicon-32x32.png", "image/png");

  /** Keyhold's own files, which replace the webjar's of the same name. */
  private static final String OWN = "dev/keyhold/adapter/http/docs/";
  private static final String PAGE = "index.html";
  private static final String INITIALIZER = "swagger-initializer.js";
  private static final String WEBJAR_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
  private static final Logger LOG = LoggerFactory.getLogger(DocsRoutes.class);

  private final byte[] document;
  private final ClassLoader resources;
  /** Where the webjar keeps Swagger UI, or empty when it is not on the class path. */
  private final Optional<String> webjar;
  private final Map<String, Optional<byte[]>> loaded = new ConcurrentHashMap<>();

  DocsRoutes(byte[] document) {
    this(document, DocsRoutes.class.getClassLoader());
  }

  /** @param resources where to find Keyhold's own files and the webjar */
  DocsRoutes(byte[] document, ClassLoader resources) {
    this.document = document.clone();
    this.resources = resources;
    this.webjar = webjarRoot(resources);
    if (webjar.isEmpty()) {
      LOG.warn("The org.webjars:swagger-ui jar is not on the class path: {} answers 404; {} still works",
          PAGE_PATH, DOCUMENT_PATH);
    }
  }

  /** The OpenAPI document; it changes only with Keyhold itself, so caches may keep it for a minute. */
  void document(Context ctx) {
    ctx.header("Cache-Control", "public, max-age=60");
    ctx.contentType("application/json").result(document);
  }

  /** Swagger UI's page, at {@value #PAGE_PATH} and {@value #PAGE_PATH}/ alike (its links are absolute). */
  void page(Context ctx) {
    serve(ctx, PAGE, "text/html;charset=utf-8", "no-cache");
  }

  /** One of {@link #ASSETS}; anything else is the 404 of an unknown path. */
  void asset(Context ctx) {
    String name = ctx.pathParam("asset");
    String type = ASSETS.get(name);
    if (type == null) {
      throw new NotFoundResponse();
    }
    serve(ctx, name, type, "public, max-age=3600");
  }

  private void serve(Context ctx, String name, String type, String cacheControl) {
    if (webjar.isEmpty()) {
      throw new NotFoundResponse();
    }
    byte[] content = loaded.computeIfAbsent(name, this::load).orElseThrow(NotFoundResponse::new);
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", cacheControl);
    ctx.contentType(type).result(content);
  }

  /** The file's bytes, or empty when the jar lacks it (a webjar version without one of {@link #ASSETS}). */
  private Optional<byte[]> load(String name) {
    String resource = name.equals(PAGE) || name.equals(INITIALIZER) ? OWN + name : webjar.orElseThrow() + name;
    try (InputStream in = resources.getResourceAsStream(resource)) {
      if (in == null) {
        LOG.warn("{} is missing from the class path; {}/{} answers 404", resource, PAGE_PATH, name);
        return Optional.empty();
      }
      return Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static Optional<String> webjarRoot(ClassLoader resources) {
    try (InputStream in = resources.getResourceAsStream(WEBJAR_PROPERTIES)) {
      if (in == null) {
        return Optional.empty();
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version");
      return version == null ? Optional.empty()
          : Optional.of("META-INF/resources/webjars/swagger-ui/" + version + "/");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + WEBJAR_PROPERTIES, e);
    }
  }
}
