package io.edgesweep.evaluate;

import io.edgesweep.spec.Names;

/**
 * The kinds of device a model is picked for, as the report groups them.
 *
 * <p>{@code host} is the machine running the sweep: the one device whose estimates can be checked
 * against measured latency.
 */
public enum DeviceClass {
  MCU,
  SBC,
  PHONE,
  EDGE_GPU,
  SERVER,
  HOST;

  /** The spelling used in device-profile YAML files and reports. */
  public String yamlName() {
    return Names.of(this);
  }

  static DeviceClass parse(String text, String source, String field) {
    return Names.parse(DeviceClass.class, text, source, field, "device class");
  }

  @Override
  public String toString() {
    return Names.of(this);
  }
}
