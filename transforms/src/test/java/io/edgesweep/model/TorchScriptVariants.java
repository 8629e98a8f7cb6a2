package io.edgesweep.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * TorchScript modules with faulty outputs, made from the committed MLP fixture by rewriting the
 * TorchScript source in its archive (libtorch compiles that source when it loads the module), so no
 * Python is needed to make them.
 */
final class TorchScriptVariants {
  static final Path FIXTURE = Path.of("src/test/resources/torchscript/compress-mlp-784-32-10.pt");
  private static final String RETURN = "    return _0\n";

  private TorchScriptVariants() {}

  /** The fixture whose forward returns {@code expression} of its scores {@code _0}, declared {@code type}. */
  static byte[] returning(String type, String expression) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean edited = false;
    try (ZipFile in = new ZipFile(FIXTURE.toFile());
        ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (ZipEntry entry : java.util.Collections.list(in.entries())) {
        byte[] content;
        try (var stream = in.getInputStream(entry)) {
          content = stream.readAllBytes();
        }
        if (entry.getName().endsWith(".debug_pkl")) {
          continue; // source positions of the original code; optional, and wrong once the code changes
        }
        if (entry.getName().endsWith("code/__torch__.py")) {
          String code = new String(content, StandardCharsets.UTF_8);
          if (!code.contains(RETURN) || !code.contains("-> Tensor:")) {
            throw new IllegalStateException("the fixture's forward changed: " + code);
          }
          code = code.replace("-> Tensor:", "-> " + type + ":").replace(RETURN, "    return " + expression + "\n");
          content = code.getBytes(StandardCharsets.UTF_8);
          edited = true;
        }
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setMethod(ZipEntry.STORED);
        copy.setSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        copy.setCrc(crc.getValue());
        out.putNextEntry(copy);
        out.write(content);
        out.closeEntry();
      }
    }
    if (!edited) {
      throw new IllegalStateException("no code/__torch__.py in " + FIXTURE);
    }
    return bytes.toByteArray();
  }
}
