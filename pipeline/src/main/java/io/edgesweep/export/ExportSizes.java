package io.edgesweep.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A pick's size three ways: the bytes the cost model counts for the device (what its bundle
 * holds), the ONNX file, and the ONNX file gzipped.
 *
 * <p>They differ for reasons docs/export.md spells out: ONNX holds sub-8-bit codes in 4- or 8-bit
 * containers and sparse weights densely, and adds names, shapes and metadata; gzip recovers part of
 * what the containers and the zeros waste.
 *
 * @param bundleBytes the device-format bytes the cost model counts
 * @param onnxBytes the size of model.onnx
 * @param onnxGzipBytes model.onnx gzipped at the best compression level
 */
public record ExportSizes(long bundleBytes, long onnxBytes, long onnxGzipBytes) {
  public static ExportSizes of(long bundleBytes, byte[] onnx) {
    return new ExportSizes(bundleBytes, onnx.length, gzipSize(onnx));
  }

  /** The gzip size of {@code bytes} at level 9 (gzip -9). */
  public static long gzipSize(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
          {
            def.setLevel(Deflater.BEST_COMPRESSION);
          }
        }) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.size();
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bundle_bytes", bundleBytes);
    m.put("onnx_bytes", onnxBytes);
    m.put("onnx_gzip_bytes", onnxGzipBytes);
    return m;
  }
}
