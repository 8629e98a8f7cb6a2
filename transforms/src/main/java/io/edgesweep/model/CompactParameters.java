package io.edgesweep.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgesweep.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The artifact store's file for a quantized model's parameters: weight codes bit-packed at the
 * width they need, with their scales and zero-points, and the other tensors (biases) in float32.
 *
 * <p>The store keeps this in place of a float32 {@code parameters.safetensors} so that it grows
 * with trained models, not with quantized leaves: a b-bit weight takes b bits instead of 32. It is
 * lossless: reading decodes the exact float32 values ({@link WeightCodes#values()}), and {@link
 * ModelArtifact#fromFiles} then checks their safetensors encoding against the SHA-256 in the
 * manifest, so a model read back is byte for byte the one that was evaluated. Model folders
 * written for users keep {@code parameters.safetensors}, which Python can load.
 *
 * <p>Layout: an 8-byte little-endian header length, a JSON header listing each tensor (name, shape,
 * float32 or codes; for codes the width in bits, the smallest code, half or integer, the channel
 * count) and the body's length, then the body compressed with DEFLATE (java.util.zip; pruned
 * models' codes are mostly one value, and even dense codes are far from uniform). The body holds
 * each tensor's data in the header's order: float32 values; or scales (float32), zero-points
 * (int32) and the codes minus the smallest, packed least significant bit first.
 */
public final class CompactParameters {
  public static final String FORMAT = "edgesweep-codes/1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private CompactParameters() {}

  /** Encodes {@code parameters}, taking the tensors named in {@code codes} from their codes. */
  public static byte[] encode(ParameterSet parameters, Map<String, WeightCodes> codes) {
    ObjectNode header = JSON.createObjectNode().put("format", FORMAT);
    ArrayNode list = header.putArray("tensors");
    ByteBuffer body = ByteBuffer.allocate(bodyCapacity(parameters)).order(ByteOrder.LITTLE_ENDIAN);
    for (String name : parameters.names()) {
      ObjectNode node = list.addObject().put("name", name);
      WeightCodes c = codes.get(name);
      Tensor tensor = parameters.get(name);
      int[] shape = c == null ? tensor.shape() : c.shape();
      ArrayNode shapeNode = node.putArray("shape");
      for (int d : shape) {
        shapeNode.add(d);
      }
      if (c == null) {
        node.put("encoding", "f32");
        for (float v : tensor.values()) {
          body.putFloat(v);
        }
        continue;
      }
      int min = Integer.MAX_VALUE;
      int max = Integer.MIN_VALUE;
      for (int code : c.codes()) {
        min = Math.min(min, code);
        max = Math.max(max, code);
      }
      int width = c.codes().length == 0 ? 1 : Math.max(1, 32 - Integer.numberOfLeadingZeros(max - min));
      node.put("encoding", "codes").put("half", c.half()).put("bits", width).put("min", c.codes().length == 0 ? 0 : min)
          .put("channels", c.scales().length);
      for (float s : c.scales()) {
        body.putFloat(s);
      }
      for (int z : c.zeroPoints()) {
        body.putInt(z);
      }
      body.put(pack(c.codes(), c.codes().length == 0 ? 0 : min, width));
    }
    header.put("body_bytes", body.position());
    byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
    byte[] deflated = deflate(body.array(), body.position());
    ByteBuffer out = ByteBuffer.allocate(8 + headerBytes.length + deflated.length).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(headerBytes.length).put(headerBytes).put(deflated);
    return out.array();
  }

  /** Decodes the float32 parameters; {@code source} names the file in errors. */
  public static ParameterSet decode(byte[] bytes, String source) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      long headerLength = in.getLong();
      if (headerLength < 0 || headerLength > in.remaining()) {
        throw new InvalidInputException(source, null, "header length " + headerLength + " exceeds the file's " + bytes.length + " bytes");
      }
      byte[] headerBytes = new byte[(int) headerLength];
      in.get(headerBytes);
      JsonNode header = JSON.readTree(headerBytes);
      if (!FORMAT.equals(header.path("format").asText())) {
        throw new InvalidInputException(source, "format", "is '" + header.path("format").asText() + "', this edgesweep reads " + FORMAT);
      }
      in = ByteBuffer.wrap(inflate(bytes, in.position(), header.path("body_bytes").asLong(-1), source)).order(ByteOrder.LITTLE_ENDIAN);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (JsonNode node : header.path("tensors")) {
        String name = node.path("name").asText();
        int[] shape = new int[node.path("shape").size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
          shape[i] = node.path("shape").get(i).asInt();
          count *= shape[i];
        }
        if (count < 0 || count > in.capacity() * 8L) {
          throw new InvalidInputException(source, name, "shape holds more values than the data has bits");
        }
        int n = (int) count;
        if (node.path("encoding").asText().equals("f32")) {
          float[] values = new float[n];
          in.asFloatBuffer().get(values);
          in.position(in.position() + 4 * n);
          tensors.put(name, new Tensor(shape, values));
          continue;
        }
        int channels = node.path("channels").asInt();
        int width = node.path("bits").asInt();
        if (channels < 0 || channels > n || width < 1 || width > 32) {
          throw new InvalidInputException(source, name, channels + " channels of " + width + "-bit codes do not fit " + n + " values");
        }
        float[] scales = new float[channels];
        int[] zeroPoints = new int[channels];
        for (int c = 0; c < channels; c++) {
          scales[c] = in.getFloat();
        }
        for (int c = 0; c < channels; c++) {
          zeroPoints[c] = in.getInt();
        }
        int[] codes = unpack(in, n, node.path("min").asInt(), width);
        tensors.put(name, new WeightCodes(shape, node.path("half").asBoolean(), codes, scales, zeroPoints).values());
      }
      if (in.hasRemaining()) {
        throw new InvalidInputException(source, null, in.remaining() + " bytes after the last tensor");
      }
      return new ParameterSet(tensors);
    } catch (IOException | BufferUnderflowException | IllegalArgumentException e) {
      throw new InvalidInputException(source, null, "not a valid " + FORMAT + " file: " + e, e);
    }
  }

  private static byte[] deflate(byte[] body, int length) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    try {
      deflater.setInput(body, 0, length);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(length / 2 + 64);
      byte[] chunk = new byte[64 * 1024];
      while (!deflater.finished()) {
        out.write(chunk, 0, deflater.deflate(chunk));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static byte[] inflate(byte[] bytes, int offset, long length, String source) {
    if (length < 0 || length > Integer.MAX_VALUE - 8) {
      throw new InvalidInputException(source, "body_bytes", "missing or out of range: " + length);
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(bytes, offset, bytes.length - offset);
      byte[] body = new byte[(int) length];
      int read = 0;
      while (read < body.length && !inflater.finished()) {
        int n = inflater.inflate(body, read, body.length - read);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        read += n;
      }
      if (read != body.length || !inflater.finished()) {
        throw new InvalidInputException(source, null, "its compressed data ends after " + read + " of " + length + " bytes or runs past them");
      }
      return body;
    } catch (DataFormatException e) {
      throw new InvalidInputException(source, null, "its compressed data is corrupt: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  private static int bodyCapacity(ParameterSet parameters) {
    long bytes = 0;
    for (String name : parameters.names()) {
      Tensor t = parameters.get(name);
      // Float32 values, or at most 32-bit codes plus a scale and zero-point per row.
      bytes += 4L * t.size() + 8L * (t.rank() == 0 ? 1 : t.dim(0)) + 8;
    }
    return Math.toIntExact(bytes);
  }

  private static byte[] pack(int[] codes, int min, int width) {
    byte[] packed = new byte[(int) ((codes.length * (long) width + 7) / 8)];
    long bit = 0;
    for (int code : codes) {
      long offset = (code - (long) min) & 0xffffffffL;
      for (int b = 0; b < width; b++, bit++) {
        if (((offset >>> b) & 1) != 0) {
          packed[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
        }
      }
    }
    return packed;
  }

  private static int[] unpack(ByteBuffer in, int count, int min, int width) {
    byte[] packed = new byte[(int) ((count * (long) width + 7) / 8)];
    in.get(packed);
    int[] codes = new int[count];
    long bit = 0;
    for (int i = 0; i < count; i++) {
      long offset = 0;
      for (int b = 0; b < width; b++, bit++) {
        offset |= (long) ((packed[(int) (bit >>> 3)] >>> (bit & 7)) & 1) << b;
      }
      codes[i] = (int) (min + offset);
    }
    return codes;
  }
}
