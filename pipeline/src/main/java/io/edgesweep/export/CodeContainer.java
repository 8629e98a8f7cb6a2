package io.edgesweep.export;

import ai.onnx.proto.OnnxMl.TensorProto;

/**
 * The ONNX integer type that holds a tensor's quantization codes.
 *
 * <p>Signed containers hold symmetric codes (zero-point 0), unsigned ones affine codes (zero-point
 * in the code range), as ONNX Runtime's quantizer pairs them. A b-bit code lives in the narrowest
 * container that holds it: 4-bit types (opset 21) for b ≤ 4 when asked, 8-bit up to 8, 16-bit
 * (also opset 21) above; the codes keep their true range and scale, so a 6-bit code in an int8
 * container still only takes 63 of its values.
 */
enum CodeContainer {
  INT4(4, true, TensorProto.DataType.INT4_VALUE),
  UINT4(4, false, TensorProto.DataType.UINT4_VALUE),
  INT8(8, true, TensorProto.DataType.INT8_VALUE),
  UINT8(8, false, TensorProto.DataType.UINT8_VALUE),
  INT16(16, true, TensorProto.DataType.INT16_VALUE),
  UINT16(16, false, TensorProto.DataType.UINT16_VALUE);

  private final int bits;
  private final boolean signed;
  private final int onnxType;

  CodeContainer(int bits, boolean signed, int onnxType) {
    this.bits = bits;
    this.signed = signed;
    this.onnxType = onnxType;
  }

  /**
   * The container of b-bit codes.
   *
   * @param int4 whether codes of 4 bits or fewer go into the 4-bit types, or into 8-bit ones
   */
  static CodeContainer of(int bits, boolean signed, boolean int4) {
    if (bits < 2 || bits > 16) {
      throw new IllegalArgumentException("no ONNX container for " + bits + "-bit codes");
    }
    int width = bits <= 4 && int4 ? 4 : bits <= 8 ? 8 : 16;
    for (CodeContainer c : values()) {
      if (c.bits == width && c.signed == signed) {
        return c;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  int bits() {
    return bits;
  }

  int onnxType() {
    return onnxType;
  }

  int min() {
    return signed ? -(1 << (bits - 1)) : 0;
  }

  int max() {
    return signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
  }
}
