package io.edgesweep.evaluate;

import io.edgesweep.spec.Names;

/**
 * The kinds of device a model is picked for, as the report groups them.
 *
 * <p>{@code host} is the machine running the sweep: the one device whose estimates can be checked
 * against measured latency.
 */
public enum DeviceClass {
  MCU("mcu"),
  SBC("sbc"),
  PHONE("phone"),
  EDGE_GPU("edge-gpu"),
  SERVER("server"),
  HOST("host");

  private final String yamlName;

  DeviceClass(String yamlName) {
    this.yamlName = yamlName;
  }

  /** The spelling used in device-profile YAML files and reports. */
  public String yamlName() {
    return yamlName;
  }

  static DeviceClass parse(String text, String source, String field) {
    return Names.parse(DeviceClass.class, DeviceClass::yamlName, text, source, field, "device class");
  }

  @Override
  public String toString() {
    return yamlName;
  }
}
