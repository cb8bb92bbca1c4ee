package io.convstore.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Line charts written as PNG by the benchmark (headless Java2D: no chart library, no display needed). */
final class BenchCharts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd)};

    /** One line: its label, x values and y values (same length). */
    record Series(String label, double[] x, double[] y) {}

    private BenchCharts() {}

    static void write(Path file, String title, String xLabel, String yLabel, List<Series> series) throws Exception {
        System.setProperty("java.awt.headless", "true");
        double maxX = 1e-9;
        double maxY = 1e-9;
        for (Series s : series) {
            for (double v : s.x()) {
                maxX = Math.max(maxX, v);
            }
            for (double v : s.y()) {
                maxY = Math.max(maxY, v);
            }
        }
        maxY = niceCeiling(maxY);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            int y = TOP + plotH - plotH * i / 5;
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.DARK_GRAY);
            String label = format(maxY * i / 5);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
            int x = LEFT + plotW * i / 5;
            String xl = format(maxX * i / 5);
            g.drawString(xl, x - g.getFontMetrics().stringWidth(xl) / 2, TOP + plotH + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, TOP - 15);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(xLabel, LEFT + plotW / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, HEIGHT - 20);
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + plotH / 2 + g.getFontMetrics().stringWidth(yLabel) / 2), 18);
        g.rotate(Math.PI / 2);
        g.setStroke(new BasicStroke(2f));
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            g.setColor(COLORS[s % COLORS.length]);
            for (int i = 1; i < line.x().length; i++) {
                g.drawLine(px(line.x()[i - 1], maxX, plotW), py(line.y()[i - 1], maxY, plotH),
                        px(line.x()[i], maxX, plotW), py(line.y()[i], maxY, plotH));
            }
            int legendY = TOP + 18 + 16 * s;
            g.fillRect(LEFT + 12, legendY - 9, 14, 4);
            g.drawString(line.label(), LEFT + 32, legendY - 3);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static int px(double x, double maxX, int plotW) {
        return LEFT + (int) Math.round(plotW * x / maxX);
    }

    private static int py(double y, double maxY, int plotH) {
        return TOP + plotH - (int) Math.round(plotH * Math.min(y, maxY) / maxY);
    }

    private static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(double v) {
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
    }
}
