package io.edgesweep.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgesweep.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes parameters in the safetensors format (Hugging Face), float32 only.
 *
 * <p>Chosen so that a user can open any edgesweep model in Python with
 * {@code safetensors.torch.load_file} and check its numbers. The layout is an 8-byte
 * little-endian header length, a JSON header of name to dtype, shape and byte offsets, then the
 * raw little-endian data. Tensors are written in the set's order and the header without spaces,
 * so the same parameters give the same bytes and the same SHA-256.
 */
public final class SafetensorsFormat {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SafetensorsFormat() {}

  public static byte[] encode(ParameterSet parameters, Map<String, String> metadata) {
    ObjectNode header = JSON.createObjectNode();
    if (metadata != null && !metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      new TreeMap<>(metadata).forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> entry : parameters.asMap().entrySet()) {
      Tensor t = entry.getValue();
      ObjectNode node = header.putObject(entry.getKey());
      node.put("dtype", "F32");
      ArrayNode shape = node.putArray("shape");
      for (int d : t.shape()) {
        shape.add(d);
      }
      ArrayNode offsets = node.putArray("data_offsets");
      offsets.add(offset);
      offset += 4L * t.size();
      offsets.add(offset);
    }
    byte[] headerBytes;
    try {
      headerBytes = JSON.writeValueAsBytes(header);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    int padding = (8 - headerBytes.length % 8) % 8;
    int headerLength = headerBytes.length + padding;
    ByteBuffer buffer = ByteBuffer.allocate((int) (8 + headerLength + offset)).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(headerLength);
    buffer.put(headerBytes);
    for (int i = 0; i < padding; i++) {
      buffer.put((byte) ' ');
    }
    for (Tensor t : parameters.asMap().values()) {
      for (float v : t.values()) {
        buffer.putFloat(v);
      }
    }
    return buffer.array();
  }

  /** The parameters and the {@code __metadata__} entries of a safetensors file. */
  public record Decoded(ParameterSet parameters, Map<String, String> metadata) {}

  public static Decoded decode(byte[] bytes, String source) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 8) {
      throw new InvalidInputException(source, "header", "not a safetensors file: shorter than 8 bytes");
    }
    long headerLength = buffer.getLong();
    if (headerLength <= 0 || headerLength > bytes.length - 8) {
      throw new InvalidInputException(source, "header", "not a safetensors file: header length " + headerLength);
    }
    JsonNode header;
    try {
      header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InvalidInputException(source, "header", "not a safetensors file: header is not JSON");
    }
    int dataStart = 8 + (int) headerLength;
    LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      JsonNode node = entry.getValue();
      if (name.equals("__metadata__")) {
        node.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
        continue;
      }
      if (!"F32".equals(node.path("dtype").asText())) {
        throw new InvalidInputException(source, name, "dtype " + node.path("dtype").asText() + " is not supported; edgesweep stores F32");
      }
      JsonNode shapeNode = node.path("shape");
      int[] shape = new int[shapeNode.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shapeNode.get(i).asInt();
      }
      long begin = node.path("data_offsets").path(0).asLong(-1);
      long end = node.path("data_offsets").path(1).asLong(-1);
      long expected = 4;
      for (int d : shape) {
        expected *= d;
      }
      if (begin < 0 || end - begin != expected || dataStart + end > bytes.length) {
        throw new InvalidInputException(source, name, "data offsets [" + begin + ", " + end + ") do not fit shape or file");
      }
      float[] values = new float[(int) (expected / 4)];
      ByteBuffer slice = ByteBuffer.wrap(bytes, dataStart + (int) begin, (int) expected).order(ByteOrder.LITTLE_ENDIAN);
      slice.asFloatBuffer().get(values);
      tensors.put(name, new Tensor(shape, values));
    }
    return new Decoded(new ParameterSet(tensors), metadata);
  }
}
