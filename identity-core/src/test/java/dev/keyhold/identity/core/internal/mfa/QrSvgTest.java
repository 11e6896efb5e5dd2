package dev.keyhold.identity.core.internal.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QrSvgTest {

  private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
  private static final Pattern MODULE = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z");

  @Test
  void the_image_scans_back_to_the_uri() throws Exception {
    String uri = "otpauth://totp/Keyhold:ada%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Keyhold"
        + "&algorithm=SHA1&digits=6&period=30";

    String svg = QrSvg.of(uri);

    assertThat(new QRCodeReader().decode(rasterize(svg)).getText()).isEqualTo(uri);
  }

  @Test
  void the_image_is_a_plain_svg_with_a_quiet_zone_and_nothing_active() {
    String svg = QrSvg.of("otpauth://totp/x:y?secret=AAAA");

    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>")
        .doesNotContain("<script", "href", "<text", "<image");
    Matcher modules = MODULE.matcher(svg);
    int minX = Integer.MAX_VALUE;
    while (modules.find()) {
      minX = Math.min(minX, Integer.parseInt(modules.group(1)));
    }
    assertThat(minX).as("four light modules before the first dark one").isEqualTo(4);
  }

  /** Draws the SVG's unit squares, eight pixels per module, and binarizes the result as a scanner would. */
  private static BinaryBitmap rasterize(String svg) {
    Matcher box = VIEW_BOX.matcher(svg);
    assertThat(box.find()).isTrue();
    int scale = 8;
    int width = Integer.parseInt(box.group(1)) * scale;
    int height = Integer.parseInt(box.group(2)) * scale;
    int[] pixels = new int[width * height];
    java.util.Arrays.fill(pixels, 0xFFFFFF);
    Matcher module = MODULE.matcher(svg);
    while (module.find()) {
      int x0 = Integer.parseInt(module.group(1)) * scale;
      int y0 = Integer.parseInt(module.group(2)) * scale;
      for (int y = y0; y < y0 + scale; y++) {
        for (int x = x0; x < x0 + scale; x++) {
          pixels[y * width + x] = 0;
        }
      }
    }
    return new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
  }
}
