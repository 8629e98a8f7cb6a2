package io.edgesweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlReportTest {
  @Test
  void pathCoordinatesAreRoundedToHundredthsAndShortOnesKept() {
    assertThat(HtmlReport.roundCoordinates("M-6.015625,-0.328125 L1.5,2.125 Q0.0049,-0.004 12.999 Z"))
        .isEqualTo("M-6.02,-0.33 L1.5,2.12 Q0,0 13 Z");
  }

  @Test
  void anSvgPathIsRoundedWhenInlinedAndItsIdsPrefixed() {
    String svg = "<?xml version=\"1.0\"?><svg width=\"10\"><path id=\"a\" d=\"M1.23456,7.891\"/><use href=\"#a\"/></svg>";
    assertThat(HtmlReport.inline(svg, "p", "t"))
        .contains("d=\"M1.23,7.89\"", "id=\"p-a\"", "href=\"#p-a\"", "<title id=\"p-title\">t</title>")
        .doesNotContain("<?xml");
  }
}
