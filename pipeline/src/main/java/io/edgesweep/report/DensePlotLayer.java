package io.edgesweep.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Annotation;

/**
 * The points of a plot with thousands of variants: the many drawn into one image, the few that
 * matter (the Pareto front with its confidence bars, and the pick) drawn as vectors on top.
 *
 * <p>A vector shape per variant makes a 12,960-variant report weigh about 90 MB and take seconds
 * to open; one PNG of the plot area is a few tens of kilobytes whatever the count, and still shows
 * every variant. The image is drawn at {@link #SCALE} times the plot's size so that it stays sharp
 * on a high-density screen, with translucent markers so that where variants pile up the colour
 * darkens. XChart paints annotations after its series and legend, so the front is drawn here again
 * above the image (its XChart series stays, for the legend).
 */
final class DensePlotLayer extends Annotation {
  static final int SCALE = 1;

  /** One variant drawn into the image. */
  record Dot(double x, double y, Color color, boolean cross) {}

  /** One front member: its point and its interval's ends, in data coordinates. */
  record Member(double x, double y, double low, double high) {}

  private final List<Dot> dots;
  private final List<Member> front;
  private final Member pick;
  private final Color frontColor;
  private final Color pickColor;

  DensePlotLayer(List<Dot> dots, List<Member> front, Member pick, Color frontColor, Color pickColor) {
    super(false);
    this.dots = List.copyOf(dots);
    this.front = List.copyOf(front);
    this.pick = pick;
    this.frontColor = frontColor;
    this.pickColor = pickColor;
  }

  @Override
  public void paint(Graphics2D g) {
    if (!isVisible) {
      return;
    }
    int left = Math.min(getXAxisScreenValueForMin(), getXAxisScreenValueForMax());
    int right = Math.max(getXAxisScreenValueForMin(), getXAxisScreenValueForMax());
    int top = Math.min(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
    int bottom = Math.max(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
    int width = Math.max(1, right - left);
    int height = Math.max(1, bottom - top);
    bounds = new Rectangle2D.Double(left, top, width, height);
    double[] sx = new double[dots.size()];
    double[] sy = new double[dots.size()];
    for (int i = 0; i < dots.size(); i++) {
      sx[i] = getXAxisScreenValue(dots.get(i).x()) - left;
      sy[i] = getYAxisScreenValue(dots.get(i).y()) - top;
    }
    g.drawImage(image(dots, sx, sy, width, height), left, top, width, height, null);
    paintFront(g);
  }

  /**
   * The dots drawn into a transparent image of the plot area at {@link #SCALE}×; {@code sx}/{@code sy}
   * are their positions in the plot area, in screen pixels.
   */
  static BufferedImage image(List<Dot> dots, double[] sx, double[] sy, int width, int height) {
    BufferedImage image = new BufferedImage(width * SCALE, height * SCALE, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    try {
      // Each kind of marker (colour, dot or cross) is drawn once into a small image, and that image
      // is stamped at every variant's pixel: rasterising a shape per variant (a stroked cross goes
      // through Java2D's span renderer with alpha compositing) took 3.3 CPU-seconds for the plots of
      // a 12,960-variant sweep. A marker lands on the nearest whole pixel, at most half a pixel from
      // where a shape of its own would have.
      Map<MarkerKind, BufferedImage> markers = new HashMap<>();
      for (int i = 0; i < dots.size(); i++) {
        Dot d = dots.get(i);
        BufferedImage marker = markers.computeIfAbsent(new MarkerKind(d.color(), d.cross()), DensePlotLayer::marker);
        int x = (int) Math.round(sx[i] * SCALE) - MARKER_CENTRE;
        int y = (int) Math.round(sy[i] * SCALE) - MARKER_CENTRE;
        g.drawImage(marker, x, y, null);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Where a marker's centre is in its image, in pixels from its top left corner. */
  private static final int MARKER_CENTRE = (int) Math.ceil(2.5 * SCALE) + 2;

  /** What a dominated variant's marker looks like: its colour, and a cross or a dot. */
  private record MarkerKind(Color color, boolean cross) {}

  /** One marker centred at ({@link #MARKER_CENTRE}, {@link #MARKER_CENTRE}) in an image of its own. */
  private static BufferedImage marker(MarkerKind kind) {
    int size = 2 * MARKER_CENTRE + 1;
    BufferedImage marker = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = marker.createGraphics();
    try {
      // Hard edges and one alpha: the image holds a handful of distinct colours, which PNG
      // compresses several times better than anti-aliased edges' many.
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
      g.setStroke(new BasicStroke(1.2f * SCALE));
      g.setColor(new Color(kind.color().getRed(), kind.color().getGreen(), kind.color().getBlue(), 150));
      double r = 2.5 * SCALE;
      double c = MARKER_CENTRE;
      if (kind.cross()) {
        g.draw(new Line2D.Double(c - r, c - r, c + r, c + r));
        g.draw(new Line2D.Double(c - r, c + r, c + r, c - r));
      } else {
        g.fill(new Ellipse2D.Double(c - r, c - r, 2 * r, 2 * r));
      }
    } finally {
      g.dispose();
    }
    return marker;
  }

  private void paintFront(Graphics2D g) {
    Color bar = new Color(frontColor.getRed(), frontColor.getGreen(), frontColor.getBlue(), 140);
    g.setStroke(new BasicStroke(1f));
    g.setColor(bar);
    for (Member m : front) {
      int x = getXAxisScreenValue(m.x());
      g.draw(new Line2D.Double(x, getYAxisScreenValue(m.low()), x, getYAxisScreenValue(m.high())));
    }
    g.setColor(frontColor);
    if (front.size() > 1) {
      Path2D.Double line = new Path2D.Double();
      for (int i = 0; i < front.size(); i++) {
        double x = getXAxisScreenValue(front.get(i).x());
        double y = getYAxisScreenValue(front.get(i).y());
        if (i == 0) {
          line.moveTo(x, y);
        } else {
          line.lineTo(x, y);
        }
      }
      g.setStroke(new BasicStroke(2f));
      g.draw(line);
    }
    for (Member m : front) {
      double x = getXAxisScreenValue(m.x());
      double y = getYAxisScreenValue(m.y());
      g.fill(new Ellipse2D.Double(x - 3.5, y - 3.5, 7, 7));
    }
    if (pick != null) {
      double x = getXAxisScreenValue(pick.x());
      double y = getYAxisScreenValue(pick.y());
      Path2D.Double diamond = new Path2D.Double();
      diamond.moveTo(x, y - 4.5);
      diamond.lineTo(x + 4.5, y);
      diamond.lineTo(x, y + 4.5);
      diamond.lineTo(x - 4.5, y);
      diamond.closePath();
      g.setColor(pickColor);
      g.fill(diamond);
    }
  }
}
